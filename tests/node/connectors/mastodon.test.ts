import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createHttpClient, HttpError, NetworkError, type HttpClient } from '../../../src/main/base/http'
import type { ConnectorContext, OutboundReply, PollOptions, PollResult } from '../../../src/main/model/connector'
import { mastodonConnector as connector } from '../../../src/main/features/connectors/mastodon'
import { startMastodonFake, type MastodonFake, type MastodonFakeOptions } from '../../../src/main/features/connectors/mastodon/fake-server'
import { statusToItem } from '../../../src/main/features/connectors/mastodon/mapping'
import { conversationSchema, notificationSchema, parseEach } from '../../../src/main/features/connectors/mastodon/schema'
import { compareIds, parseLinkHeader } from '../../../src/main/features/connectors/mastodon/paging'
import { CONTEXT_BUDGET, EDIT_SWEEP_MS } from '../../../src/main/features/connectors/mastodon/notifications'
import { openDatabase } from '../../../src/main/store/database'
import { AccountStore } from '../../../src/main/store/accounts'
import { IngestWriter } from '../../../src/main/store/ingest'
import type { NormalizedItem } from '../../../src/main/model/items'
import { ParleyError } from '../../../src/shared/contract'

const http = createHttpClient('Parley-test')
const HOUR = 3_600_000
const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../fixtures/mastodon/${name}`, import.meta.url), 'utf8'))

const open: MastodonFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

/** A clock shared by the fake instance and the connector; starts at the real time so rate-limit resets lie ahead. */
function clock(): { t: number; now(): number } {
  return {
    t: Date.now(),
    now() {
      return this.t
    },
  }
}

async function fake(options: MastodonFakeOptions = {}): Promise<MastodonFake> {
  const f = await startMastodonFake(options)
  open.push(f)
  return f
}

function ctxFor(f: MastodonFake, c: { now(): number }, over: { token?: string; baseUrl?: string; http?: HttpClient } = {}): ConnectorContext {
  return {
    http: over.http ?? http,
    clock: c,
    account: {
      id: 1,
      baseUrl: over.baseUrl ?? f.url,
      handle: '@lumenbikes@127.0.0.1',
      settings: { accountId: f.brand.id, acct: 'lumenbikes' },
      secrets: { accessToken: over.token ?? f.token },
    },
    saveSecrets: async () => undefined,
    saveSettings: async () => undefined,
  }
}

const since = (c: { now(): number }, hours = 14 * 24): PollOptions => ({ backfillSince: c.now() - hours * HOUR })

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

const requestsTo = (f: MastodonFake, path: string) => f.requests.filter((r) => r.path === path)
const ids = (r: PollResult): string[] => r.items.map((i) => i.remoteId)
const byId = (items: NormalizedItem[], id: string): NormalizedItem => {
  const found = items.find((i) => i.remoteId === id)
  if (!found) throw new Error(`no item ${id}`)
  return found
}

describe('Mastodon connect', () => {
  it('checks the token with verify_credentials and describes the account', async () => {
    const f = await fake({ seed: false })
    const result = await connector.connect({ instance: `${f.url}/web/home/`, token: `  Bearer ${f.token} ` }, http)
    expect(result.seed).toEqual({ platform: 'mastodon', displayName: 'Lumen Bikes', handle: `@lumenbikes@127.0.0.1:${f.port}`, baseUrl: f.url })
    expect(result.secrets).toEqual({ accessToken: f.token })
    expect(result.settings).toEqual({ accountId: f.brand.id, acct: 'lumenbikes' })
    const [call] = requestsTo(f, '/api/v1/accounts/verify_credentials')
    expect(call!.headers.authorization).toBe(`Bearer ${f.token}`)
  })

  it('reads a recorded verify_credentials answer', async () => {
    const f = await fake({ seed: false })
    f.inject((r) => r.path === '/api/v1/accounts/verify_credentials', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(fixture('verify_credentials.json')))
    })
    const result = await connector.connect({ instance: f.url, token: 'abc' }, http)
    expect(result.seed.displayName).toBe('Lumen Bikes')
    expect(result.settings).toEqual({ accountId: '109300000', acct: 'lumenbikes' })
  })

  it('says plainly when Mastodon refuses the token', async () => {
    const f = await fake({ seed: false })
    const error = await failure(connector.connect({ instance: f.url, token: 'wrong-token' }, http))
    expect(error).toBeInstanceOf(ParleyError)
    expect((error as ParleyError).code).toBe('unauthorized')
    expect((error as ParleyError).message).toMatch(/^Mastodon refused the token \("The access token is invalid"\)/)
  })

  it('names the host when the server cannot be reached', async () => {
    const port = await closedPort()
    const error = (await failure(connector.connect({ instance: `http://127.0.0.1:${port}`, token: 'abc' }, http))) as ParleyError
    expect(error.code).toBe('unavailable')
    expect(error.message).toContain(`127.0.0.1:${port}`)
  })

  it('rejects an answer that is not Mastodon JSON', async () => {
    const f = await fake({ seed: false })
    f.inject((r) => r.path.startsWith('/api/'), (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"id": "1", "username": ')
    })
    f.inject((r) => r.path.startsWith('/api/'), (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end('<html><body>Welcome to our blog</body></html>')
    })
    for (let i = 0; i < 2; i++) {
      const error = (await failure(connector.connect({ instance: f.url, token: f.token }, http))) as ParleyError
      expect(error.code).toBe('unavailable')
      expect(error.message).toMatch(/did not answer like a Mastodon server/)
    }
  })

  it('asks for missing fields and spots a server without the Mastodon API', async () => {
    const f = await fake({ seed: false })
    await expect(connector.connect({ instance: f.url, token: '  ' }, http)).rejects.toMatchObject({ code: 'bad_input' })
    await expect(connector.connect({ instance: '', token: 'x' }, http)).rejects.toMatchObject({ code: 'bad_input' })
    f.inject((r) => r.path === '/api/v1/accounts/verify_credentials', (_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/html' })
      res.end('<h1>Not found</h1>')
    })
    await expect(connector.connect({ instance: f.url, token: f.token }, http)).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/does not look like a Mastodon server/) })
  })
})

