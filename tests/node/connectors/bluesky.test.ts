import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { TID } from '@atproto/common-web'
import { afterEach, describe, expect, it } from 'vitest'
import { blueskyConnector, DM_ACCESS_MESSAGE, tidFromKey } from '../../../src/main/features/connectors/bluesky'
import { likePost } from '../../../src/main/features/connectors/bluesky/moderation'
import { BlueskyApi } from '../../../src/main/features/connectors/bluesky/api'
import { startBlueskyFake, type BlueskyFake, type BlueskyFakeOptions } from '../../../src/main/features/connectors/bluesky/fake-server'
import { mapMessage, mapNotification } from '../../../src/main/features/connectors/bluesky/mapping'
import { MAX_NOTIFICATION_PAGES } from '../../../src/main/features/connectors/bluesky/notifications'
import { isTid, tidFromTime } from '../../../src/main/features/connectors/bluesky/tid'
import { createHttpClient, HttpError, NetworkError, type HttpClient } from '../../../src/main/base/http'
import type { ConnectorContext, ErrorClass, OutboundReply } from '../../../src/main/model/connector'
import type { NormalizedItem } from '../../../src/main/model/items'
import { ParleyError } from '../../../src/shared/contract'

const PASSWORD = 'lumn-4pp2-pass-w0rd'
const HOUR = 3600_000
const fixtures = join(import.meta.dirname, '../../fixtures/bluesky')
const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as T

const http = createHttpClient('Parley-test')
const fakes: BlueskyFake[] = []

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()))
})

async function fake(options?: BlueskyFakeOptions): Promise<BlueskyFake> {
  const server = await startBlueskyFake(options)
  fakes.push(server)
  return server
}

interface TestCtx extends ConnectorContext {
  savedSecrets: Record<string, string>[]
  savedSettings: Record<string, unknown>[]
}

async function connect(server: BlueskyFake, client: HttpClient = http): Promise<TestCtx> {
  const result = await blueskyConnector.connect({ service: server.url, handle: 'lumenbikes.bsky.social', appPassword: PASSWORD }, http)
  const savedSecrets: Record<string, string>[] = []
  const savedSettings: Record<string, unknown>[] = []
  return {
    http: client,
    clock: { now: () => Date.now() },
    account: { id: 1, baseUrl: result.seed.baseUrl, handle: result.seed.handle, settings: { ...result.settings }, secrets: { ...result.secrets } },
    saveSecrets: async (s) => void savedSecrets.push(s),
    saveSettings: async (s) => void savedSettings.push(s),
    savedSecrets,
    savedSettings,
  }
}

const since = (hours: number) => ({ backfillSince: Date.now() - hours * HOUR })
const poll = (ctx: ConnectorContext, stream: string, cursor: string | null, hours = 24 * 7) => blueskyConnector.poll(stream, cursor, ctx, since(hours))
const xrpcCalls = (server: BlueskyFake, nsid: string) => server.requests.filter((r) => r.path === `/xrpc/${nsid}`)

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

async function classified(promise: Promise<unknown>): Promise<ErrorClass> {
  return blueskyConnector.classifyError(await failure(promise))
}

function byText(items: NormalizedItem[], text: string): NormalizedItem {
  const found = items.find((i) => i.text.includes(text))
  if (!found) throw new Error(`no item with "${text}" in ${items.map((i) => i.text).join(' | ')}`)
  return found
}

