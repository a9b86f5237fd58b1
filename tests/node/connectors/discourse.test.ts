import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient, HttpError } from '../../../src/main/base/http'
import type { ConnectorContext, OutboundReply, PollOptions } from '../../../src/main/model/connector'
import { discourseConnector as connector } from '../../../src/main/features/connectors/discourse'
import { startDiscourseFake, SUPPORT, type DiscourseFake, type DiscourseFakeOptions } from '../../../src/main/features/connectors/discourse/fake-server'
import { ParleyError } from '../../../src/shared/contract'

const http = createHttpClient('Parley-test')
const HOUR = 3_600_000

const open: DiscourseFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

function clock(): { t: number; now(): number } {
  return {
    t: Date.now(),
    now() {
      return this.t
    },
  }
}

async function fake(options: DiscourseFakeOptions = {}): Promise<DiscourseFake> {
  const f = await startDiscourseFake(options)
  open.push(f)
  return f
}

function ctxFor(f: DiscourseFake, c: { now(): number }, settings: Record<string, unknown> = {}, secrets?: Record<string, string>): ConnectorContext {
  return {
    http,
    clock: c,
    account: {
      id: 1,
      baseUrl: f.url,
      handle: '@lumen_team',
      settings: { userId: f.brand.id, username: 'lumen_team', staff: true, categories: [], ...settings },
      secrets: secrets ?? { apiKey: f.apiKey },
    },
    saveSecrets: async () => undefined,
    saveSettings: async () => undefined,
  }
}

const since = (c: { now(): number }): PollOptions => ({ backfillSince: c.now() - 14 * 24 * HOUR })

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('Discourse connect', () => {
  it('checks an admin-issued key and username against the forum and stores the key as a secret', async () => {
    const f = await fake({ seed: false })
    const result = await connector.connect({ url: `${f.url}/latest`, apiKey: ` ${f.apiKey} `, username: '@lumen_team', categories: 'support/5, /c/feedback/7' }, http)
    expect(result.seed).toEqual({ platform: 'discourse', displayName: 'Lumen Bikes', handle: `@lumen_team@127.0.0.1:${f.port}`, baseUrl: f.url })
    expect(result.secrets).toEqual({ apiKey: f.apiKey })
    expect(result.settings).toMatchObject({ userId: f.brand.id, username: 'lumen_team', staff: true, categories: [{ slug: 'support', id: 5 }, { slug: 'feedback', id: 7 }] })
    const call = f.requests.find((r) => r.path === '/session/current.json')!
    expect(call.headers['api-key']).toBe(f.apiKey)
    expect(call.headers['api-username']).toBe('lumen_team')
  })

  it('accepts a User API Key, sent in the User-Api-Key header', async () => {
    const f = await fake({ seed: false })
    const key = f.issueUserApiKey(f.brand)
    const result = await connector.connect({ url: f.url, userApiKey: key }, http)
    expect(result.secrets).toEqual({ userApiKey: key })
    expect(f.requests.at(-1)!.headers['user-api-key']).toBe(key)
    expect(f.requests.at(-1)!.headers['api-key']).toBeUndefined()
  })

  it('says plainly when the forum refuses the key, and when the address is wrong', async () => {
    const f = await fake({ seed: false })
    const refused = (await failure(connector.connect({ url: f.url, apiKey: 'wrong', username: 'lumen_team' }, http))) as ParleyError
    expect(refused.code).toBe('unauthorized')
    expect(refused.message).toContain('The API username or key is invalid')
    const missing = (await failure(connector.connect({ url: f.url, username: 'lumen_team' }, http))) as ParleyError
    expect(missing.message).toMatch(/Enter the API key/)
    const category = (await failure(connector.connect({ url: f.url, apiKey: 'k', username: 'u', categories: 'support' }, http))) as ParleyError
    expect(category.message).toMatch(/slug\/id/)
    const port = await closedPort()
    const offline = (await failure(connector.connect({ url: `http://127.0.0.1:${port}`, apiKey: 'k', username: 'u' }, http))) as ParleyError
    expect(offline.code).toBe('unavailable')
    expect(offline.message).toContain(`127.0.0.1:${port}`)
  })
})