describe('Mastodon notifications stream', () => {
  async function withMentions(count: number, hoursApart = 1) {
    const c = clock()
    const f = await fake({ seed: false, now: () => c.now() })
    const people = ['ines', 'juergen', 'hanako', 'orjan', 'sam'] as const
    const made = Array.from({ length: count }, (_, i) =>
      f.addMention({ from: people[i % people.length]!, text: `Question number ${i + 1}`, at: c.now() - (count - i) * hoursApart * HOUR }),
    )
    return { c, f, made, ctx: ctxFor(f, c) }
  }

  it('backfills on the first poll, paging older with the Link header until backfillSince', async () => {
    const { c, f, made, ctx } = await withMentions(100)
    const progress: number[] = []
    const result = await connector.poll('notifications', null, ctx, { backfillSince: c.now() - 50.5 * HOUR, onProgress: (n) => progress.push(n) })
    expect(new Set(ids(result))).toEqual(new Set(made.slice(50).map((s) => s.id)))
    expect(result.items.every((i) => i.kind === 'mention' && i.direction === 'in' && i.conversationKey === i.remoteId)).toBe(true)
    expect(result.nextCursor).not.toBeNull()
    expect(result.gap).toBeFalsy()
    const calls = requestsTo(f, '/api/v1/notifications')
    expect(calls).toHaveLength(2)
    expect(calls[0]!.query.getAll('types[]')).toEqual(['mention'])
    expect(calls[0]!.query.get('max_id')).toBeNull()
    // The second page came from rel="next": older than the oldest of page one, same filter.
    const oldestOfFirstPage = f.state.notifications.at(-40)!.id
    expect(calls[1]!.query.get('max_id')).toBe(oldestOfFirstPage)
    expect(calls[1]!.query.getAll('types[]')).toEqual(['mention'])
    expect(progress.at(-1)).toBe(50)
  })

  it('returns only new mentions on the next poll, and nothing when nothing changed', async () => {
    const { c, f, ctx } = await withMentions(5)
    const first = await connector.poll('notifications', null, ctx, since(c))
    expect(first.items).toHaveLength(5)
    const newest = f.state.notifications.at(-1)!.id

    const a = f.addMention({ from: 'ines', text: 'Is the shop open on Sunday?' })
    const b = f.addMention({ from: 'hanako', text: 'ありがとう！' })
    f.requests.length = 0
    const second = await connector.poll('notifications', first.nextCursor, ctx, since(c))
    expect(ids(second).sort()).toEqual([a.id, b.id].sort())
    const calls = requestsTo(f, '/api/v1/notifications')
    expect(calls[0]!.query.get('min_id')).toBe(newest)
    // Repeated until a page comes back empty.
    expect(calls).toHaveLength(2)

    f.requests.length = 0
    const third = await connector.poll('notifications', second.nextCursor, ctx, since(c))
    expect(third.items).toEqual([])
    expect(third.gap).toBeFalsy()
    expect(requestsTo(f, '/api/v1/notifications')).toHaveLength(1)
  })

  it('pages forward with min_id without missing any mention', async () => {
    const { c, f, ctx } = await withMentions(1)
    const first = await connector.poll('notifications', null, ctx, since(c))
    const burst = Array.from({ length: 95 }, (_, i) => f.addMention({ from: 'orjan', text: `burst ${i}` }))
    f.requests.length = 0
    const next = await connector.poll('notifications', first.nextCursor, ctx, since(c))
    expect(new Set(ids(next))).toEqual(new Set(burst.map((s) => s.id)))
    expect(next.items).toHaveLength(95)
    expect(next.gap).toBeFalsy()
    expect(requestsTo(f, '/api/v1/notifications').map((r) => r.query.has('min_id'))).toEqual([true, true, true, true])
  })

  it('reports a gap after too many forward pages, then catches up on the next poll', async () => {
    const { c, f, ctx } = await withMentions(1)
    const first = await connector.poll('notifications', null, ctx, since(c))
    const flood = Array.from({ length: 450 }, (_, i) => f.addMention({ from: 'sam', text: `flood ${i}` }))
    const capped = await connector.poll('notifications', first.nextCursor, ctx, since(c))
    expect(capped.gap).toBe(true)
    expect(capped.items).toHaveLength(400)
    const rest = await connector.poll('notifications', capped.nextCursor, ctx, since(c))
    expect(rest.gap).toBeFalsy()
    expect(new Set([...ids(capped), ...ids(rest)])).toEqual(new Set(flood.map((s) => s.id)))
  })

  it('reports a gap when the server answers with older items than asked for', async () => {
    const { c, f, ctx } = await withMentions(3)
    const first = await connector.poll('notifications', null, ctx, since(c))
    const stale = (fixture('notifications_mentions.json') as Record<string, unknown>[]).slice(0, 1).map((n) => ({ ...n, id: '17' }))
    f.inject((r) => r.path === '/api/v1/notifications' && r.query.has('min_id'), (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(stale))
    })
    const next = await connector.poll('notifications', first.nextCursor, ctx, since(c))
    expect(next.gap).toBe(true)
    expect(next.items).toEqual([])
  })

  it('places comments, mentions and DMs of the default "Lumen Bikes" story in their conversations', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const result = await connector.poll('notifications', null, ctxFor(f, c), since(c))
    const [launch, inesAsk, answer, juergen, hanako, zed, , , samThanks, orjan, inesThanks] = f.state.statuses.values()

    // A reply to the brand's post is a comment; the post hangs above it as context.
    expect(byId(result.items, inesAsk!.id)).toMatchObject({ kind: 'comment', conversationKey: launch!.id, direction: 'in', parentRemoteId: launch!.id })
    expect(byId(result.items, launch!.id)).toMatchObject({ isContext: true, direction: 'out', conversationKey: launch!.id })
    expect(byId(result.items, juergen!.id)).toMatchObject({ kind: 'comment', conversationKey: launch!.id })
    expect(byId(result.items, juergen!.id).author).toMatchObject({ displayName: 'Jürgen Weiß 🚴', handle: '@juergen@chaos.social' })
    // A reply two levels down stays in the thread of the root, with the brand's answer it replies to.
    expect(byId(result.items, inesThanks!.id)).toMatchObject({ kind: 'comment', conversationKey: launch!.id, parentRemoteId: answer!.id })
    expect(byId(result.items, answer!.id)).toMatchObject({ direction: 'out', conversationKey: launch!.id })
    expect(byId(result.items, answer!.id).isContext).toBeUndefined()
    // A mention on its own is its own conversation.
    expect(byId(result.items, hanako!.id)).toMatchObject({ kind: 'mention', conversationKey: hanako!.id })
    expect(byId(result.items, hanako!.id).author).toMatchObject({ displayName: '山田 花子', handle: '@hanako@mstdn.jp', remoteId: f.cast.hanako.id })
    // Hostile HTML arrives untouched in html (ingest sanitises it); text is plain.
    const spam = byId(result.items, zed!.id)
    expect(spam.html).toContain('<script>alert("pwned")</script>')
    expect(spam.html).toContain('javascript:alert(1)')
    expect(spam.text).toBe('@lumenbikes FREE e-bike giveaway!!! claim now')
    expect(spam.author.displayName).toBe(`Zed <script>alert('name')</script>`)
    // DMs land in their Mastodon conversation, with a content warning and alt text in the text.
    expect(byId(result.items, samThanks!.id)).toMatchObject({ kind: 'dm', conversationKey: `dm:${f.conversationOf(samThanks!.id)}` })
    const claim = byId(result.items, orjan!.id)
    expect(claim).toMatchObject({ kind: 'dm', conversationKey: `dm:${f.conversationOf(orjan!.id)}` })
    expect(claim.text).toBe('CW: Warranty claim\n\n@lumenbikes Found this crack on my frame after three months. Photos attached.\n\n[image: Hairline crack near the rear dropout]')
    expect(claim.html?.startsWith('<p>CW: Warranty claim</p>')).toBe(true)
    expect(claim.author).toMatchObject({ displayName: 'Ørjan Søndergård', profileUrl: 'https://mastodon.online/@orjan' })
    expect(claim.createdAt).toBe(orjan!.createdAt)
    expect(claim.permalink).toBe(`https://mastodon.online/@orjan/${orjan!.id}`)
    // The launch thread needed its context twice at most, not once per reply.
    expect(f.requests.filter((r) => r.path.endsWith('/context')).length).toBeLessThanOrEqual(2)
  })

  it('spreads thread look-ups over polls instead of exhausting the rate limit, missing nothing', async () => {
    const c = clock()
    const f = await fake({ seed: false, now: () => c.now() })
    const ctx = ctxFor(f, c)
    const posts = Array.from({ length: CONTEXT_BUDGET + 10 }, (_, i) => f.addBrandPost(`Tip ${i}: check your tyre pressure`, { at: c.now() - 3 * HOUR }))
    const replies = posts.map((p, i) => f.addMention({ from: 'ines', text: `Thanks for tip ${i}`, inReplyTo: p.id, at: c.now() - 2 * HOUR + i }))
    // A newer mention that needs no look-up must not carry the cursor past the replies still waiting.
    const plain = f.addMention({ from: 'hanako', text: 'Unrelated question', at: c.now() - HOUR })
    const first = await connector.poll('notifications', null, ctx, since(c))
    expect(f.requests.filter((r) => r.path.endsWith('/context'))).toHaveLength(CONTEXT_BUDGET)
    expect(first.gap).toBeFalsy()
    const second = await connector.poll('notifications', first.nextCursor, ctx, since(c))
    const comments = [...first.items, ...second.items].filter((i) => i.direction === 'in')
    expect(comments.map((i) => i.remoteId).sort()).toEqual([...replies, plain].map((r) => r.id).sort())
    expect(comments.filter((i) => i.remoteId !== plain.id).every((i) => i.kind === 'comment' && i.conversationKey === i.parentRemoteId)).toBe(true)
  })

  it('returns an edited mention again with its new text', async () => {
    const c = clock()
    const f = await fake({ seed: false, now: () => c.now() })
    const ctx = ctxFor(f, c)
    const mention = f.addMention({ from: 'ines', text: 'The battery is dead' })
    const first = await connector.poll('notifications', null, ctx, since(c))
    expect(byId(first.items, mention.id).text).toBe('@lumenbikes The battery is dead')

    c.t += 60_000
    f.editStatus(mention.id, '@lumenbikes The battery is dead. Never mind, it was the fuse!')
    const early = await connector.poll('notifications', first.nextCursor, ctx, since(c))
    expect(early.items).toEqual([])

    c.t += EDIT_SWEEP_MS
    const swept = await connector.poll('notifications', early.nextCursor, ctx, since(c))
    expect(byId(swept.items, mention.id).text).toBe('@lumenbikes The battery is dead. Never mind, it was the fuse!')
    const later = await connector.poll('notifications', swept.nextCursor, ctx, since(c))
    expect(later.items).toEqual([])
  })
})