describe('bluesky connect', () => {
  it('signs in with an app password and describes the account', async () => {
    const server = await fake()
    const result = await blueskyConnector.connect({ service: server.url, handle: '@lumenbikes.bsky.social ', appPassword: PASSWORD }, http)
    expect(result.seed).toEqual({ platform: 'bluesky', displayName: 'Lumen Bikes', handle: 'lumenbikes.bsky.social', baseUrl: server.url })
    expect(result.settings).toEqual({ did: server.brand.did, dmAccess: true })
    expect(result.secrets.appPassword).toBe(PASSWORD)
    const session = JSON.parse(result.secrets.session!) as Record<string, string>
    expect(Object.keys(session).sort()).toEqual(['accessJwt', 'refreshJwt'])
    expect(server.createSessionCalls).toBe(1)
    expect(xrpcCalls(server, 'chat.bsky.convo.listConvos')[0]!.headers['atproto-proxy']).toBe('did:web:api.bsky.chat#bsky_chat')
  })

  it('notes when the app password has no DM access', async () => {
    const server = await fake({ privileged: false })
    const result = await blueskyConnector.connect({ service: server.url, handle: 'lumenbikes.bsky.social', appPassword: PASSWORD }, http)
    expect(result.settings.dmAccess).toBe(false)
  })

  it('refuses a wrong password in plain words', async () => {
    const server = await fake()
    const error = await failure(blueskyConnector.connect({ service: server.url, handle: 'lumenbikes.bsky.social', appPassword: 'nope-nope-nope-nope' }, http))
    expect(error).toBeInstanceOf(ParleyError)
    expect((error as ParleyError).code).toBe('unauthorized')
    expect((error as ParleyError).message).toMatch(/did not accept that handle and app password/)
  })

  it('explains that app passwords avoid the email sign-in code', async () => {
    const server = await fake({ twoFactorPassword: 'main-password' })
    const error = (await failure(blueskyConnector.connect({ service: server.url, handle: 'lumenbikes.bsky.social', appPassword: 'main-password' }, http))) as ParleyError
    expect(error.code).toBe('unauthorized')
    expect(error.message).toMatch(/app passwords skip the code/)
  })

  it('says unavailable for a closed port, malformed JSON and an HTML page', async () => {
    const server = await fake()
    const closedUrl = server.url
    await server.close()
    fakes.splice(fakes.indexOf(server), 1)
    const closed = (await failure(blueskyConnector.connect({ service: closedUrl, handle: 'a.bsky.social', appPassword: PASSWORD }, http))) as ParleyError
    expect(closed.code).toBe('unavailable')
    expect(closed.message).toMatch(/Could not reach/)

    const broken = await fake()
    broken.inject(
      (r) => r.path.endsWith('createSession'),
      (_r, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end('{"accessJwt": "abc", ')
      },
    )
    broken.inject(
      (r) => r.path.endsWith('createSession'),
      (_r, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' })
        res.end('<html><body>Welcome to the hotel Wi-Fi</body></html>')
      },
    )
    for (let i = 0; i < 2; i++) {
      const error = (await failure(blueskyConnector.connect({ service: broken.url, handle: 'lumenbikes.bsky.social', appPassword: PASSWORD }, http))) as ParleyError
      expect(error.code).toBe('unavailable')
      expect(error.message).toMatch(/did not answer like a Bluesky server/)
    }
  })

  it('asks for the missing fields', async () => {
    await expect(blueskyConnector.connect({ handle: '', appPassword: PASSWORD }, http)).rejects.toMatchObject({ code: 'bad_input' })
    await expect(blueskyConnector.connect({ handle: 'a.bsky.social', appPassword: ' ' }, http)).rejects.toMatchObject({ code: 'bad_input' })
  })
})

