import { afterEach, describe, expect, it } from 'vitest'
import { createPkce } from '../../../src/main/features/auth/pkce'
import { BudgetSpentError, resetOf, type BudgetSnapshot } from '../../../src/main/features/connectors/budget'
import { xConnector as connector } from '../../../src/main/features/connectors/x'
import { FAKE_X_CLIENT_ID, startXFake, X_BRAND, X_CAST, type XFake, type XFakeOptions } from '../../../src/main/features/connectors/x/fake-server'
import type { OutboundReply, PollOptions } from '../../../src/main/model/connector'
import { ParleyError } from '../../../src/shared/contract'
import { approve, failure, meteredContext, testClock, testHttp as http } from '../../support/metered'

const HOUR = 3_600_000
const REDIRECT = 'http://127.0.0.1:53682/callback'

const open: XFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

async function fake(options: XFakeOptions = {}): Promise<XFake> {
  const f = await startXFake(options)
  open.push(f)
  return f
}

function ctxFor(f: XFake, clock: { now(): number }, settings: Record<string, unknown> = {}, secrets: Record<string, string> = {}) {
  return meteredContext({
    baseUrl: f.url,
    handle: '@lumenbikes',
    clock,
    secrets: { ...f.tokens, accessExpiresAt: String(clock.now() + HOUR), clientId: FAKE_X_CLIENT_ID, ...secrets },
    settings: { userId: X_BRAND.id, username: X_BRAND.username, ...settings },
  })
}

const since = (clock: { now(): number }): PollOptions => ({ backfillSince: clock.now() - 14 * 24 * HOUR })
const budgetOf = (ctx: { account: { settings: Record<string, unknown> } }) => ctx.account.settings.budget as BudgetSnapshot
const calls = (f: XFake, path: RegExp) => f.requests.filter((r) => path.test(r.path))
const reply = (over: Partial<OutboundReply> & { text: string; inReplyTo: string; conversationKey: string }): OutboundReply => ({ kind: 'mention', ...over })

describe('X sign-in', () => {
  it('signs in with PKCE and the person’s own client id, reads the account, and stores the tokens as secrets', async () => {
    const f = await fake()
    const prepared = await connector.oauth!.prepare({ clientId: FAKE_X_CLIENT_ID, apiBase: f.url, monthlyCap: '2500' }, http, REDIRECT)
    const pkce = createPkce()
    const url = new URL(prepared.authorizeUrl({ state: 'st', codeChallenge: pkce.challenge }))
    expect(url.origin + url.pathname).toBe(`${f.url}/i/oauth2/authorize`)
    expect(url.searchParams.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['tweet.read', 'tweet.write', 'users.read', 'dm.read', 'dm.write', 'offline.access']))
    const callback = await approve(url.toString())
    const result = await prepared.complete(callback.searchParams.get('code')!, pkce.verifier)
    expect(result.seed).toEqual({ platform: 'x', displayName: 'Lumen Bikes', handle: '@lumenbikes', baseUrl: f.url })
    expect(Object.keys(result.secrets).sort()).toEqual(['accessExpiresAt', 'accessToken', 'clientId', 'refreshToken'])
    expect(result.settings).toMatchObject({ userId: X_BRAND.id, username: 'lumenbikes', monthlyCap: 2500 })
    expect((result.settings.budget as BudgetSnapshot)).toMatchObject({ unit: 'requests', used: 1, limit: 2500, window: 'month-utc' })
  })

  it('says plainly what is wrong with a monthly cap or a missing client id', async () => {
    expect(((await failure(connector.connect({ clientId: 'abc', refreshToken: 'r', monthlyCap: 'lots' }, http))) as ParleyError).message).toMatch(/whole number of requests/)
    expect(((await failure(connector.connect({ refreshToken: 'r' }, http))) as ParleyError).message).toMatch(/client id/)
  })
})

