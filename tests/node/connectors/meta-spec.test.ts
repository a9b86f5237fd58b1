import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { createHttpClient, HttpError } from '../../../src/main/base/http'
import { GraphApi, GRAPH_VERSION } from '../../../src/main/features/connectors/meta/graph'
import { startMetaFake, type MetaFake } from '../../../src/main/features/connectors/meta/fake-server'
import { checkError, checkList, checkNode, checkType } from './meta-spec-walk'

const http = createHttpClient('Parley-test')
let fake: MetaFake
let page: GraphApi

const PAGE_FIELDS = 'id,name,category,username,link,access_token,instagram_business_account{id,username,name,profile_picture_url}'
const COMMENT_FIELDS = 'id,message,created_time,from,is_hidden,can_hide,can_remove,can_reply_privately,comment_count,like_count,permalink_url,object,parent{id,message,created_time}'
const POST_FIELDS = `id,message,created_time,updated_time,from,permalink_url,is_hidden,comments.limit(2){${COMMENT_FIELDS},comments{id,message}}`
const MESSAGE_FIELDS = 'id,created_time,message,from,to'
const THREAD_FIELDS = `id,updated_time,participants,message_count,snippet,unread_count,can_reply,link,messages.limit(3){${MESSAGE_FIELDS}}`
const IG_COMMENT_FIELDS = 'id,text,timestamp,username,hidden,like_count,parent_id,from{id,username},media{id}'
const MEDIA_FIELDS = `id,caption,timestamp,media_type,username,permalink,comments_count,owner{id,username},comments{${IG_COMMENT_FIELDS},replies{${IG_COMMENT_FIELDS}}}`

async function errorBody(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    if (error instanceof HttpError) return error.json()
    throw error
  }
  throw new Error('expected an error answer')
}

beforeAll(async () => {
  fake = await startMetaFake({ humanAgent: true })
  page = new GraphApi(http, fake.url, fake.state.pages.get(fake.cast.pageId)!.token)
  const user = new GraphApi(http, fake.url, fake.userToken)
  const { cast } = fake
  // Reads: every node and edge with every field the fake renders.
  await user.get('me', { fields: 'id,name' })
  await user.get('me/accounts', { fields: PAGE_FIELDS })
  await user.get('me/permissions')
  await page.get(cast.pageId, { fields: PAGE_FIELDS })
  await page.get(cast.pageId)
  for (const edge of ['feed', 'visitor_posts', 'tagged']) await page.get(`${cast.pageId}/${edge}`, { fields: POST_FIELDS, limit: 1 })
  await page.get(`${cast.pageId}/feed`, { fields: POST_FIELDS, limit: 1, after: Buffer.from(cast.launchPostId).toString('base64url') })
  await page.get(cast.launchPostId, { fields: POST_FIELDS })
  const comments = await page.get<{ data: { id: string }[] }>(`${cast.launchPostId}/comments`, { filter: 'stream', fields: COMMENT_FIELDS, limit: 2 })
  await page.get(`${comments.data[0]!.id}/comments`, { fields: COMMENT_FIELDS })
  await page.get(comments.data[0]!.id, { fields: COMMENT_FIELDS })
  for (const platform of ['messenger', 'instagram']) await page.get(`${cast.pageId}/conversations`, { platform, fields: THREAD_FIELDS, limit: 1 })
  await page.get(cast.openThreadId, { fields: THREAD_FIELDS })
  const messages = await page.get<{ data: { id: string }[] }>(`${cast.igThreadId}/messages`, { fields: MESSAGE_FIELDS })
  await page.get(messages.data[0]!.id, { fields: MESSAGE_FIELDS })
  await page.get(cast.igId, { fields: 'id,username,name,profile_picture_url' })
  await page.get(`${cast.igId}/media`, { fields: MEDIA_FIELDS })
  await page.get(`${cast.igId}/tags`, { fields: MEDIA_FIELDS })
  await page.get(cast.launchMediaId, { fields: MEDIA_FIELDS })
  const igComments = await page.get<{ data: { id: string }[] }>(`${cast.launchMediaId}/comments`, { fields: IG_COMMENT_FIELDS })
  const top = igComments.data.at(-1)!.id
  await page.get(`${top}/replies`, { fields: IG_COMMENT_FIELDS })
  await page.get(top, { fields: IG_COMMENT_FIELDS })
  // Writes: replies, messages (in the window and with the Human Agent tag), moderation.
  await page.post(`${comments.data[0]!.id}/comments`, { message: 'Thanks for asking!' })
  await page.post(`${top}/replies`, { message: 'Glad you like it' })
  await page.post(`${cast.pageId}/messages`, { recipient: JSON.stringify({ id: cast.ines.id }), messaging_type: 'RESPONSE', message: JSON.stringify({ text: 'See you Saturday' }) })
  await page.post(`${cast.pageId}/messages`, { recipient: JSON.stringify({ id: cast.tomas.id }), messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: JSON.stringify({ text: 'Yes, 10 to 4' }) })
  await page.post(`${cast.pageId}/messages`, { recipient: JSON.stringify({ id: cast.priya.igId }), messaging_type: 'RESPONSE', message: JSON.stringify({ text: 'We do!' }) })
  await page.post(comments.data[1]!.id, { is_hidden: true })
  await page.post(top, { hide: true })
  await page.post(`${cast.pageId}/blocked`, { user: JSON.stringify([cast.priya.id]) })
  await page.delete(comments.data[1]!.id)
  await page.delete(igComments.data[0]!.id)
  // Facebook Login: the code exchange with PKCE, then the long-lived token.
  const verifier = randomBytes(32).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const redirect = 'http://127.0.0.1:9/callback'
  const dialog = await fetch(`${fake.url}/${GRAPH_VERSION}/dialog/oauth?client_id=${fake.appId}&redirect_uri=${encodeURIComponent(redirect)}&state=s&code_challenge=${challenge}&code_challenge_method=S256&response_type=code`, { redirect: 'manual' })
  const code = new URL(dialog.headers.get('location')!).searchParams.get('code')!
  const short = await http.request(`${fake.url}/${GRAPH_VERSION}/oauth/access_token?client_id=${fake.appId}&redirect_uri=${encodeURIComponent(redirect)}&code=${code}&code_verifier=${verifier}`)
  await http.request(`${fake.url}/${GRAPH_VERSION}/oauth/access_token?grant_type=fb_exchange_token&client_id=${fake.appId}&client_secret=${fake.appSecret}&fb_exchange_token=${short.json<{ access_token: string }>().access_token}`)
})