describe('bluesky notifications stream', () => {
  it('backfills replies, mentions and quotes with thread context', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const { items, nextCursor, gap } = await poll(ctx, 'notifications', null)
    expect(gap).toBeUndefined()
    expect(nextCursor).toBeTruthy()

    const call = xrpcCalls(server, 'app.bsky.notification.listNotifications')[0]!
    expect(call.query.getAll('reasons')).toEqual(['mention', 'reply', 'quote'])
    expect(call.query.get('limit')).toBe('50')

    const zoe = byText(items, 'Booked for Saturday')
    const root = byText(items, 'Spring service week')
    expect(root).toMatchObject({ isContext: true, direction: 'out', kind: 'comment', conversationKey: root.remoteId })
    expect(zoe).toMatchObject({ kind: 'comment', direction: 'in', conversationKey: root.remoteId, parentRemoteId: root.remoteId })
    expect(zoe.author).toMatchObject({ displayName: 'Zoë Åberg', handle: 'zoe-aberg.bsky.social', profileUrl: 'https://bsky.app/profile/zoe-aberg.bsky.social' })
    expect(zoe.permalink).toMatch(/^https:\/\/bsky\.app\/profile\/zoe-aberg\.bsky\.social\/post\/[a-z2-7]{13}$/)
    expect(zoe.createdAt).toBeLessThan(Date.now())

    // Zoë's thanks answers the brand's reply: that reply comes along as ours, not as context.
    const thanks = byText(items, 'Perfect, thanks')
    const brandAnswer = byText(items, 'brake bleeding is included')
    expect(thanks.parentRemoteId).toBe(brandAnswer.remoteId)
    expect(brandAnswer).toMatchObject({ direction: 'out', conversationKey: root.remoteId })
    expect(brandAnswer.isContext).toBeUndefined()

    expect(byText(items, 'かっこいい').author.displayName).toBe('渡辺 さくら')
    expect(byText(items, 'test-rode an Aero 2')).toMatchObject({ kind: 'mention' })
    expect(byText(items, 'This is the one')).toMatchObject({ kind: 'mention', direction: 'in' })
    expect(byText(items, 'Full review').html).toContain('<a href="https://velo-notes.example.org/aero-2-review">')
    expect(new Set(items.map((i) => i.remoteId)).size).toBe(items.length)
  })

  it('keeps markup in posts as text: escaped in html, literal in text', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const { items } = await poll(ctx, 'notifications', null)
    const mallory = byText(items, 'legit')
    expect(mallory.text).toBe("<script>alert('xss')</script> is this <b>legit</b>? https://evil.example/x")
    expect(mallory.html).not.toContain('<script>')
    expect(mallory.html).toContain('&lt;script&gt;')
    expect(mallory.html).toContain('<a href="https://evil.example/x">https://evil.example/x</a>')
    expect(mallory.author.displayName).toBe('Mallory <img src=x onerror=alert(1)>')
  })

  it('pages older with the cursor during a backfill and stops at backfillSince', async () => {
    const server = await fake()
    const aero = server.recordsOf('app.bsky.feed.post').find((r) => String(r.value.text).includes('Aero 2:'))!
    for (let i = 0; i < 120; i++) server.addReply({ from: i % 2 ? 'jose' : 'olga', text: `Reply number ${i}`, toPost: aero.uri })
    const ctx = await connect(server)
    const progress: number[] = []
    const { items } = await blueskyConnector.poll('notifications', null, ctx, { ...since(24 * 7), onProgress: (n) => progress.push(n) })
    const calls = xrpcCalls(server, 'app.bsky.notification.listNotifications')
    expect(calls.length).toBe(3)
    expect(calls[0]!.query.get('cursor')).toBeNull()
    expect(calls[1]!.query.get('cursor')).toBeTruthy()
    expect(items.filter((i) => i.text.startsWith('Reply number')).length).toBe(120)
    expect(progress.at(-1)).toBeGreaterThanOrEqual(120)

    const recent = await poll(await connect(server), 'notifications', null, 15)
    expect(recent.items.some((i) => i.text.includes('Booked for Saturday'))).toBe(false)
    expect(recent.items.some((i) => i.text.includes('legit'))).toBe(true)
  })

  it('returns only new items on the next poll, and nothing when nothing changed', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const first = await poll(ctx, 'notifications', null)
    const rootUri = byText(first.items, 'Spring service week').remoteId
    const newUri = server.addReply({ from: 'sakura', text: '東京の店舗はありますか？', toPost: rootUri })
    const mentionUri = server.addMention({ from: 'olga' })

    const second = await poll(ctx, 'notifications', first.nextCursor)
    const inbound = second.items.filter((i) => !i.isContext)
    expect(inbound.map((i) => i.remoteId).sort()).toEqual([newUri, mentionUri].sort())
    expect(second.items.find((i) => i.isContext)?.remoteId).toBe(rootUri)

    const before = xrpcCalls(server, 'app.bsky.notification.listNotifications').length
    const third = await poll(ctx, 'notifications', second.nextCursor)
    expect(third.items).toEqual([])
    expect(third.gap).toBeUndefined()
    expect(xrpcCalls(server, 'app.bsky.notification.listNotifications').length).toBe(before + 1)
  })

  it('files replies to a new brand post as comments and quotes as mentions', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const first = await poll(ctx, 'notifications', null)
    const launch = server.brandPost('Night rides start Friday 🌙')
    const reply = server.addReply({ from: { did: 'did:plc:newcomer2a3b4c5d6e7f2g3h4', handle: 'newcomer.bsky.social', displayName: 'Ngozi Ọkafọ' }, text: 'Count me in!', toPost: launch })
    const quote = server.addQuote({ from: 'jose', text: '¡Vamos! 🌙', quoting: launch })
    const { items } = await poll(ctx, 'notifications', first.nextCursor)
    expect(items.find((i) => i.remoteId === launch)).toMatchObject({ isContext: true, direction: 'out', conversationKey: launch })
    expect(items.find((i) => i.remoteId === reply)).toMatchObject({ kind: 'comment', conversationKey: launch, author: { displayName: 'Ngozi Ọkafọ' } })
    expect(items.find((i) => i.remoteId === quote)).toMatchObject({ kind: 'mention', conversationKey: quote })
  })

  it('still picks up a notification indexed a little before the watermark', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const aero = server.recordsOf('app.bsky.feed.post').find((r) => String(r.value.text).includes('Aero 2:'))!
    server.addReply({ from: 'zoe', text: 'Newest reply', toPost: aero.uri })
    const first = await poll(ctx, 'notifications', null)
    const late = server.addReply({ from: 'olga', text: 'Late replica', toPost: aero.uri })
    const newest = server.state.notifications.find((n) => n.uri === first.items.find((i) => i.text === 'Newest reply')!.remoteId)!
    server.state.notifications.at(-1)!.indexedAt = new Date(Date.parse(newest.indexedAt) - 30_000).toISOString()
    const second = await poll(ctx, 'notifications', first.nextCursor)
    expect(second.items.filter((i) => !i.isContext).map((i) => i.remoteId)).toEqual([late])
  })

  it('reports a gap when more arrived than it pages through', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const first = await poll(ctx, 'notifications', null)
    const rootUri = byText(first.items, 'Spring service week').remoteId
    const flood = MAX_NOTIFICATION_PAGES * 50 + 5
    for (let i = 0; i < flood; i++) server.addReply({ from: 'riderx.bsky.social', text: `Flood ${i}`, toPost: rootUri })
    const second = await poll(ctx, 'notifications', first.nextCursor)
    expect(second.gap).toBe(true)
    expect(second.items.filter((i) => i.text.startsWith('Flood')).length).toBe(MAX_NOTIFICATION_PAGES * 50)
    // The watermark moved to the newest, so the following poll is quiet again (one page, no gap).
    const before = xrpcCalls(server, 'app.bsky.notification.listNotifications').length
    const third = await poll(ctx, 'notifications', second.nextCursor)
    expect(third.items).toEqual([])
    expect(third.gap).toBeUndefined()
    expect(xrpcCalls(server, 'app.bsky.notification.listNotifications').length).toBe(before + 1)
  })
})