describe('Discourse poll', () => {
  it('brings mentions, replies and private messages from notifications, each once', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c)
    const first = await connector.poll('notifications', null, ctx, since(c))
    const texts = first.items.map((i) => `${i.kind}:${i.text}`)
    expect(texts).toEqual(['mention:Same here. @lumen_team is this the known cable issue?', 'dm:Hello, my frame cracked after a year. Is that covered by the warranty?'])
    const mention = first.items[0]!
    expect(mention.conversationKey).toMatch(/^topic:\d+$/)
    expect(mention.author).toMatchObject({ handle: '@marco', displayName: 'Marco Rossi', remoteId: String(f.cast.marco.id) })
    expect(mention.permalink).toBe(`${f.url}/t/gears-slip-on-the-lumen-trail-2/${mention.conversationKey.slice(6)}/2`)
    expect(mention.subject).toBe('Gears slip on the Lumen Trail 2')
    expect(first.items[1]!.conversationKey).toMatch(/^pm:\d+$/)

    const again = await connector.poll('notifications', first.nextCursor, ctx, since(c))
    expect(again.items).toEqual([])
    const topic = [...f.state.topics.values()].find((t) => t.title.startsWith('Gears'))!
    f.addPost({ from: f.cast.ines, topic, raw: 'Thanks @lumen_team, I will check the cable tension.' })
    const third = await connector.poll('notifications', again.nextCursor, ctx, since(c))
    expect(third.items.map((i) => i.text)).toEqual(['Thanks @lumen_team, I will check the cable tension.'])
  })

  it('reads new posts of the watched categories after the cursor, and private messages as conversations', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c, { categories: [SUPPORT], staff: false })
    const first = await connector.poll('topics', null, ctx, since(c))
    expect(first.items.map((i) => [i.kind, i.conversationKey.split(':')[0], i.author.handle])).toEqual([
      ['comment', 'topic', '@ines'],
      ['comment', 'topic', '@marco'],
      ['dm', 'pm', '@ines'],
    ])
    expect(first.items[1]!.parentRemoteId).toBe(first.items[0]!.remoteId)
    expect(first.items[2]!.text).toBe('Hello, my frame cracked after a year. Is that covered by the warranty?')
    const empty = await connector.poll('topics', first.nextCursor, ctx, since(c))
    expect(empty.items).toEqual([])
    c.t += 60_000
    const topic = [...f.state.topics.values()].find((t) => t.title.startsWith('Gears'))!
    f.addPost({ from: f.cast.ines, topic, raw: 'Tightened the cable, it works again!', replyTo: 2 })
    f.addTopic({ from: f.cast.marco, title: 'Tyre pressure for gravel?', raw: 'What pressure do you run on gravel?', categoryId: 7 })
    f.addPrivateMessage({ from: f.cast.marco, title: 'Dealer near Porto?', raw: 'Is there a Lumen dealer near Porto?' })
    const next = await connector.poll('topics', empty.nextCursor, ctx, since(c))
    expect(next.items.map((i) => [i.kind, i.text])).toEqual([
      ['comment', 'Tightened the cable, it works again!'],
      ['dm', 'Is there a Lumen dealer near Porto?'],
    ])

    const latest = await connector.poll('topics', null, ctxFor(f, c, { staff: false }), since(c))
    expect(latest.items.map((i) => i.text)).toContain('What pressure do you run on gravel?')
  })

  it('watches tags as well as categories', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const connected = await connector.connect({ url: f.url, apiKey: f.apiKey, username: 'lumen_team', categories: 'support/5', tags: '#Lights, lights' }, http)
    expect(connected.settings).toMatchObject({ categories: [SUPPORT], tags: ['lights'] })
    const result = await connector.poll('topics', null, ctxFor(f, c, { ...connected.settings, staff: false }), since(c))
    expect(result.items.map((i) => i.subject)).toEqual([
      'Gears slip on the Lumen Trail 2',
      'Gears slip on the Lumen Trail 2',
      'Idea: brighter rear light',
      'Idea: brighter rear light',
      'Warranty for my frame',
    ])
    expect(f.requests.some((r) => r.path === '/tag/lights.json')).toBe(true)
    const bad = (await failure(connector.connect({ url: f.url, apiKey: f.apiKey, username: 'lumen_team', tags: 'a b' }, http))) as ParleyError
    expect(bad.message).toMatch(/is not a tag/)
  })

  it('leaves out posts older than the backfill window on the first poll', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c, { categories: [SUPPORT], staff: false })
    const result = await connector.poll('topics', null, ctx, { backfillSince: c.now() - 25 * HOUR })
    // Ines's question (30 h ago) is older than the window; Marco's reply (20 h) and her private message (3 h) are not.
    expect(result.items.map((i) => [i.kind, i.author.handle])).toEqual([
      ['comment', '@marco'],
      ['dm', '@ines'],
    ])
  })

  it('pages through long topics in chunks of twenty and continues a busy forum on the next poll', async () => {
    const c = clock()
    const f = await fake({ seed: false, now: () => c.now(), rateLimit: 1000 })
    const { topic } = f.addTopic({ from: f.cast.ines, title: 'A very long thread', raw: 'Post number one of a long thread.' })
    for (let i = 2; i <= 45; i++) f.addPost({ from: i % 2 ? f.cast.ines : f.cast.marco, topic, raw: `Post number ${i} of a long thread.` })
    for (let i = 0; i < 30; i++) f.addTopic({ from: f.cast.marco, title: `Topic ${i}`, raw: `Body of topic ${i}, long enough.`, at: c.now() + i + 1 })
    const ctx = ctxFor(f, c)
    const first = await connector.poll('topics', null, ctx, since(c))
    expect(first.more).toBe(true)
    const second = await connector.poll('topics', first.nextCursor, ctx, since(c))
    const all = [...first.items, ...second.items]
    expect(all.filter((i) => i.conversationKey === `topic:${topic.id}`)).toHaveLength(45)
    expect(new Set(all.map((i) => i.remoteId)).size).toBe(75)
    expect(f.requests.filter((r) => r.path === `/t/${topic.id}/posts.json`)).toHaveLength(3)
  })
})