describe('Mastodon conversations stream', () => {
  it('backfills DM threads with their context and continues through the Link header only', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c)
    const first = await connector.poll('conversations', null, ctx, since(c))
    const samConversation = f.conversationOf([...f.state.statuses.values()][6]!.id)!
    const sam = first.items.filter((i) => i.conversationKey === `dm:${samConversation}`)
    expect(sam.map((i) => i.direction)).toEqual(['in', 'out', 'in'])
    expect(sam.every((i) => i.kind === 'dm')).toBe(true)
    expect(sam[1]!.author.displayName).toBe('Lumen Bikes')
    expect(first.items).toHaveLength(4)
    expect(requestsTo(f, '/api/v1/conversations')[0]!.query.toString()).toBe('limit=40')

    // Nothing new: one request, along the rel="prev" link of the newest page (Ørjan's DM is the newest message).
    f.requests.length = 0
    const quiet = await connector.poll('conversations', first.nextCursor, ctx, since(c))
    expect(quiet.items).toEqual([])
    const calls = requestsTo(f, '/api/v1/conversations')
    expect(calls).toHaveLength(1)
    expect(calls[0]!.query.get('min_id')).toBe([...f.state.statuses.values()][9]!.id)

    c.t += 60_000
    const dm = f.addDirectMessage({ from: 'hanako', text: '注文番号は LB-30112 です' })
    const reply = f.addDirectMessage({ from: 'sam', text: 'Any news?', inReplyTo: [...f.state.statuses.values()][8]!.id })
    const next = await connector.poll('conversations', quiet.nextCursor, ctx, since(c))
    expect(byId(next.items, dm.id)).toMatchObject({ kind: 'dm', conversationKey: `dm:${f.conversationOf(dm.id)}` })
    expect(byId(next.items, reply.id).conversationKey).toBe(`dm:${samConversation}`)

    // The same DM from the notifications stream gets the same remote id and conversation.
    const fromNotifications = await connector.poll('notifications', null, ctx, since(c))
    expect(byId(fromNotifications.items, dm.id).conversationKey).toBe(byId(next.items, dm.id).conversationKey)
  })

  it('gives ingest one message per status across both streams', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c)
    const notifications = await connector.poll('notifications', null, ctx, since(c))
    const conversations = await connector.poll('conversations', null, ctx, since(c))
    const db = openDatabase({ file: ':memory:' })
    try {
      const account = new AccountStore(db).ensure({ platform: 'mastodon', displayName: 'Lumen Bikes', handle: '@lumenbikes@test', baseUrl: f.url }, { isDemo: false, at: c.now() })
      const ingest = new IngestWriter(db, () => c.now())
      ingest.ingest(account, notifications.items)
      ingest.ingest(account, conversations.items)
      ingest.ingest(account, notifications.items)
      const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n
      // Every seeded status is stored once: 11 posts, whichever stream brought it first.
      expect(count('SELECT count(*) AS n FROM messages')).toBe(f.state.statuses.size)
      expect(count("SELECT count(*) AS n FROM conversations WHERE conversation_key LIKE 'dm:%'")).toBe(2)
    } finally {
      db.close()
    }
  })

  it('follows the Link header verbatim rather than building its own ids, and only on this server', async () => {
    const c = clock()
    const f = await fake({ seed: false, now: () => c.now() })
    const ctx = ctxFor(f, c)
    f.addDirectMessage({ from: 'sam', text: 'hello' })
    f.inject((r) => r.path === '/api/v1/conversations' && !r.query.has('max_id'), (_req, res) => {
      const page = [
        {
          id: '1',
          unread: true,
          accounts: [],
          last_status: (fixture('conversations.json') as { last_status: Record<string, unknown> }[])[0]!.last_status,
        },
      ]
      res.writeHead(200, {
        'Content-Type': 'application/json',
        Link: `<https://elsewhere.example/api/v1/conversations?limit=40&max_id=OPAQUE-7>; rel="next", <${f.url}/api/v1/elsewhere?min_id=1>; rel="prev"`,
      })
      res.end(JSON.stringify(page.map((p) => ({ ...p, last_status: { ...p.last_status, created_at: new Date(c.now()).toISOString() } }))))
    })
    const result = await connector.poll('conversations', null, ctx, since(c))
    const calls = requestsTo(f, '/api/v1/conversations')
    // Same path and query, sent to the account's own instance (the token never goes to another host).
    expect(calls[1]!.query.get('max_id')).toBe('OPAQUE-7')
    // A prev link to another endpoint is not kept as the cursor.
    expect(JSON.parse(result.nextCursor!).prev).toBeNull()
  })

  it('pages through more conversations than one page holds', async () => {
    const c = clock()
    const f = await fake({ seed: false, now: () => c.now() })
    const dms = Array.from({ length: 45 }, (_, i) => f.addDirectMessage({ from: i % 2 ? 'ines' : 'orjan', text: `order question ${i}`, at: c.now() - (45 - i) * 60_000 }))
    const result = await connector.poll('conversations', null, ctxFor(f, c), since(c))
    expect(new Set(ids(result))).toEqual(new Set(dms.map((d) => d.id)))
    const calls = requestsTo(f, '/api/v1/conversations')
    expect(calls).toHaveLength(2)
    expect(calls[1]!.query.get('max_id')).toBe(dms[5]!.id)
  })
})