describe('X polling', () => {
  it('reads mentions since the newest stored (since_id), with the thread they belong to', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const first = await connector.poll('mentions', null, ctx, since(clock))
    expect(first.items.map((i) => i.text).sort()).toEqual(['@lumenbikes cheap watches at cheap-watches.example', '@lumenbikes does it come in a small frame?'])
    const question = first.items.find((i) => i.text.includes('small frame'))!
    const launch = f.state.postsBy(X_BRAND.id)[0]!
    expect(question).toMatchObject({ kind: 'mention', direction: 'in', parentRemoteId: launch.id, conversationKey: `x:conv:${launch.id}`, author: { handle: '@inesrides' } })
    expect(question.permalink).toBe(`https://x.com/inesrides/status/${question.remoteId}`)
    expect(calls(f, /mentions$/)[0]!.query.get('start_time')).toBeTruthy()
    const again = await connector.poll('mentions', first.nextCursor, ctx, since(clock))
    expect(again.items).toEqual([])
    const newest = first.items.map((i) => BigInt(i.remoteId)).reduce((a, b) => (a > b ? a : b))
    expect(calls(f, /mentions$/)[1]!.query.get('since_id')).toBe(newest.toString())
    f.state.addPost({ author: X_CAST.marco, text: '@lumenbikes and the M frame?' })
    const third = await connector.poll('mentions', again.nextCursor, ctx, since(clock))
    expect(third.items.map((i) => i.text)).toEqual(['@lumenbikes and the M frame?'])
  })

  it('pages mentions with pagination_token', async () => {
    const clock = testClock()
    const f = await fake({ seed: false, now: () => clock.now() })
    for (let i = 0; i < 230; i++) f.state.addPost({ author: X_CAST.ines, text: `@lumenbikes #${i}`, at: clock.now() - 1000 * i })
    const result = await connector.poll('mentions', null, ctxFor(f, clock), since(clock))
    expect(result.items).toHaveLength(230)
    expect(calls(f, /mentions$/).map((r) => r.query.has('pagination_token'))).toEqual([false, true, true])
  })

  it('finds replies deeper in the brand’s threads through recent search by conversation_id', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const result = await connector.poll('replies', null, ctx, since(clock))
    expect(result.items.map((i) => i.text)).toEqual(['Following this, I need a small one too', '@lumenbikes does it come in a small frame?'])
    const launch = f.state.postsBy(X_BRAND.id)[0]!
    expect(calls(f, /search\/recent$/)[0]!.query.get('query')).toBe(`(conversation_id:${launch.id}) -from:lumenbikes`)
    expect(result.items[0]).toMatchObject({ kind: 'comment', conversationKey: `x:conv:${launch.id}` })
  })

  it('says so when the access level leaves out recent search, once, and stops paying to hear it', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now(), search: false })
    const ctx = ctxFor(f, clock)
    const error = await failure(connector.poll('replies', null, ctx, since(clock)))
    const verdict = connector.classifyError(error, clock.now())
    expect(verdict).toMatchObject({ kind: 'bad_request', message: expect.stringMatching(/access level does not include recent search\. Mentions and DMs still are/) })
    expect(ctx.account.settings.searchUnavailable).toBe(true)
    const requests = f.requests.length
    await failure(connector.poll('replies', null, ctx, since(clock)))
    expect(f.requests.length).toBe(requests)
  })

  it('reads direct messages newest first until one it has', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const first = await connector.poll('dms', null, ctx, since(clock))
    expect(first.items).toHaveLength(1)
    expect(first.items[0]).toMatchObject({ kind: 'dm', direction: 'in', conversationKey: `x:dm:${f.state.conversationWith(X_CAST.ines)}`, text: 'Hi! Can I change the colour of my order #4411?' })
    f.state.addDm({ from: X_CAST.ines, text: 'Blue please' })
    const next = await connector.poll('dms', first.nextCursor, ctx, since(clock))
    expect(next.items.map((i) => i.text)).toEqual(['Blue please'])
  })

  it('refreshes with the rotating refresh token once for concurrent polls, and saves the new one', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const settings = { ledgerId: 'shared-ledger-rotation' }
    const a = ctxFor(f, clock, settings)
    const b = ctxFor(f, clock, settings)
    f.oauth.expireAccessTokens()
    await Promise.all([connector.poll('mentions', null, a, since(clock)), connector.poll('dms', null, b, since(clock))])
    expect(f.oauth.refreshCount).toBe(1)
    expect(f.oauth.reusedRefreshTokens).toEqual([])
    const saved = a.saved.secrets.at(-1)!
    expect(saved.refreshToken).not.toBe(f.tokens.refreshToken)
    expect(b.saved.secrets.at(-1)!.refreshToken).toBe(saved.refreshToken)
    // The old refresh token is spent: only the saved one works now.
    f.oauth.expireAccessTokens()
    await connector.poll('mentions', null, a, since(clock))
    expect(f.oauth.refreshCount).toBe(2)
    // One ledger for both contexts: three polls, each counted twice (the refused call and its retry; Parley counts on the safe side).
    expect(budgetOf(a).used).toBe(6)
  })
})