function replyTo(f: DiscourseFake, postId: number, text: string, kind: OutboundReply['kind'] = 'comment'): OutboundReply {
  const post = f.state.posts.get(postId)!
  return { text, inReplyTo: String(post.id), conversationKey: `${kind === 'dm' ? 'pm' : 'topic'}:${post.topicId}`, kind }
}

describe('Discourse review queue', () => {
  it('brings posts members flagged to a moderator, once, in their topic; a member makes no request', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c, { categories: [SUPPORT] })
    const first = await connector.poll('topics', null, ctx, since(c))
    const spam = [...f.state.posts.values()].find((p) => p.userId === f.cast.spammer.id)!
    const flagged = first.items.filter((i) => i.remoteId === String(spam.id))
    expect(flagged).toHaveLength(1)
    expect(flagged[0]).toMatchObject({ kind: 'comment', conversationKey: `topic:${spam.topicId}`, text: 'Buy cheap watches at the best prices, visit our shop now!' })
    const again = await connector.poll('topics', first.nextCursor, ctx, since(c))
    expect(again.items).toEqual([])
    c.t += 60_000
    const other = [...f.state.posts.values()].find((p) => p.raw.startsWith('Same here'))!
    f.state.flag(other.id, f.cast.ines.id, 4)
    const next = await connector.poll('topics', again.nextCursor, ctx, since(c))
    expect(next.items.map((i) => i.remoteId)).toEqual([String(other.id)])

    const before = f.requests.filter((r) => r.path === '/review.json').length
    const member = await connector.poll('topics', null, ctxFor(f, c, { categories: [SUPPORT], staff: false }), since(c))
    expect(member.items.map((i) => i.remoteId)).not.toContain(String(spam.id))
    expect(f.requests.filter((r) => r.path === '/review.json')).toHaveLength(before)
  })
})

describe('Discourse reply', () => {
  it('posts exactly the approved text in the topic, answering the post, and reconcile finds it', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c)
    const parent = [...f.state.posts.values()].find((p) => p.raw.startsWith('Same here'))!
    const text = 'Hi Marco, yes: it is the cable. <b>Not bold</b> & unchanged  \n\nSee the guide.'
    const reply = replyTo(f, parent.id, text)
    expect(await connector.reconcile(reply, 'key-1', ctx)).toEqual({ state: 'not_sent' })
    const sent = await connector.send(reply, 'key-1', ctx)
    const body = JSON.parse(f.requests.find((r) => r.method === 'POST' && r.path === '/posts.json')!.body) as Record<string, unknown>
    expect(body).toEqual({ raw: text, topic_id: parent.topicId, reply_to_post_number: parent.postNumber })
    expect(sent.item).toMatchObject({ direction: 'out', conversationKey: `topic:${parent.topicId}`, parentRemoteId: String(parent.id) })
    expect(sent.permalink).toMatch(/\/t\/gears-slip-on-the-lumen-trail-2\/\d+\/3$/)
    expect(await connector.reconcile(reply, 'key-1', ctx)).toEqual({ state: 'sent', remoteId: sent.remoteId, permalink: sent.permalink })
    expect(f.postsBy(f.brand)).toHaveLength(1)
  })

  it('answers a private message inside it', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c)
    const pm = [...f.state.posts.values()].find((p) => p.raw.startsWith('Hello, my frame'))!
    const sent = await connector.send(replyTo(f, pm.id, 'Yes, frames carry a five-year warranty.', 'dm'), 'k', ctx)
    expect(f.state.posts.get(Number(sent.remoteId))!.topicId).toBe(pm.topicId)
    expect(sent.item!.conversationKey).toBe(`pm:${pm.topicId}`)
  })

  it("gives the forum's words when it refuses a post, and says when the parent is gone", async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c)
    const parent = [...f.state.posts.values()].find((p) => p.raw.startsWith('Same here'))!
    const short = await failure(connector.send(replyTo(f, parent.id, 'Thanks!'), 'k', ctx))
    expect(short).toBeInstanceOf(HttpError)
    expect(connector.classifyError(short, c.now())).toEqual({ kind: 'bad_request', message: 'The forum did not accept it: Body is too short (minimum is 20 characters).' })
    parent.deletedAt = c.now()
    const gone = (await failure(connector.send({ text: 'A reply long enough to be posted.', inReplyTo: '9999', conversationKey: `topic:${parent.topicId}`, kind: 'comment' }, 'k', ctx))) as ParleyError
    expect(gone.code).toBe('not_found')
  })
})