afterAll(async () => {
  await fake.close()
})

describe("the fake Graph API against Meta's field definitions", () => {
  it('answers every node and edge it serves only with fields Meta defines, of the types Meta defines', () => {
    const types = new Set(fake.answers.map((a) => a.type))
    // Every kind of answer was given at least once, so nothing below is vacuous.
    for (const t of ['Page', 'PagePost', 'Comment', 'UnifiedThread', 'UnifiedMessage', 'IGUser', 'IGMedia', 'IGComment', 'User', 'Permission', 'SendResult', 'AccessToken', 'Success', 'Blocked']) {
      expect(types, t).toContain(t)
    }
    const problems: string[] = []
    for (const answer of fake.answers) {
      if (answer.type === 'Blocked') checkType('map<string, bool>', answer.body, answer.path, problems)
      else if (answer.list) checkList(answer.type, answer.body, answer.path, problems)
      else checkNode(answer.type, answer.body, answer.path, problems)
    }
    expect(problems).toEqual([])
  })

  it('notices a field Meta does not define, a wrong type and a malformed list (the walk can fail)', () => {
    const problems: string[] = []
    checkNode('Comment', { id: '1_2', message: 'hi', created_time: '2026-12-07T03:31:45Z', likes_total: 3, is_hidden: 'no' }, 'c', problems)
    checkList('IGMedia', { data: [{ id: '1', caption: 5 }], paging: { cursors: { after: 'x' } } }, 'm', problems)
    expect(problems.join('\n')).toMatch(/likes_total/)
    expect(problems.join('\n')).toMatch(/c\.created_time: expected datetime/)
    expect(problems.join('\n')).toMatch(/c\.is_hidden: expected bool/)
    expect(problems.join('\n')).toMatch(/m\.data\[0\]\.caption: expected string/)
    expect(problems.join('\n')).toMatch(/cursors/)
  })

  it("refuses with Meta's error object for an expired token, rate limits, missing permissions and unknown objects", async () => {
    const bodies: unknown[] = []
    const expiredToken = fake.userToken
    const user = new GraphApi(http, fake.url, expiredToken)
    bodies.push(await errorBody(page.get(`${fake.cast.pageId}/feed`, { fields: 'id,nonexistent_field' })))
    bodies.push(await errorBody(page.get('999999999')))
    fake.granted.delete('pages_manage_engagement')
    bodies.push(await errorBody(page.post(`${fake.cast.launchPostId}/comments`, { message: 'x' })))
    fake.granted.add('pages_manage_engagement')
    bodies.push(await errorBody(page.post(`${fake.cast.pageId}/messages`, { recipient: JSON.stringify({ id: fake.cast.tomas.id }), messaging_type: 'RESPONSE', message: JSON.stringify({ text: 'late' }) })))
    fake.useCalls(100)
    bodies.push(await errorBody(page.get(fake.cast.pageId)))
    bodies.push(await errorBody(user.get('me')))
    fake.useCalls(0)
    fake.expire(expiredToken)
    bodies.push(await errorBody(user.get('me')))
    const problems: string[] = []
    for (const body of bodies) checkError(body, problems)
    expect(problems).toEqual([])
    const codes = bodies.map((b) => [(b as { error: { code: number; error_subcode?: number } }).error.code, (b as { error: { error_subcode?: number } }).error.error_subcode ?? null])
    expect(codes).toEqual([[100, null], [100, 33], [200, null], [10, 2018278], [32, null], [4, null], [190, 463]])
  })
})