describe('X replies and moderation', () => {
  it('posts the approved text as a reply, byte for byte, and reconciles by reading its own posts', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const question = f.state.newestFirst((p) => p.text.includes('small frame'))[0]!
    const text = 'Yes! The S frame fits 150–165 cm 🚲 see https://lumen.example/sizes'
    const out = reply({ text, inReplyTo: question.id, conversationKey: `x:conv:${question.conversationId}` })
    expect(await connector.reconcile(out, 'k', ctx)).toEqual({ state: 'not_sent' })
    const sent = await connector.send(out, 'k', ctx)
    const post = f.state.posts.get(sent.remoteId)!
    expect(Buffer.from(post.text)).toEqual(Buffer.from(text))
    expect(post.repliedTo).toBe(question.id)
    expect(JSON.parse(calls(f, /^\/2\/tweets$/).at(-1)!.body)).toEqual({ text, reply: { in_reply_to_tweet_id: question.id } })
    expect(sent.permalink).toBe(`https://x.com/lumenbikes/status/${sent.remoteId}`)
    expect(await connector.reconcile(out, 'k', ctx)).toMatchObject({ state: 'sent', remoteId: sent.remoteId })
  })

  it('answers a DM in its conversation and reconciles it', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const dm = f.state.dms[0]!
    const out: OutboundReply = { text: 'Sure, which colour?', inReplyTo: dm.id, conversationKey: `x:dm:${dm.conversationId}`, kind: 'dm' }
    expect(await connector.reconcile(out, 'k', ctx)).toEqual({ state: 'not_sent' })
    const sent = await connector.send(out, 'k', ctx)
    expect(f.state.dms.at(-1)).toMatchObject({ id: sent.remoteId, text: 'Sure, which colour?', conversationId: dm.conversationId })
    expect(await connector.reconcile(out, 'k', ctx)).toMatchObject({ state: 'sent', remoteId: sent.remoteId })
  })

  it('hides a reply and mutes an author; block is refused in plain words', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const question = f.state.newestFirst((p) => p.text.includes('small frame'))[0]!
    await connector.moderate({ kind: 'hide', remoteId: question.id, conversationKey: `x:conv:${question.conversationId}` }, ctx)
    expect(f.state.posts.get(question.id)!.hidden).toBe(true)
    await connector.moderate({ kind: 'mute', authorRemoteId: X_CAST.spammer.id }, ctx)
    expect(f.state.muted).toEqual(new Set([X_CAST.spammer.id]))
    const error = (await failure(connector.moderate({ kind: 'block', authorRemoteId: X_CAST.spammer.id }, ctx))) as ParleyError
    expect(error.message).toMatch(/no way to block an account/)
  })
})

describe('X costs and limits', () => {
  it('pauses polling at the monthly cap with a plain message, still sends approved replies, and resumes next month', async () => {
    const clock = testClock(Date.UTC(2026, 11, 20, 12))
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock, { monthlyCap: 5 })
    let cursor: string | null = null
    let polls = 0
    for (;;) {
      try {
        cursor = (await connector.poll('mentions', cursor, ctx, since(clock))).nextCursor
        polls++
      } catch (error) {
        expect(error).toBeInstanceOf(BudgetSpentError)
        expect(connector.classifyError(error, clock.now())).toEqual({
          kind: 'bad_request',
          message: 'Polling X is paused: 5 of the 5 requests of your monthly cap are spent. It resumes by itself at 2027-01-01 00:00 UTC; replies already approved still go out.',
        })
        break
      }
    }
    expect(polls).toBe(5)
    expect(f.billed).toBe(5)
    const question = f.state.newestFirst((p) => p.text.includes('small frame'))[0]!
    await connector.send(reply({ text: 'Approved before the cap', inReplyTo: question.id, conversationKey: `x:conv:${question.conversationId}` }), 'k', ctx)
    expect(budgetOf(ctx)).toMatchObject({ used: 6, limit: 5, left: 0, resetsAt: resetOf('month-utc', clock.now()) })
    clock.t = Date.UTC(2027, 0, 1, 0, 1)
    f.oauth.expireAccessTokens()
    await connector.poll('mentions', cursor, ctx, since(clock))
    expect(budgetOf(ctx)).toMatchObject({ used: 1, period: '2027-01' })
  })

  it('waits for the window X names in x-rate-limit-reset, before and after a 429', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now(), rateLimit: 1 })
    const ctx = ctxFor(f, clock)
    const first = await connector.poll('mentions', null, ctx, since(clock))
    // Another endpoint's window (its own) tells the test where the fake's windows end.
    const reset = Number((await fetch(`${f.url}/2/users/me`, { headers: { Authorization: `Bearer ${f.tokens.accessToken}` } })).headers.get('x-rate-limit-reset'))
    // The window is spent after one call: the next poll waits for it instead of paying for a 429.
    expect(connector.minIntervalMs!(first.nextCursor)).toBeGreaterThanOrEqual(reset * 1000 - clock.now() - 1000)
    const error = await failure(connector.poll('mentions', first.nextCursor, ctx, since(clock)))
    expect(connector.classifyError(error, clock.now())).toMatchObject({ kind: 'rate_limited', until: reset * 1000 })
  })
})

describe('X removal', () => {
  it('withdraws the refresh token at X when the account is removed', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    await connector.revoke!(ctx)
    const form = new URLSearchParams(f.requests.find((r) => r.path === '/2/oauth2/revoke')!.body)
    expect(form.get('token')).toBe(f.tokens.refreshToken)
    expect(form.get('token_type_hint')).toBe('refresh_token')
    f.oauth.expireAccessTokens()
    const error = await failure(connector.poll('mentions', null, ctx, since(clock)))
    expect(connector.classifyError(error, clock.now())).toMatchObject({ kind: 'reauth' })
  })
})