describe('bluesky session', () => {
  it('refreshes an expired access token, saves the rotated pair and never logs in again', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const original = ctx.account.secrets.session
    server.expireAccessTokens()
    const { items } = await poll(ctx, 'notifications', null)
    expect(items.length).toBeGreaterThan(0)
    expect(server.refreshCalls).toBe(1)
    expect(server.createSessionCalls).toBe(1)
    expect(ctx.savedSecrets).toHaveLength(1)
    const rotated = JSON.parse(ctx.savedSecrets[0]!.session!) as Record<string, string>
    const old = JSON.parse(original!) as Record<string, string>
    expect(rotated.accessJwt).not.toBe(old.accessJwt)
    expect(rotated.refreshJwt).not.toBe(old.refreshJwt)
    expect(ctx.savedSecrets[0]!.appPassword).toBe(PASSWORD)
    const refresh = xrpcCalls(server, 'com.atproto.server.refreshSession')[0]!
    expect(refresh.headers.authorization).toBe(`Bearer ${old.refreshJwt}`)

    for (let i = 0; i < 8; i++) await poll(ctx, 'notifications', null)
    expect(server.createSessionCalls).toBe(1)
    expect(server.refreshCalls).toBe(1)
  })

  it('refreshes once when two streams find the token expired together', async () => {
    const server = await fake()
    const ctx = await connect(server)
    server.expireAccessTokens()
    const other: ConnectorContext = { ...ctx, account: { ...ctx.account, secrets: { ...ctx.account.secrets } } }
    await Promise.all([poll(ctx, 'notifications', null), poll(other, 'chat', null)])
    expect(server.refreshCalls).toBe(1)
    expect(server.createSessionCalls).toBe(1)
  })

  it('logs in again with the app password when the refresh token is dead', async () => {
    const server = await fake()
    const ctx = await connect(server)
    server.expireAccessTokens()
    server.expireRefreshTokens()
    await poll(ctx, 'notifications', null)
    expect(server.createSessionCalls).toBe(2)
    expect(ctx.savedSecrets).toHaveLength(1)

    server.revokeSessions()
    await poll(ctx, 'notifications', null)
    expect(server.createSessionCalls).toBe(3)
  })

  it('asks the PDS for the DID when an older account has none stored', async () => {
    const server = await fake()
    const ctx = await connect(server)
    ctx.account.settings = {}
    const { items } = await poll(ctx, 'notifications', null)
    expect(byText(items, 'Spring service week').direction).toBe('out')
    expect(ctx.savedSettings).toEqual([{ did: server.brand.did }])
    expect(xrpcCalls(server, 'com.atproto.server.getSession')).toHaveLength(1)
  })

  it('asks for reauth when the app password was revoked', async () => {
    const server = await fake()
    const ctx = await connect(server)
    server.revokeSessions()
    server.revokeAppPassword()
    const result = await classified(poll(ctx, 'notifications', null))
    expect(result.kind).toBe('reauth')
    expect(server.createSessionCalls).toBe(2)
  })

  it('stops at the createSession limit instead of logging in on every poll', async () => {
    const server = await fake({ createSessionCap: 2 })
    const ctx = await connect(server)
    server.expireRefreshTokens()
    server.expireAccessTokens()
    await poll(ctx, 'notifications', null)
    server.expireRefreshTokens()
    server.expireAccessTokens()
    const result = await classified(poll(ctx, 'notifications', null))
    expect(result.kind).toBe('rate_limited')
    if (result.kind === 'rate_limited') expect(result.until).toBeGreaterThan(Date.now() + 23 * HOUR)
  })
})