describe('Discourse moderation', () => {
  it('flags to hide and as spam, deletes, and silences as staff; refuses mute and non-staff silencing', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c)
    const spam = [...f.state.posts.values()].find((p) => p.userId === f.cast.spammer.id)!
    await connector.moderate({ kind: 'spam', remoteId: String(spam.id) }, ctx)
    expect(f.state.flags.at(-1)).toEqual({ postId: spam.id, userId: f.brand.id, type: 8 })
    expect(spam.hidden).toBe(true)
    // Twice is what the user wanted once: the forum's "already" is success.
    await connector.moderate({ kind: 'spam', remoteId: String(spam.id) }, ctx)
    const other = [...f.state.posts.values()].find((p) => p.raw.startsWith('Same here'))!
    await connector.moderate({ kind: 'hide', remoteId: String(other.id), conversationKey: `topic:${other.topicId}` }, ctx)
    expect(f.state.flags.at(-1)).toEqual({ postId: other.id, userId: f.brand.id, type: 4 })
    await connector.moderate({ kind: 'delete', remoteId: String(spam.id) }, ctx)
    expect(spam.deletedAt).not.toBeNull()
    await connector.moderate({ kind: 'delete', remoteId: String(spam.id) }, ctx)
    await connector.moderate({ kind: 'block', authorRemoteId: String(f.cast.spammer.id) }, ctx)
    expect(f.cast.spammer.silencedTill).toMatch(/^2\d{3}-/)
    const silence = JSON.parse(f.requests.find((r) => r.path.endsWith('/silence.json'))!.body) as Record<string, unknown>
    expect(Object.keys(silence).sort()).toEqual(['reason', 'silenced_till'])
    const mute = (await failure(connector.moderate({ kind: 'mute', authorRemoteId: '4' }, ctx))) as ParleyError
    expect(mute.message).toMatch(/Flag the post or silence/)
    const member = (await failure(connector.moderate({ kind: 'block', authorRemoteId: '4' }, ctxFor(f, c, { staff: false })))) as ParleyError
    expect(member.message).toMatch(/moderator or admin/)
  })
})

describe('Discourse errors', () => {
  it('honours Retry-After on 429 and reads the error shape', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c)
    await connector.poll('notifications', null, ctx, since(c))
    f.setRateLimit(0)
    const error = await failure(connector.poll('notifications', null, ctx, since(c)))
    expect(error).toBeInstanceOf(HttpError)
    const cls = connector.classifyError(error, c.now())
    expect(cls.kind).toBe('rate_limited')
    expect((cls as { until: number }).until).toBe(c.now() + 60_000)
    // wait_seconds alone (a proxy that dropped the header) is honoured too.
    const bodyOnly = new HttpError(429, new Headers(), JSON.stringify({ errors: ['slow down'], error_type: 'rate_limit', extras: { wait_seconds: 7 } }), `${f.url}/latest.json`, '429')
    expect(connector.classifyError(bodyOnly, 1000)).toMatchObject({ kind: 'rate_limited', until: 8000 })
  })

  it('asks to reconnect when the key is revoked, and tells a missing permission apart', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c)
    // The brand's User API Key asking for someone else's private messages: a permission, not the key.
    const userKey = f.issueUserApiKey(f.brand)
    const denied = await failure(connector.poll('topics', null, ctxFor(f, c, { username: 'ines' }, { userApiKey: userKey }), since(c)))
    expect(connector.classifyError(denied, c.now())).toMatchObject({ kind: 'bad_request', message: expect.stringMatching(/does not let this account/) })
    f.revokeKeys()
    const error = await failure(connector.poll('notifications', null, ctx, since(c)))
    expect(connector.classifyError(error, c.now())).toMatchObject({ kind: 'reauth' })
  })
})
