import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { startYouTubeFake, YT_CAST, type YouTubeFake } from '../../../src/main/features/connectors/youtube/fake-server'
import { checkValue, discoveryDocument } from '../../support/spec-check'

const discovery = JSON.parse(readFileSync(new URL('../../fixtures/youtube/youtube-v3.json', import.meta.url), 'utf8')) as { schemas: Record<string, Record<string, unknown>> }
const doc = discoveryDocument(discovery)

/** Which discovery schema each method answers with (the document's resources section). */
const RESPONSE_SCHEMA: Record<string, string | null> = {
  'channels.list': 'ChannelListResponse',
  'commentThreads.list': 'CommentThreadListResponse',
  'comments.list': 'CommentListResponse',
  'comments.insert': 'Comment',
  'comments.setModerationStatus': null,
}

/** Google's documented error body (developers.google.com/youtube/v3/docs/errors); not in the discovery document. */
const googleError = z
  .object({
    error: z
      .object({
        code: z.number().int(),
        message: z.string(),
        errors: z.array(z.object({ message: z.string(), domain: z.string(), reason: z.string(), location: z.string().optional(), locationType: z.string().optional() }).strict()).min(1),
        status: z.string().optional(),
      })
      .strict(),
  })
  .strict()

const open: YouTubeFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

async function call(f: YouTubeFake, path: string, init: RequestInit = {}, token = f.tokens.accessToken): Promise<Response> {
  return fetch(`${f.url}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } })
}

/** Drives every answer the fake can give: each method's success, its pages, and each error it knows. */
async function exercise(f: YouTubeFake): Promise<void> {
  const channel = f.state.brand.id
  for (let i = 0; i < 25; i++) f.addComment({ author: YT_CAST.ines, text: `Comment ${i}`, at: Date.now() - i * 1000 })
  const top = f.state.threads('published')[0]!
  for (let i = 0; i < 7; i++) f.addComment({ author: YT_CAST.marco, text: `Reply ${i}`, parentId: top.id })
  await call(f, '/youtube/v3/channels?part=snippet&mine=true')
  await call(f, '/youtube/v3/channels?part=snippet')
  const first = (await (await call(f, `/youtube/v3/commentThreads?part=snippet,replies&allThreadsRelatedToChannelId=${channel}&order=time&maxResults=20`)).json()) as { nextPageToken?: string }
  await call(f, `/youtube/v3/commentThreads?part=snippet,replies&allThreadsRelatedToChannelId=${channel}&order=time&pageToken=${first.nextPageToken}`)
  await call(f, `/youtube/v3/commentThreads?part=snippet,replies&allThreadsRelatedToChannelId=${channel}&moderationStatus=heldForReview`)
  await call(f, `/youtube/v3/commentThreads?part=snippet&allThreadsRelatedToChannelId=UCsomeoneElse`)
  await call(f, `/youtube/v3/comments?part=snippet&parentId=${top.id}&maxResults=5`)
  await call(f, `/youtube/v3/comments?part=snippet&parentId=nope`)
  await call(f, '/youtube/v3/comments?part=snippet', { method: 'POST', body: JSON.stringify({ snippet: { parentId: top.id, textOriginal: 'Thanks!' } }) })
  await call(f, '/youtube/v3/comments?part=snippet', { method: 'POST', body: JSON.stringify({ snippet: { parentId: 'nope', textOriginal: 'x' } }) })
  await call(f, '/youtube/v3/comments?part=snippet', { method: 'POST', body: '{not json' })
  await call(f, '/youtube/v3/comments?part=snippet', { method: 'POST', body: JSON.stringify({ snippet: { parentId: top.id, textOriginal: '  ' } }) })
  const reply = f.state.replies(top.id)[0]!
  await call(f, '/youtube/v3/comments?part=snippet', { method: 'POST', body: JSON.stringify({ snippet: { parentId: reply.id, textOriginal: 'deep' } }) })
  await call(f, `/youtube/v3/comments/setModerationStatus?id=${top.id}&moderationStatus=rejected&banAuthor=true`, { method: 'POST' })
  await call(f, `/youtube/v3/comments/setModerationStatus?id=${top.id}&moderationStatus=published&banAuthor=true`, { method: 'POST' })
  await call(f, `/youtube/v3/comments/setModerationStatus?id=${top.id}&moderationStatus=likelySpam`, { method: 'POST' })
  await call(f, `/youtube/v3/comments/setModerationStatus?id=nope&moderationStatus=rejected`, { method: 'POST' })
  await call(f, '/youtube/v3/channels?part=snippet&mine=true', {}, 'wrong-token')
  f.setQuota(f.state.unitsUsed)
  await call(f, '/youtube/v3/channels?part=snippet&mine=true')
}

describe('the YouTube fake answers as the discovery document describes', () => {
  it('every success body matches its method schema, every error matches Google’s error shape', async () => {
    const f = await startYouTubeFake()
    open.push(f)
    await exercise(f)
    const methods = new Set(f.answers.map((a) => a.method))
    expect([...methods].sort()).toEqual(Object.keys(RESPONSE_SCHEMA).sort())
    const statuses = new Set(f.answers.map((a) => a.status))
    expect([...statuses].sort()).toEqual([200, 204, 400, 401, 403, 404])
    const problems: string[] = []
    for (const a of f.answers) {
      if (a.status === 204) {
        expect(RESPONSE_SCHEMA[a.method]).toBeNull()
        expect(a.body).toBeNull()
        continue
      }
      if (a.status >= 400) {
        const parsed = googleError.safeParse(a.body)
        if (!parsed.success) problems.push(`${a.method} ${a.status}: ${parsed.error.message}`)
        continue
      }
      const schema = RESPONSE_SCHEMA[a.method]
      expect(schema, a.method).toBeTruthy()
      problems.push(...checkValue(doc, { $ref: schema! }, a.body, a.method))
    }
    expect(problems).toEqual([])
    // The quota error is the one the connector must recognise.
    expect(f.answers.some((a) => a.status === 403 && JSON.stringify(a.body).includes('"reason":"quotaExceeded"'))).toBe(true)
  })

  it('the checker catches a wrong type, an unknown field and a missing schema', () => {
    const comment = { kind: 'youtube#comment', id: 'x', snippet: { likeCount: '3' } }
    expect(checkValue(doc, { $ref: 'Comment' }, comment)).toEqual(['$.snippet.likeCount: string where the description says integer'])
    expect(checkValue(doc, { $ref: 'Comment' }, { id: 'x', author: 'y' })).toEqual(['$: field "author" is not in the description'])
    expect(checkValue(doc, { $ref: 'CommentSnippet' }, { moderationStatus: 'hidden' })[0]).toContain('is not one of')
    expect(checkValue(doc, { $ref: 'ChannelSnippet' }, { thumbnails: {} })[0]).toContain('no schema ThumbnailDetails')
  })
})