describe('bluesky errors', () => {
  it('honours RateLimit-Reset (unix seconds, no X- prefix) on a 429', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const reset = Math.floor(Date.now() / 1000) + 600
    server.inject(
      (r) => r.path.endsWith('listNotifications'),
      (_r, res) => {
        res.writeHead(429, { 'Content-Type': 'application/json', 'RateLimit-Limit': '3000', 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(reset), 'RateLimit-Policy': '3000;w=300' })
        res.end(JSON.stringify({ error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }))
      },
    )
    const result = await classified(poll(ctx, 'notifications', null))
    expect(result).toMatchObject({ kind: 'rate_limited', until: reset * 1000 })
  })

  it('sends RateLimit-* headers on every answer', async () => {
    const server = await fake()
    const res = await http.request(`${server.url}/xrpc/com.atproto.identity.resolveHandle?handle=lumenbikes.bsky.social`)
    expect(res.headers.get('ratelimit-policy')).toBe('3000;w=300')
    expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000)
    expect(res.headers.get('x-ratelimit-reset')).toBeNull()
  })

  it('retries 5xx, timeouts, malformed JSON, HTML pages and oversized bodies', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const quick: HttpClient = { request: (url, init) => http.request(url, { ...init, timeoutMs: 300 }) }
    const quickCtx = { ...ctx, http: quick }
    const isList = (r: { path: string }) => r.path.endsWith('listNotifications')
    server.inject(isList, (_r, res) => {
      res.writeHead(502, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ error: 'UpstreamFailure', message: 'Upstream Failure' }))
    })
    expect((await classified(poll(ctx, 'notifications', null))).kind).toBe('retry')

    server.inject(isList, () => new Promise<void>(() => {}))
    const timeout = await failure(poll(quickCtx, 'notifications', null))
    expect(timeout).toBeInstanceOf(NetworkError)
    expect((timeout as NetworkError).reason).toBe('timeout')
    expect(blueskyConnector.classifyError(timeout).kind).toBe('retry')

    server.inject(isList, (_r, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('{"notifications": [')
    })
    expect((await classified(poll(ctx, 'notifications', null))).kind).toBe('retry')

    server.inject(isList, (_r, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end('<!doctype html><p>Service unavailable</p>')
    })
    const html = await failure(poll(ctx, 'notifications', null))
    expect((html as NetworkError).reason).toBe('bad_body')

    server.inject(isList, (_r, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ notifications: 'nope' }))
    })
    expect(((await failure(poll(ctx, 'notifications', null))) as NetworkError).reason).toBe('bad_body')

    server.inject(isList, (_r, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ notifications: [], padding: 'x'.repeat(10 * 1024 * 1024) }))
    })
    const big = await failure(poll(ctx, 'notifications', null))
    expect((big as NetworkError).reason).toBe('too_large')
    expect(blueskyConnector.classifyError(big).kind).toBe('retry')
  })

  it('classifies XRPC error names from the body', () => {
    const errors = fixture<Record<string, { status: number; body: unknown; headers?: Record<string, string> }>>('errors.json')
    const make = (name: string) => {
      const e = errors[name]!
      return new HttpError(e.status, new Headers(e.headers ?? {}), JSON.stringify(e.body), 'https://bsky.social/xrpc/x', 'failed')
    }
    expect(blueskyConnector.classifyError(make('expiredToken')).kind).toBe('retry')
    expect(blueskyConnector.classifyError(make('invalidToken')).kind).toBe('reauth')
    expect(blueskyConnector.classifyError(make('badLogin')).kind).toBe('reauth')
    expect(blueskyConnector.classifyError(make('takedown')).kind).toBe('disconnect')
    expect(blueskyConnector.classifyError(make('badTokenMethod'))).toEqual({ kind: 'bad_request', message: DM_ACCESS_MESSAGE })
    expect(blueskyConnector.classifyError(make('rateLimited'))).toMatchObject({ kind: 'rate_limited', until: 1893456000000 })
    expect(blueskyConnector.classifyError(make('duplicateRkey')).kind).toBe('bad_request')
    expect(blueskyConnector.classifyError(new ParleyError('unauthorized', 'x')).kind).toBe('reauth')
  })
})

describe('bluesky chat stream', () => {
  it('backfills conversations through the chat proxy, then follows the log', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const first = await poll(ctx, 'chat', null)
    const texts = first.items.map((i) => i.text)
    expect(texts).toEqual(expect.arrayContaining(['Hi! Is my order #4411 shipped?', 'Hi Zoë, it ships tomorrow morning.', 'Danke! 🙏', 'ギアの調整について質問があります。']))
    expect(first.items).toHaveLength(4)
    const ours = byText(first.items, 'it ships tomorrow')
    expect(ours).toMatchObject({ kind: 'dm', direction: 'out', conversationKey: 'convo:3kzoe2convo' })
    expect(ours.remoteId).toMatch(/^chat:3kzoe2convo:[a-z2-7]{13}$/)
    expect(byText(first.items, 'Danke').author).toMatchObject({ displayName: 'Zoë Åberg', remoteId: server.people.zoe.did })
    const chatCalls = server.requests.filter((r) => r.path.startsWith('/xrpc/chat.bsky.'))
    expect(chatCalls.length).toBeGreaterThan(2)
    expect(chatCalls.every((r) => r.headers['atproto-proxy'] === 'did:web:api.bsky.chat#bsky_chat')).toBe(true)

    const sent = server.addChatMessage({ convoId: '3kzoe2convo', from: 'zoe', text: 'Und die Rechnung? 🧾' })
    const second = await poll(ctx, 'chat', first.nextCursor)
    expect(second.items.map((i) => i.remoteId)).toEqual([`chat:3kzoe2convo:${sent.id}`])
    expect(second.items[0]!.author.displayName).toBe('Zoë Åberg')
    const third = await poll(ctx, 'chat', second.nextCursor)
    expect(third.items).toEqual([])
    expect(ctx.savedSettings.length).toBe(0)
  })

  it('respects backfillSince and follows the log across pages', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const first = await poll(ctx, 'chat', null, 10)
    expect(first.items.map((i) => i.text)).toEqual(['ギアの調整について質問があります。'])
    for (let i = 0; i < 70; i++) server.addChatMessage({ convoId: 'newconvo', from: 'olga', text: `Сообщение ${i}` })
    const second = await poll(ctx, 'chat', first.nextCursor)
    expect(second.items).toHaveLength(70)
    expect(xrpcCalls(server, 'chat.bsky.convo.getLog').filter((r) => r.query.get('cursor')).length).toBeGreaterThanOrEqual(2)
  })

  it('asks the convo for senders when the log carries no profiles', async () => {
    const server = await fake({ logRelatedProfiles: false })
    const ctx = await connect(server)
    const first = await poll(ctx, 'chat', null)
    server.addChatMessage({ convoId: '3ksakuraconvo', from: 'sakura', text: 'ありがとう！' })
    const second = await poll(ctx, 'chat', first.nextCursor)
    expect(second.items[0]!.author.displayName).toBe('渡辺 さくら')
    expect(xrpcCalls(server, 'chat.bsky.convo.getConvo')).toHaveLength(1)
  })

  it('keeps the account working when the app password has no DM access', async () => {
    const server = await fake()
    const ctx = await connect(server)
    server.setPrivileged(false)
    const result = await poll(ctx, 'chat', null)
    expect(result).toEqual({ items: [], nextCursor: null })
    expect(ctx.savedSettings.at(-1)).toMatchObject({ dmAccess: false, did: server.brand.did })
    const before = server.requests.length
    await poll(ctx, 'chat', null)
    expect(server.requests.length).toBe(before)
    expect((await poll(ctx, 'notifications', null)).items.length).toBeGreaterThan(0)
    expect(DM_ACCESS_MESSAGE).toMatch(/Allow access to your direct messages/)
  })

  it('is refused by the fake without the proxy header (our pick: 400 InvalidRequest)', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const session = JSON.parse(ctx.account.secrets.session!) as { accessJwt: string }
    const error = await failure(http.request(`${server.url}/xrpc/chat.bsky.convo.getLog`, { headers: { Authorization: `Bearer ${session.accessJwt}` } }))
    expect((error as HttpError).status).toBe(400)
    expect((error as HttpError).json()).toMatchObject({ error: 'InvalidRequest' })
  })
})