describe('Mastodon errors', () => {
  it('honours 429 with the ISO X-RateLimit-Reset', async () => {
    const c = clock()
    // Keep the window's end well ahead of the real time classifyError compares it with.
    if (300_000 - (c.t % 300_000) < 60_000) c.t += 60_000
    const f = await fake({ now: () => c.now(), rateLimit: 2 })
    const ctx = ctxFor(f, c)
    const error = await failure(connector.poll('notifications', null, ctx, since(c)))
    expect(error).toBeInstanceOf(HttpError)
    const http429 = error as HttpError
    expect(http429.status).toBe(429)
    expect(http429.headers.get('x-ratelimit-remaining')).toBe('0')
    const reset = http429.headers.get('x-ratelimit-reset')!
    expect(reset).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
    const verdict = connector.classifyError(error)
    expect(verdict).toMatchObject({ kind: 'rate_limited', until: Date.parse(reset) })
    expect(Date.parse(reset)).toBe(c.now() - (c.now() % 300_000) + 300_000)
  })

  it('uses X-RateLimit-Reset on a 429 even without X-RateLimit-Remaining', () => {
    const reset = new Date(Date.now() + 90_000).toISOString()
    const error = new HttpError(429, new Headers({ 'X-RateLimit-Reset': reset }), '{"error":"Too many requests"}', 'https://m.example/api/v1/notifications', 'm.example answered 429')
    expect(connector.classifyError(error)).toMatchObject({ kind: 'rate_limited', until: Date.parse(reset) })
  })

  it('asks to reconnect when the token was revoked', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    f.revokeToken()
    const error = await failure(connector.poll('conversations', null, ctxFor(f, c), since(c)))
    expect((error as HttpError).status).toBe(401)
    expect((error as HttpError).json()).toEqual({ error: 'The access token is invalid' })
    const verdict = connector.classifyError(error)
    expect(verdict.kind).toBe('reauth')
    expect(verdict.message).toContain('The access token is invalid')
    const missing = await failure(connector.poll('notifications', null, ctxFor(f, c, { token: '' }), since(c)))
    expect(connector.classifyError(missing).kind).toBe('reauth')
  })

  it('retries server errors, timeouts, bad bodies and oversized answers', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c)
    const poll = (over?: Partial<ConnectorContext>) => failure(connector.poll('notifications', null, { ...ctx, ...over }, since(c)))
    const verdict = async (over?: Partial<ConnectorContext>) => connector.classifyError(await poll(over))
    const once = (handler: Parameters<MastodonFake['inject']>[1]) => f.inject((r) => r.path === '/api/v1/notifications', handler)

    once((_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/html' })
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>')
    })
    expect(await verdict()).toMatchObject({ kind: 'retry' })

    once(() => new Promise<void>(() => undefined))
    const short: HttpClient = { request: (url, init) => http.request(url, { ...init, timeoutMs: 300 }) }
    const timeout = await poll({ http: short })
    expect(timeout).toBeInstanceOf(NetworkError)
    expect((timeout as NetworkError).reason).toBe('timeout')
    expect(connector.classifyError(timeout).kind).toBe('retry')

    once((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('[{"id": "1", "type": "mention"')
    })
    expect(await verdict()).toMatchObject({ kind: 'retry', message: expect.stringMatching(/not valid JSON/) })

    once((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end('<!DOCTYPE html><html><body>Captive portal: please log in</body></html>')
    })
    expect(await verdict()).toMatchObject({ kind: 'retry' })

    once((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"error":"not a list"}')
    })
    expect(await verdict()).toMatchObject({ kind: 'retry', message: expect.stringMatching(/does not look like Mastodon/) })

    once((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const chunk = Buffer.alloc(1024 * 1024, 0x20)
      for (let i = 0; i < 10; i++) res.write(chunk)
      res.end('[]')
    })
    const big = await poll()
    expect(big).toMatchObject({ reason: 'too_large' })
    expect(connector.classifyError(big).kind).toBe('retry')

    const port = await closedPort()
    const offline = await poll({ account: { ...ctx.account, baseUrl: `http://127.0.0.1:${port}` } })
    expect(connector.classifyError(offline).kind).toBe('offline')
  })

  it('explains scope, validation and not-found answers in plain words', () => {
    const errors = fixture('errors.json') as Record<string, { status: number; headers: Record<string, string>; body: unknown }>
    const make = (name: string, path: string) => {
      const e = errors[name]!
      return new HttpError(e.status, new Headers(e.headers), JSON.stringify(e.body), `https://m.example${path}`, `m.example answered ${e.status}`)
    }
    expect(connector.classifyError(make('scope', '/api/v1/statuses'))).toMatchObject({ kind: 'bad_request', message: expect.stringMatching(/does not allow this .*outside the authorized scopes/) })
    expect(connector.classifyError(make('validation', '/api/v1/statuses'))).toEqual({ kind: 'bad_request', message: "Mastodon did not accept it: Text can't be blank." })
    expect(connector.classifyError(make('notFound', '/api/v1/statuses/1/context')).kind).toBe('bad_request')
    expect(connector.classifyError(make('notFound', '/api/v1/notifications')).kind).toBe('disconnect')
    expect(connector.classifyError(make('unauthorized', '/api/v1/notifications')).kind).toBe('reauth')
  })
})

