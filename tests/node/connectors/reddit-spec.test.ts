import { readdirSync, readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { REDDIT_BRAND, REDDIT_CAST, REDDIT_SUBREDDIT, startRedditFake, type RedditFake } from '../../../src/main/features/connectors/reddit/fake-server'
import { thingDataSchema } from '../../../src/main/features/connectors/reddit/schema'
import { checkAgainst, kindsOf, missing, shapeOf, type Shape } from '../../support/recorded-shape'

interface Cassette {
  interactions: { request: { method: string; uri: string }; response: { status: { code: number }; headers: Record<string, string[]>; body: { string?: string } } }[]
}

const dir = new URL('../../fixtures/reddit/', import.meta.url)
const cassettes = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Cassette)

/** "GET https://oauth.reddit.com/r/<TEST_SUBREDDIT>/about/modqueue/?only=comments" → "GET /r/{sr}/about/modqueue". */
function operationOf(method: string, uri: string): string {
  const path = new URL(uri).pathname.replace(/\/$/, '')
  return `${method} ${path.replace(/^\/r\/[^/]+/, '/r/{sr}').replace(/^\/user\/[^/]+/, '/user/{name}')}`
}

const recorded = new Map<string, unknown[]>()
const headers: Record<string, string[]>[] = []
for (const c of cassettes) {
  for (const { request, response } of c.interactions) {
    if (!request.uri.startsWith('https://oauth.reddit.com/') || response.status.code !== 200 || !response.body.string) continue
    const op = operationOf(request.method, request.uri)
    recorded.set(op, [...(recorded.get(op) ?? []), JSON.parse(response.body.string)])
    if (response.headers['x-ratelimit-remaining']) headers.push(response.headers)
  }
}
const shapes = new Map<string, Shape>([...recorded].map(([op, bodies]) => [op, shapeOf(bodies)]))
const kinds = kindsOf([...recorded.values()].flat())
const refused = (body: unknown) => !!(body as { json?: { errors?: unknown[] } }).json?.errors?.length

/** Reddit's error body for statuses (its 401, 403, 404 and 429 answers are this JSON). */
const redditError = z.object({ message: z.string(), error: z.number().int() }).strict()

const open: RedditFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