describe('bluesky send and reconcile', () => {
  async function threadSetup(options?: BlueskyFakeOptions) {
    const server = await fake(options)
    const ctx = await connect(server)
    const { items } = await poll(ctx, 'notifications', null)
    return { server, ctx, items, zoe: byText(items, 'Booked for Saturday'), root: byText(items, 'Spring service week') }
  }

  it('replies in the thread at an rkey derived from the key, once', async () => {
    const { server, ctx, zoe, root } = await threadSetup()
    const reply: OutboundReply = { text: 'Thanks @zoe-aberg.bsky.social! Details: https://lumenbikes.example/faq and @nobody.example', inReplyTo: zoe.remoteId, conversationKey: zoe.conversationKey, kind: 'comment' }
    const key = '5f0c2a9e-4d7b-4a51-9c3e-0b8f6a2d1e77'
    const first = await blueskyConnector.send(reply, key, ctx)
    const second = await blueskyConnector.send(reply, key, ctx)
    expect(second.remoteId).toBe(first.remoteId)
    const written = server.recordsOf('app.bsky.feed.post').filter((r) => String(r.value.text).startsWith('Thanks @zoe'))
    expect(written).toHaveLength(1)
    expect(written[0]!.rkey).toBe(tidFromKey(key))
    expect(first.remoteId).toBe(written[0]!.uri)
    const value = written[0]!.value as { reply: { root: { uri: string }; parent: { uri: string } }; facets: { features: { $type: string; did?: string; uri?: string }[] }[] }
    expect(value.reply.root.uri).toBe(root.remoteId)
    expect(value.reply.parent.uri).toBe(zoe.remoteId)
    const features = value.facets.flatMap((f) => f.features)
    expect(features).toContainEqual({ $type: 'app.bsky.richtext.facet#mention', did: server.people.zoe.did })
    expect(features).toContainEqual({ $type: 'app.bsky.richtext.facet#link', uri: 'https://lumenbikes.example/faq' })
    expect(features.filter((f) => f.$type.endsWith('#mention'))).toHaveLength(1)
    expect(first.item).toMatchObject({ direction: 'out', kind: 'comment', conversationKey: root.remoteId, parentRemoteId: zoe.remoteId })
    expect(first.permalink).toBe(`https://bsky.app/profile/lumenbikes.bsky.social/post/${tidFromKey(key)}`)
    expect(xrpcCalls(server, 'com.atproto.repo.createRecord').length).toBe(2)
  })

  it('treats a duplicate rkey answered with a bare 500 as already sent', async () => {
    const { server, ctx, zoe } = await threadSetup({ duplicateRkeyStatus: 500 })
    const reply: OutboundReply = { text: 'On it!', inReplyTo: zoe.remoteId, conversationKey: zoe.conversationKey, kind: 'comment' }
    const first = await blueskyConnector.send(reply, 'outbox-1', ctx)
    const again = await blueskyConnector.send(reply, 'outbox-1', ctx)
    expect(again.remoteId).toBe(first.remoteId)
    expect(server.recordsOf('app.bsky.feed.post').filter((r) => r.value.text === 'On it!')).toHaveLength(1)
  })

  it('keeps a reply to a reply in the original thread', async () => {
    const { server, ctx, items, root } = await threadSetup()
    const thanks = byText(items, 'Perfect, thanks')
    const result = await blueskyConnector.send({ text: 'Enjoy the ride!', inReplyTo: thanks.remoteId, conversationKey: thanks.conversationKey, kind: 'comment' }, 'k-2', ctx)
    const record = server.recordsOf('app.bsky.feed.post').find((r) => r.uri === result.remoteId)!
    expect((record.value.reply as { root: { uri: string } }).root.uri).toBe(root.remoteId)
  })

  it('refuses a reply longer than 300 graphemes before sending', async () => {
    const { server, ctx, zoe } = await threadSetup()
    const before = server.requests.length
    await expect(blueskyConnector.send({ text: 'é'.repeat(301), inReplyTo: zoe.remoteId, conversationKey: zoe.conversationKey, kind: 'comment' }, 'k', ctx)).rejects.toMatchObject({ code: 'bad_input' })
    expect(server.requests.length).toBe(before)
  })

  it('reconciles posts: not_sent before, sent after, unknown when unreachable', async () => {
    const { server, ctx, zoe } = await threadSetup()
    const reply: OutboundReply = { text: 'Checking now.', inReplyTo: zoe.remoteId, conversationKey: zoe.conversationKey, kind: 'comment' }
    expect(await blueskyConnector.reconcile(reply, 'rec-1', ctx)).toEqual({ state: 'not_sent' })
    const sent = await blueskyConnector.send(reply, 'rec-1', ctx)
    expect(await blueskyConnector.reconcile(reply, 'rec-1', ctx)).toEqual({ state: 'sent', remoteId: sent.remoteId, permalink: sent.permalink })
    expect(await blueskyConnector.reconcile(reply, 'rec-2', ctx)).toEqual({ state: 'not_sent' })
    server.inject(
      (r) => r.path.endsWith('getRecord'),
      (_r, res) => {
        res.destroy()
      },
    )
    expect(await blueskyConnector.reconcile(reply, 'rec-1', ctx)).toEqual({ state: 'unknown' })
  })

  it('sends a DM through the chat proxy and reconciles it', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const { items } = await poll(ctx, 'chat', null)
    const danke = byText(items, 'Danke')
    const reply: OutboundReply = { text: 'Gern geschehen, Zoë! 🚲', inReplyTo: danke.remoteId, conversationKey: danke.conversationKey, kind: 'dm' }
    const key = '01968a2b-3c4d-7e5f-8a9b-0c1d2e3f4a5b'
    expect(await blueskyConnector.reconcile(reply, key, ctx)).toEqual({ state: 'not_sent' })
    const sent = await blueskyConnector.send(reply, key, ctx)
    expect(sent.item).toMatchObject({ kind: 'dm', direction: 'out', text: reply.text, conversationKey: 'convo:3kzoe2convo' })
    expect(server.messagesOf('3kzoe2convo').at(-1)).toMatchObject({ text: reply.text, senderDid: server.brand.did })
    expect(xrpcCalls(server, 'chat.bsky.convo.sendMessage')[0]!.headers['atproto-proxy']).toBe('did:web:api.bsky.chat#bsky_chat')
    expect(await blueskyConnector.reconcile(reply, key, ctx)).toMatchObject({ state: 'sent', remoteId: sent.remoteId })
    expect(await blueskyConnector.reconcile({ ...reply, text: 'Something else' }, key, ctx)).toEqual({ state: 'not_sent' })
  })
})