describe('Mastodon send and reconcile', () => {
  async function story() {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const statuses = [...f.state.statuses.values()]
    return { c, f, ctx: ctxFor(f, c), statuses }
  }

  it('posts a reply once per idempotency key, its text exactly as given', async () => {
    const { f, ctx, statuses } = await story()
    const inesAsk = statuses[1]!
    const reply: OutboundReply = { text: '@ines@fosstodon.org Yes, it fits! Use the 2.4.1 firmware.', inReplyTo: inesAsk.id, conversationKey: statuses[0]!.id, kind: 'comment' }
    const before = f.statusesPostedBy('brand').length
    const first = await connector.send(reply, 'outbox-7f3a', ctx)
    const again = await connector.send(reply, 'outbox-7f3a', ctx)
    expect(again.remoteId).toBe(first.remoteId)
    expect(f.statusesPostedBy('brand')).toHaveLength(before + 1)
    const posted = f.state.statuses.get(first.remoteId)!
    expect(posted).toMatchObject({ text: '@ines@fosstodon.org Yes, it fits! Use the 2.4.1 firmware.', visibility: 'public', inReplyToId: inesAsk.id })
    const posts = f.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses')
    expect(posts.map((r) => r.headers['idempotency-key'])).toEqual(['outbox-7f3a', 'outbox-7f3a'])
    expect(first.permalink).toBe(`${f.url}/@lumenbikes/${first.remoteId}`)
    expect(first.item).toMatchObject({ remoteId: first.remoteId, direction: 'out', kind: 'comment', conversationKey: statuses[0]!.id, parentRemoteId: inesAsk.id })
    expect(first.item!.text).toBe('@ines Yes, it fits! Use the 2.4.1 firmware.')
  })

  it('refuses a reply without the mentions Mastodon needs to deliver it, and never adds them itself', async () => {
    const { f, ctx, statuses } = await story()
    const inesAsk = statuses[1]!
    const before = f.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses').length
    const error = await failure(connector.send({ text: 'Yes, it fits!', inReplyTo: inesAsk.id, conversationKey: statuses[0]!.id, kind: 'comment' }, 'k-bare', ctx))
    expect(error).toMatchObject({ code: 'bad_input', message: expect.stringMatching(/^Mastodon delivers a reply only to the people it mentions, so it must contain @ines@fosstodon.org\./) })
    expect(connector.classifyError(error)).toMatchObject({ kind: 'bad_request' })
    expect(f.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses')).toHaveLength(before)
  })

  it('answers a DM privately, addressing the participants once', async () => {
    const { f, ctx, statuses } = await story()
    const samThanks = statuses[8]!
    const conversationKey = `dm:${f.conversationOf(samThanks.id)}`
    const sent = await connector.send({ text: '@sam Your bike ships on Monday.', inReplyTo: samThanks.id, conversationKey, kind: 'dm' }, 'k-dm-1', ctx)
    expect(f.state.statuses.get(sent.remoteId)).toMatchObject({ visibility: 'direct', text: '@sam Your bike ships on Monday.' })
    expect(f.conversationOf(sent.remoteId)).toBe(f.conversationOf(samThanks.id))
    const second = await connector.send({ text: '@sam One more thing: tracking follows.', inReplyTo: sent.remoteId, conversationKey, kind: 'dm' }, 'k-dm-2', ctx)
    expect(f.state.statuses.get(second.remoteId)!.text).toBe('@sam One more thing: tracking follows.')
  })

  it('keeps an unlisted thread unlisted and reports Mastodon validation errors plainly', async () => {
    const { f, ctx } = await story()
    const parent = f.addMention({ from: 'juergen', text: 'Quiet question', visibility: 'unlisted' })
    const sent = await connector.send({ text: '@juergen@chaos.social Quiet answer', inReplyTo: parent.id, conversationKey: parent.id, kind: 'mention' }, 'k-u', ctx)
    expect(f.state.statuses.get(sent.remoteId)!.visibility).toBe('unlisted')

    const error = await failure(connector.send({ text: `@juergen@chaos.social ${'x'.repeat(501)}`, inReplyTo: parent.id, conversationKey: parent.id, kind: 'mention' }, 'k-long', ctx))
    expect((error as HttpError).status).toBe(422)
    expect(connector.classifyError(error)).toEqual({ kind: 'bad_request', message: 'Mastodon did not accept it: Text character limit of 500 exceeded.' })

    f.deleteStatus(parent.id)
    await expect(connector.send({ text: 'late', inReplyTo: parent.id, conversationKey: parent.id, kind: 'mention' }, 'k-gone', ctx)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('reconciles: finds a sent reply, reports not_sent otherwise, unknown when offline', async () => {
    const { f, ctx, statuses } = await story()
    const hanako = statuses[4]!
    const reply: OutboundReply = { text: '@hanako@mstdn.jp Yes! Our Tokyo partner shop\n\nhas test rides on Saturdays: https://lumen.example/tokyo', inReplyTo: hanako.id, conversationKey: hanako.id, kind: 'mention' }
    expect(await connector.reconcile(reply, 'k-r', ctx)).toEqual({ state: 'not_sent' })
    const sent = await connector.send(reply, 'k-r', ctx)
    expect(await connector.reconcile(reply, 'k-r', ctx)).toEqual({ state: 'sent', remoteId: sent.remoteId, permalink: sent.permalink })
    expect(await connector.reconcile({ ...reply, text: 'A different answer' }, 'k-other', ctx)).toEqual({ state: 'not_sent' })
    expect(await connector.reconcile({ ...reply, inReplyTo: statuses[3]!.id }, 'k-other', ctx)).toEqual({ state: 'not_sent' })
    expect(f.requests.filter((r) => r.path === `/api/v1/accounts/${f.brand.id}/statuses`).every((r) => r.query.get('limit') === '40')).toBe(true)
    const port = await closedPort()
    expect(await connector.reconcile(reply, 'k-r', { ...ctx, account: { ...ctx.account, baseUrl: `http://127.0.0.1:${port}` } })).toEqual({ state: 'unknown' })
  })

  it('reconciles a reply the brand posted more than a page of posts ago by looking in its thread', async () => {
    const { f, ctx, statuses } = await story()
    const hanako = statuses[4]!
    const reply: OutboundReply = { text: '@hanako@mstdn.jp Test rides on Saturdays.', inReplyTo: hanako.id, conversationKey: hanako.id, kind: 'mention' }
    const sent = await connector.send(reply, 'k-early', ctx)
    // A team's other laptops went on posting while the one that sent this restarted.
    for (let i = 0; i < 45; i++) f.addBrandPost(`Shop news ${i}`)
    expect(await connector.reconcile(reply, 'k-early', ctx)).toEqual({ state: 'sent', remoteId: sent.remoteId, permalink: sent.permalink })
    // Another account's reply with the same words in the thread is not ours.
    const other = f.addMention({ from: 'ines', text: 'Same question', inReplyTo: hanako.id })
    f.addStatus({ from: 'ines', text: '@hanako@mstdn.jp Test rides on Saturdays.', inReplyTo: other.id })
    expect(await connector.reconcile({ ...reply, inReplyTo: other.id }, 'k-other', ctx)).toEqual({ state: 'not_sent' })
    // The post answered is gone and the reply is not among the newest: nothing stands under it.
    const gone = f.addMention({ from: 'juergen', text: 'Deleted later' })
    f.deleteStatus(gone.id)
    expect(await connector.reconcile({ ...reply, inReplyTo: gone.id }, 'k-gone', ctx)).toEqual({ state: 'not_sent' })
  })
})

describe('Mastodon moderation', () => {
  it('blocks, mutes and deletes on the server; refuses hide', async () => {
    const c = clock()
    const f = await fake({ now: () => c.now() })
    const ctx = ctxFor(f, c)
    await connector.moderate({ kind: 'block', authorRemoteId: f.cast.zed.id }, ctx)
    await connector.moderate({ kind: 'mute', authorRemoteId: f.cast.juergen.id }, ctx)
    expect([...f.blocked]).toEqual([f.cast.zed.id])
    expect([...f.muted]).toEqual([f.cast.juergen.id])
    expect(f.requests.some((r) => r.method === 'POST' && r.path === `/api/v1/accounts/${f.cast.zed.id}/block`)).toBe(true)

    const own = f.addBrandPost('Oops, wrong link')
    await connector.moderate({ kind: 'delete', remoteId: own.id }, ctx)
    expect(f.statusesPostedBy('brand').map((s) => s.id)).not.toContain(own.id)
    await expect(connector.moderate({ kind: 'delete', remoteId: own.id }, ctx)).resolves.toBeUndefined()

    await expect(connector.moderate({ kind: 'hide', remoteId: '1', conversationKey: '1' }, ctx)).rejects.toMatchObject({
      code: 'bad_input',
      message: expect.stringMatching(/^Mastodon has no way to hide a reply/),
    })
    expect(connector.capabilities.has('hide')).toBe(false)
  })
})

describe('Mastodon mapping of recorded payloads', () => {
  const ctx = { host: 'mastodon.social', brandId: '109300000' }

  it('maps notifications, keeping HTML untouched and text plain, and skips malformed entries', () => {
    const notifications = parseEach(notificationSchema, fixture('notifications_mentions.json') as unknown[])
    expect(notifications.map((n) => n.id)).toEqual(['34975865', '34975861', '34975850'])
    const [claim, spam, sam] = notifications.map((n) => statusToItem(n.status!, ctx, { kind: 'mention', conversationKey: n.status!.id }))
    expect(claim!.text).toBe('CW: Warranty claim\n\n@lumenbikes Found this crack on my frame after three months & 1,200 km. Photos attached.\n\n[image: Hairline crack near the rear dropout]')
    expect(claim!.author).toEqual({
      remoteId: '110254871633',
      handle: '@orjan@mastodon.online',
      displayName: 'Ørjan Søndergård',
      avatarUrl: 'https://files.mastodon.social/cache/accounts/avatars/110/254/871/633/original/a1.jpg',
      profileUrl: 'https://mastodon.online/@orjan',
    })
    expect(spam!.html).toContain('<img src="x" onerror="alert(2)">')
    expect(spam!.text).toBe('@lumenbikes FREE e-bike giveaway!!! claim now 5 < 6')
    expect(spam!.permalink).toBe('https://spam.example/users/promo/statuses/1')
    expect(spam!.raw).toMatchObject({ id: '113501547262689280', uri: 'https://spam.example/users/promo/statuses/1' })
    expect(sam!.author).toMatchObject({ displayName: 'sam', handle: '@sam@mastodon.social' })
    expect(sam!.text).toBe('@lumenbikes Is the #Commuter3 frame the same size?\nAsking for a friend.\n\nSecond paragraph.')
    expect(sam!.parentRemoteId).toBe('113498650112000000')
    expect(sam!.createdAt).toBe(Date.parse('2026-11-15T18:03:10.998Z'))
    // Entities are decoded once: an escaped entity in the post stays visible as typed.
    const typed = statusToItem({ ...notifications[0]!.status!, spoiler_text: '', media_attachments: [], content: '<p>R&amp;D &amp;lt;b&amp;gt; &quot;ok&quot;</p>' }, ctx, { kind: 'mention', conversationKey: 'x' })
    expect(typed.text).toBe('R&D &lt;b&gt; "ok"')
  })

  it('maps a conversation and the brand\'s own posts as outgoing', () => {
    const [conversation] = parseEach(conversationSchema, fixture('conversations.json') as unknown[])
    const item = statusToItem(conversation!.last_status!, ctx, { kind: 'dm', conversationKey: 'dm:9104' })
    expect(item.text).toBe("@lumenbikes Thank you! It's the Commuter 2 in forest green, if that helps.")
    expect(item.direction).toBe('in')
    const { ancestors } = fixture('context.json') as { ancestors: Parameters<typeof statusToItem>[0][] }
    expect(statusToItem(ancestors[0]!, ctx, { kind: 'comment', conversationKey: '1', isContext: true })).toMatchObject({ direction: 'out', isContext: true })
  })

  it('reads Link headers and orders opaque ids without casting them', () => {
    expect(
      parseLinkHeader('<https://m.example/api/v1/notifications?max_id=34975535&types%5B%5D=mention>; rel="next", <https://m.example/api/v1/notifications?min_id=34975861>; rel="prev"'),
    ).toEqual({ next: 'https://m.example/api/v1/notifications?max_id=34975535&types%5B%5D=mention', prev: 'https://m.example/api/v1/notifications?min_id=34975861' })
    expect(parseLinkHeader(null)).toEqual({ next: null, prev: null })
    expect(compareIds('113501862211459072', '99999999999999999')).toBeGreaterThan(0)
    expect(compareIds('9007199254740993', '9007199254740992')).toBeGreaterThan(0)
    expect(compareIds('01HZX', '01HZY')).toBeLessThan(0)
  })
})

describe('Mastodon fake server', () => {
  it('counts requests per token and per account, as Mastodon does: one token running out leaves the others theirs', async () => {
    const f = await fake({ seed: false, rateLimit: 3 })
    const first = f.token
    const second = f.issueToken('second-laptop-token')
    const get = (token: string) => fetch(`${f.url}/api/v1/accounts/verify_credentials`, { headers: { Authorization: `Bearer ${token}` } })
    const statuses = async (token: string, n: number) => { const out = []; for (let i = 0; i < n; i++) out.push((await get(token)).status); return out }
    expect(await statuses(first, 4)).toEqual([200, 200, 200, 429])
    const answer = await get(second)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('2')
    // The account's window (five times a token's) counts every token together.
    expect(await statuses(second, 2)).toEqual([200, 200])
    const more: number[] = []
    for (const token of ['third', 'fourth', 'fifth']) more.push(...(await statuses(f.issueToken(`${token}-laptop-token`), 3)))
    // 16 requests in all: the account's 15 are spent, though the fifth token has used only two of its own.
    expect(more).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429])
  })

  it('pages notifications like Mastodon: min_id is immediately newer, since_id the newest, both newest first', async () => {
    const f = await fake({ seed: false })
    for (let i = 0; i < 6; i++) f.addMention({ from: 'ines', text: `n${i}` })
    const all = f.state.notifications.map((n) => n.id)
    const get = async (query: string) => {
      const res = await fetch(`${f.url}/api/v1/notifications?${query}`, { headers: { Authorization: `Bearer ${f.token}` } })
      return { ids: ((await res.json()) as { id: string }[]).map((n) => n.id), res }
    }
    const min = await get(`min_id=${all[0]}&limit=2`)
    expect(min.ids).toEqual([all[2], all[1]])
    expect(min.res.headers.get('link')).toBe(
      `<${f.url}/api/v1/notifications?limit=2&max_id=${all[1]}>; rel="next", <${f.url}/api/v1/notifications?limit=2&min_id=${all[2]}>; rel="prev"`,
    )
    expect((await get(`since_id=${all[0]}&limit=2`)).ids).toEqual([all[5], all[4]])
    expect((await get(`max_id=${all[3]}`)).ids).toEqual([all[2], all[1], all[0]])
    expect((await get('types[]=follow')).ids).toEqual([])
    const headers = min.res.headers
    expect(headers.get('x-ratelimit-limit')).toBe('300')
    expect(Number(headers.get('x-ratelimit-remaining'))).toBeLessThan(300)
    expect(headers.get('x-ratelimit-reset')).toMatch(/Z$/)

    const denied = await fetch(`${f.url}/api/v1/notifications`, { headers: { Authorization: 'Bearer nope' } })
    expect(denied.status).toBe(401)
    expect(denied.headers.get('www-authenticate')).toContain('invalid_token')
    expect(denied.headers.get('x-ratelimit-remaining')).not.toBeNull()
    expect(await denied.json()).toEqual({ error: 'The access token is invalid' })
  })

  it('stops notifying about a blocked account, and a new token works after revoking', async () => {
    const f = await fake({ seed: false })
    f.state.blocks.add(f.cast.zed.id)
    f.addMention({ from: 'zed', text: 'spam' })
    expect(f.state.notifications).toHaveLength(0)
    f.revokeToken()
    const token = f.issueToken()
    const res = await fetch(`${f.url}/api/v1/accounts/verify_credentials`, { headers: { Authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
  })
})