async function call(f: RedditFake, method: 'GET' | 'POST', path: string, form?: Record<string, string>, token = f.tokens.accessToken): Promise<Response> {
  return fetch(`${f.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
    body: form ? new URLSearchParams({ api_type: 'json', ...form }) : undefined,
  })
}

/** Drives every answer the fake can give: each listing and its pages, each POST, and each error. */
async function exercise(f: RedditFake): Promise<Response[]> {
  const post = [...f.state.posts.values()].find((p) => p.subreddit === REDDIT_SUBREDDIT)!
  for (let i = 0; i < 30; i++) f.state.addComment({ post, author: REDDIT_CAST.ines, body: `More ${i}` })
  const question = f.state.newestComments((c) => c.body.includes('small frame'))[0]!
  const dm = f.state.newestMessages(() => true)[0]!
  const out: Response[] = []
  const go = async (...args: Parameters<typeof call> extends [RedditFake, ...infer R] ? R : never) => {
    const r = await call(f, ...args)
    out.push(r)
  }
  await go('GET', '/api/v1/me')
  for (const box of ['inbox', 'comments', 'mentions', 'messages', 'sent']) await go('GET', `/message/${box}?limit=100&raw_json=1`)
  await go('GET', `/r/${REDDIT_SUBREDDIT}/comments?limit=10&raw_json=1`)
  const first = (await (await call(f, 'GET', `/r/${REDDIT_SUBREDDIT}/comments?limit=10&raw_json=1`)).json()) as { data: { after: string } }
  await go('GET', `/r/${REDDIT_SUBREDDIT}/comments?limit=10&after=${first.data.after}&raw_json=1`)
  await go('GET', `/r/${REDDIT_SUBREDDIT}/about/modqueue?only=comments&raw_json=1`)
  await go('GET', `/user/${REDDIT_BRAND}/comments?sort=new&raw_json=1`)
  await go('POST', '/api/comment?raw_json=1', { thing_id: `t1_${question.id}`, text: 'Yes, the S frame.' })
  await go('POST', '/api/comment?raw_json=1', { thing_id: `t4_${dm.id}`, text: 'Which colour?' })
  await go('POST', '/api/comment?raw_json=1', { thing_id: 't1_zzzzzz', text: 'x' })
  await go('GET', `/message/sent?raw_json=1`)
  await go('GET', `/user/${REDDIT_BRAND}/comments?sort=new&raw_json=1`)
  await go('POST', '/api/compose?raw_json=1', { to: REDDIT_CAST.marco, subject: 'Your question', text: 'It climbs well.' })
  await go('POST', '/api/remove?raw_json=1', { id: `t1_${question.id}`, spam: 'false' })
  await go('POST', '/api/approve?raw_json=1', { id: `t1_${question.id}` })
  await go('POST', '/api/lock?raw_json=1', { id: `t1_${question.id}` })
  await go('POST', `/r/${REDDIT_SUBREDDIT}/api/friend?raw_json=1`, { name: REDDIT_CAST.spammer, type: 'banned' })
  await go('POST', '/r/bikecommuting/api/friend?raw_json=1', { name: REDDIT_CAST.spammer, type: 'banned' })
  await go('GET', '/message/inbox', undefined, 'wrong-token')
  await go('GET', '/nowhere')
  f.setRateLimit(0)
  await go('GET', '/message/inbox')
  return out
}

describe('the Reddit fake answers as Reddit did in the recorded cassettes', () => {
  it('every success body has only fields, and field types, that Reddit’s recorded answers to the same call have', async () => {
    const f = await startRedditFake()
    open.push(f)
    await exercise(f)
    const problems: string[] = []
    const unrecorded = new Set<string>()
    for (const a of f.answers) {
      // Refusals inside a 200 are checked against Reddit's recorded refusal below.
      if (a.status !== 200 || refused(a.body)) continue
      const shape = shapes.get(a.operation)
      if (!shape) {
        unrecorded.add(a.operation)
        continue
      }
      problems.push(...checkAgainst(shape, a.body, a.operation, null, kinds).slice(0, 5))
    }
    expect([...unrecorded]).toEqual([])
    expect(problems).toEqual([])
    // Every call Parley makes was exercised.
    expect(new Set(f.answers.map((a) => a.operation))).toEqual(
      new Set([
        'GET /api/v1/me',
        'GET /message/inbox',
        'GET /message/comments',
        'GET /message/mentions',
        'GET /message/messages',
        'GET /message/sent',
        'GET /r/{sr}/comments',
        'GET /r/{sr}/about/modqueue',
        'GET /user/{name}/comments',
        'POST /api/comment',
        'POST /api/compose',
        'POST /api/remove',
        'POST /api/approve',
        'POST /api/lock',
        'POST /r/{sr}/api/friend',
        'GET /nowhere',
      ]),
    )
  })

  it('every error answer has Reddit’s shape: {message, error} for a status, {json: {errors: [[code, message, field]]}} inside a 200', async () => {
    const f = await startRedditFake()
    open.push(f)
    await exercise(f)
    const statuses = new Set(f.answers.map((a) => a.status))
    expect([...statuses].sort()).toEqual([200, 401, 403, 404, 429])
    for (const a of f.answers.filter((x) => x.status !== 200)) expect(redditError.safeParse(a.body).success, JSON.stringify(a.body)).toBe(true)
    const envelope = shapes.get('POST /api/approve')!
    const refusals = f.answers.filter((a) => a.status === 200 && refused(a.body))
    expect(refusals.length).toBeGreaterThan(0)
    for (const r of refusals) expect(checkAgainst(envelope, r.body, r.operation)).toEqual([])
  })

  it('sends X-Ratelimit-Used, -Remaining and -Reset in the recorded formats, on a 429 too', async () => {
    const f = await startRedditFake({ rateLimit: 2 })
    open.push(f)
    const answers = [await call(f, 'GET', '/api/v1/me'), await call(f, 'GET', '/api/v1/me'), await call(f, 'GET', '/api/v1/me')]
    expect(answers.map((r) => r.status)).toEqual([200, 200, 429])
    const format = (values: (string | null)[]) => values.map((v) => (v === null ? 'absent' : /^\d+\.\d+$/.test(v) ? 'decimal' : /^\d+$/.test(v) ? 'integer' : v))
    const recordedFormats = {
      used: new Set(format(headers.map((h) => h['x-ratelimit-used']![0]!))),
      remaining: new Set(format(headers.map((h) => h['x-ratelimit-remaining']![0]!))),
      reset: new Set(format(headers.map((h) => h['x-ratelimit-reset']![0]!))),
    }
    for (const r of answers) {
      expect(recordedFormats.used).toContain(format([r.headers.get('x-ratelimit-used')])[0])
      expect(recordedFormats.remaining).toContain(format([r.headers.get('x-ratelimit-remaining')])[0])
      expect(recordedFormats.reset).toContain(format([r.headers.get('x-ratelimit-reset')])[0])
    }
  })

  it('the fields the connector reads are ones Reddit really sends, in the inbox and in subreddit listings', () => {
    const fields = Object.keys(thingDataSchema.shape)
    const inbox = shapes.get('GET /message/inbox')!
    const comment = inbox.props.get('data@Listing')!.props.get('children')!.items!.props.get('data@t1')!
    const message = inbox.props.get('data@Listing')!.props.get('children')!.items!.props.get('data@t4')!
    const listing = shapes.get('GET /r/{sr}/comments')!.props.get('data@Listing')!.props.get('children')!.items!.props.get('data@t1')!
    // Each field is in at least one of the places the connector reads things from.
    const nowhere = fields.filter((field) => [comment, message, listing].every((s) => missing(s, [field]).length > 0))
    expect(nowhere).toEqual([])
    expect(missing(comment, ['name', 'author', 'body', 'body_html', 'created_utc', 'parent_id', 'context', 'type', 'link_title'])).toEqual([])
    expect(missing(message, ['name', 'author', 'body', 'created_utc', 'subject', 'first_message_name', 'dest'])).toEqual([])
    expect(missing(listing, ['name', 'author', 'body', 'created_utc', 'parent_id', 'link_id', 'link_title'])).toEqual([])
  })
})