describe('bluesky moderation', () => {
  it('blocks, mutes, likes and deletes on the fake server', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const { items } = await poll(ctx, 'notifications', null)
    const mallory = byText(items, 'legit')
    await blueskyConnector.moderate({ kind: 'block', authorRemoteId: mallory.author.remoteId }, ctx)
    expect(server.recordsOf('app.bsky.graph.block').map((r) => r.value.subject)).toEqual([server.people.mallory.did])
    await blueskyConnector.moderate({ kind: 'mute', authorRemoteId: server.people.jose.did }, ctx)
    expect(server.mutes()).toEqual([server.people.jose.did])

    const likeUri = await likePost(new BlueskyApi(ctx), mallory.remoteId)
    expect(server.recordsOf('app.bsky.feed.like').map((r) => r.uri)).toEqual([likeUri])

    const own = byText(items, 'brake bleeding is included')
    await blueskyConnector.moderate({ kind: 'delete', remoteId: own.remoteId }, ctx)
    expect(server.recordsOf('app.bsky.feed.post').some((r) => r.uri === own.remoteId)).toBe(false)
    await expect(blueskyConnector.moderate({ kind: 'delete', remoteId: mallory.remoteId }, ctx)).rejects.toMatchObject({ code: 'bad_input' })
  })

  it('hides replies in the threadgate, keeping its other fields', async () => {
    const server = await fake()
    const ctx = await connect(server)
    const { items } = await poll(ctx, 'notifications', null)
    const mallory = byText(items, 'legit')
    const olga = byText(items, 'Full review')
    const rootRkey = mallory.conversationKey.split('/').pop()!
    server.state.putRecord(server.brand.did, 'app.bsky.feed.threadgate', rootRkey, {
      $type: 'app.bsky.feed.threadgate',
      post: mallory.conversationKey,
      allow: [{ $type: 'app.bsky.feed.threadgate#followingRule' }],
      createdAt: '2026-04-01T00:00:00.000Z',
    })
    await blueskyConnector.moderate({ kind: 'hide', remoteId: mallory.remoteId, conversationKey: mallory.conversationKey }, ctx)
    await blueskyConnector.moderate({ kind: 'hide', remoteId: olga.remoteId, conversationKey: olga.conversationKey }, ctx)
    await blueskyConnector.moderate({ kind: 'hide', remoteId: olga.remoteId, conversationKey: olga.conversationKey }, ctx)
    const gates = server.recordsOf('app.bsky.feed.threadgate')
    expect(gates).toHaveLength(1)
    expect(gates[0]!.rkey).toBe(rootRkey)
    expect(gates[0]!.value).toMatchObject({ post: mallory.conversationKey, allow: [{ $type: 'app.bsky.feed.threadgate#followingRule' }], hiddenReplies: [mallory.remoteId, olga.remoteId] })

    const zoe = byText(items, 'Booked for Saturday')
    await blueskyConnector.moderate({ kind: 'hide', remoteId: zoe.remoteId, conversationKey: zoe.conversationKey }, ctx)
    const fresh = server.recordsOf('app.bsky.feed.threadgate').find((g) => g.value.post === zoe.conversationKey)!
    expect(fresh.value).toMatchObject({ $type: 'app.bsky.feed.threadgate', hiddenReplies: [zoe.remoteId] })
    expect(fresh.value.allow).toBeUndefined()

    const quote = byText(items, 'This is the one')
    await expect(blueskyConnector.moderate({ kind: 'hide', remoteId: quote.remoteId, conversationKey: quote.conversationKey }, ctx)).rejects.toMatchObject({ code: 'bad_input' })
  })
})

describe('bluesky mapping and TIDs', () => {
  const own = 'did:plc:lumenbikesxq4w2zm7vjtd5a'

  it('maps recorded notifications defensively', () => {
    const page = fixture<{ notifications: Parameters<typeof mapNotification>[0][] }>('list-notifications.json')
    const [zoe, mallory, olga, quote, broken] = page.notifications.map((n) => mapNotification(n, own))
    expect(zoe).toMatchObject({ kind: 'comment', direction: 'in', createdAt: Date.parse('2026-05-01T10:00:00.000Z') })
    expect(zoe!.html).toBe('Booked for Saturday! Does the check include brake bleeding? Map: <a href="https://maps.example/lumen-berlin">https://maps.example/lumen-berlin</a>')
    // Future createdAt is capped at indexedAt; javascript: links and out-of-range facets stay text.
    expect(mallory!.createdAt).toBe(Date.parse('2026-05-01T11:30:00.000Z'))
    expect(mallory!.html).not.toContain('href="javascript')
    expect(mallory!.html).toContain('javascript:alert(1)')
    expect(olga!.html).toContain(`<a href="https://bsky.app/profile/${encodeURIComponent(own)}">@lumenbikes.bsky.social</a>`)
    expect(olga!.html).toContain('<a href="https://bsky.app/hashtag/cycling">#cycling</a>')
    expect(olga!.author.displayName).toBe('Ольга Кузнецова')
    expect(quote).toMatchObject({ text: '[quoted post]', kind: 'mention', html: null })
    expect(quote!.author).toMatchObject({ handle: 'did:plc:riderxw2e3r4t5y6u7i2o3p4a', displayName: 'did:plc:riderxw2e3r4t5y6u7i2o3p4a' })
    expect(quote!.permalink).toBe('https://bsky.app/profile/did%3Aplc%3Ariderxw2e3r4t5y6u7i2o3p4a/post/3lmq7rdr5ab2e')
    expect(broken).toBeNull()
  })

  it('maps recorded chat messages', () => {
    const log = fixture<{ logs: { message: Parameters<typeof mapMessage>[0]; convoId: string; relatedProfiles?: { did: string; handle: string; displayName?: string }[] }[] }>('get-log.json')
    const entry = log.logs[1]!
    const profiles = new Map(entry.relatedProfiles!.map((p) => [p.did, p]))
    const item = mapMessage(entry.message, entry.convoId, own, profiles)
    expect(item).toMatchObject({ remoteId: 'chat:3kzoe2convo:3lmqa2msg0012', conversationKey: 'convo:3kzoe2convo', direction: 'in', kind: 'dm', parentRemoteId: null })
    expect(item.html).toContain('<a href="https://track.example/4411">')
    const answer = mapMessage(log.logs[2]!.message, '3kzoe2convo', own, new Map())
    expect(answer).toMatchObject({ direction: 'out', parentRemoteId: 'chat:3kzoe2convo:3lmqa2msg0012', text: 'It ships tomorrow <b>morning</b>.', html: null })
  })

  it('derives valid, stable TIDs that match the atproto encoding', () => {
    expect(tidFromTime(1_714_567_890_123_456, 17)).toBe(TID.fromTime(1_714_567_890_123_456, 17).toString())
    expect(tidFromTime(0, 0)).toBe('2222222222222')
    const a = tidFromKey('outbox-42')
    expect(isTid(a)).toBe(true)
    expect(tidFromKey('outbox-42')).toBe(a)
    expect(tidFromKey('outbox-43')).not.toBe(a)
    const v7 = tidFromKey('01968a2b-3c4d-7e5f-8a9b-0c1d2e3f4a5b')
    expect(Math.floor(TID.fromStr(v7).timestamp() / 1000)).toBe(0x01968a2b3c4d)
    expect(TID.fromStr(a).timestamp()).toBeLessThan(Date.now() * 1000)
  })
})
