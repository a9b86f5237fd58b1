import { afterEach, describe, expect, it } from 'vitest'
import { createPkce } from '../../../src/main/features/auth/pkce'
import { BudgetSpentError, resetOf, type BudgetSnapshot } from '../../../src/main/features/connectors/budget'
import { youtubeConnector as connector } from '../../../src/main/features/connectors/youtube'
import {
  FAKE_YT_CLIENT_ID,
  FAKE_YT_CLIENT_SECRET,
  startYouTubeFake,
  YT_BRAND,
  YT_CAST,
  type YouTubeFake,
  type YouTubeFakeOptions,
} from '../../../src/main/features/connectors/youtube/fake-server'
import type { OutboundReply, PollOptions } from '../../../src/main/model/connector'
import { ParleyError } from '../../../src/shared/contract'
import { approve, failure, meteredContext, testClock, testHttp as http } from '../../support/metered'

const HOUR = 3_600_000
const REDIRECT = 'http://127.0.0.1:53682/callback'

const open: YouTubeFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

async function fake(options: YouTubeFakeOptions = {}): Promise<YouTubeFake> {
  const f = await startYouTubeFake(options)
  open.push(f)
  return f
}

function ctxFor(f: YouTubeFake, clock: { now(): number }, settings: Record<string, unknown> = {}) {
  return meteredContext({
    baseUrl: f.url,
    handle: '@lumenbikes',
    clock,
    secrets: { ...f.tokens, accessExpiresAt: String(clock.now() + HOUR), clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET },
    settings: { channelId: YT_BRAND.id, ...settings },
  })
}

const since = (clock: { now(): number }): PollOptions => ({ backfillSince: clock.now() - 14 * 24 * HOUR })
const budgetOf = (ctx: { account: { settings: Record<string, unknown> } }) => ctx.account.settings.budget as BudgetSnapshot
const threadCalls = (f: YouTubeFake) => f.requests.filter((r) => r.path === '/youtube/v3/commentThreads')

describe('YouTube sign-in', () => {
  it('signs in with PKCE and the person’s own client, reads the channel, and stores tokens as secrets', async () => {
    const f = await fake()
    const prepared = await connector.oauth!.prepare({ clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: f.url }, http, REDIRECT)
    const pkce = createPkce()
    const url = new URL(prepared.authorizeUrl({ state: 'st-1', codeChallenge: pkce.challenge }))
    expect(url.origin + url.pathname).toBe(`${f.url}/o/oauth2/v2/auth`)
    expect(url.searchParams.get('scope')).toBe('https://www.googleapis.com/auth/youtube.force-ssl')
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(url.searchParams.get('access_type')).toBe('offline')
    const callback = await approve(url.toString())
    expect(callback.searchParams.get('state')).toBe('st-1')
    const result = await prepared.complete(callback.searchParams.get('code')!, pkce.verifier)
    expect(result.seed).toEqual({ platform: 'youtube', displayName: 'Lumen Bikes', handle: '@lumenbikes', baseUrl: f.url })
    expect(Object.keys(result.secrets).sort()).toEqual(['accessExpiresAt', 'accessToken', 'clientId', 'clientSecret', 'refreshToken'])
    expect(result.settings.channelId).toBe(YT_BRAND.id)
    // Reading the channel cost one unit, already on the ledger.
    expect((result.settings.budget as BudgetSnapshot).used).toBe(1)
    expect(JSON.stringify(result.settings)).not.toContain(result.secrets.refreshToken)
  })

  it('refuses a wrong PKCE verifier and says nothing was connected', async () => {
    const f = await fake()
    const prepared = await connector.oauth!.prepare({ clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: f.url }, http, REDIRECT)
    const pkce = createPkce()
    const callback = await approve(prepared.authorizeUrl({ state: 's', codeChallenge: pkce.challenge }))
    const error = (await failure(prepared.complete(callback.searchParams.get('code')!, createPkce().verifier))) as ParleyError
    expect(error.code).toBe('unauthorized')
    expect(error.message).toMatch(/Nothing was connected/)
  })

  it('asks which channel when the Google account manages several, and takes the one named', async () => {
    const other = { id: 'UCSecondBrandChannel000', title: 'Lumen Racing', handle: '@lumenracing' }
    const f = await fake({ extraChannels: [other] })
    const input = { clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: f.url, refreshToken: f.tokens.refreshToken }
    const error = (await failure(connector.connect(input, http))) as ParleyError
    expect(error.message).toContain('manages several channels: Lumen Bikes (UCLumenBikesOfficial00), Lumen Racing (UCSecondBrandChannel000)')
    const picked = await connector.connect({ ...input, channelId: other.id }, http)
    expect(picked.settings.channelId).toBe(other.id)
  })

  it('asks for the client id in plain words', async () => {
    const error = (await failure(connector.connect({ refreshToken: 'x' }, http))) as ParleyError
    expect(error.code).toBe('bad_input')
    expect(error.message).toMatch(/OAuth client id/)
  })
})

describe('YouTube polling', () => {
  it('backfills comment threads with their replies, and reads the held-for-review queue apart', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const first = await connector.poll('comments', null, ctx, since(clock))
    expect(first.items.map((i) => i.text).sort()).toEqual([
      'Does the Lumen 2 fit riders under 160 cm?',
      'Same question here, my partner is 155.',
      'The brake levers look great. Are they hydraulic?',
    ])
    const question = first.items.find((i) => i.text.startsWith('Does'))!
    const reply = first.items.find((i) => i.text.startsWith('Same'))!
    expect(reply.conversationKey).toBe(question.conversationKey)
    expect(reply.parentRemoteId).toBe(question.remoteId)
    expect(question).toMatchObject({ kind: 'comment', direction: 'in', html: null, author: { remoteId: YT_CAST.ines.id, handle: '@inesrides' } })
    expect(question.permalink).toBe(`https://www.youtube.com/watch?v=vid-launch&lc=${question.remoteId}`)
    const held = await connector.poll('held', null, ctx, since(clock))
    expect(held.items.map((i) => i.text)).toEqual(['Best replica watches at cheap-watches.example'])
    expect(threadCalls(f).map((r) => r.query.get('moderationStatus'))).toEqual([null, 'heldForReview'])
    expect(threadCalls(f).every((r) => r.query.get('order') === 'time' && r.query.get('allThreadsRelatedToChannelId') === YT_BRAND.id)).toBe(true)
    expect(budgetOf(ctx).used).toBe(2)
  })

  it('picks up only what is new: a new thread, and a new reply on a thread it already has', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const first = await connector.poll('comments', null, ctx, since(clock))
    clock.t += 10 * 60_000
    const again = await connector.poll('comments', first.nextCursor, ctx, since(clock))
    expect(again.items).toEqual([])
    const question = f.state.threads('published').find((c) => c.text.startsWith('Does'))!
    f.addComment({ author: YT_CAST.ines, text: 'Thanks, ordering the S!', parentId: question.id })
    f.addComment({ author: YT_CAST.marco, text: 'What about the saddle height?' })
    const third = await connector.poll('comments', again.nextCursor, ctx, since(clock))
    // The thread whose reply count moved comes with all its replies (ingest keeps the ones it has); nothing else does.
    expect(third.items.map((i) => i.text).sort()).toEqual(['Same question here, my partner is 155.', 'Thanks, ordering the S!', 'What about the saddle height?'])
    expect(f.requests.filter((r) => r.path === '/youtube/v3/commentThreads')).toHaveLength(3)
  })

  it('pages with pageToken until a known thread, and fetches long reply lists with comments.list', async () => {
    const clock = testClock()
    const f = await fake({ seed: false, now: () => clock.now() })
    for (let i = 0; i < 230; i++) f.addComment({ author: YT_CAST.ines, text: `Comment ${i}`, at: clock.now() - (i + 1) * 60_000 })
    const busy = f.state.threads('published')[0]!
    for (let i = 0; i < 8; i++) f.addComment({ author: YT_CAST.marco, text: `Reply ${i}`, parentId: busy.id })
    const ctx = ctxFor(f, clock)
    const first = await connector.poll('comments', null, ctx, since(clock))
    expect(first.items).toHaveLength(238)
    expect(threadCalls(f).map((r) => r.query.get('pageToken') !== null)).toEqual([false, true, true])
    expect(f.requests.filter((r) => r.path === '/youtube/v3/comments').map((r) => r.query.get('parentId'))).toEqual([busy.id])
    clock.t += 60_000
    f.addComment({ author: YT_CAST.marco, text: 'Newest' })
    const next = await connector.poll('comments', first.nextCursor, ctx, since(clock))
    expect(next.items.map((i) => i.text)).toEqual(['Newest'])
    // One page was enough: the newest thread before the known ones ended the paging.
    expect(threadCalls(f)).toHaveLength(4)
  })

  it('refreshes an expired access token and keeps the refresh token', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    f.oauth.expireAccessTokens()
    const result = await connector.poll('comments', null, ctx, since(clock))
    expect(result.items.length).toBeGreaterThan(0)
    expect(f.oauth.refreshCount).toBe(1)
    expect(ctx.saved.secrets.at(-1)!.refreshToken).toBe(f.tokens.refreshToken)
    expect(ctx.account.secrets.accessToken).not.toBe(f.tokens.accessToken)
  })

  it('asks to sign in again when Google withdrew the sign-in', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    f.oauth.revokeAll()
    const error = await failure(connector.poll('comments', null, ctx, since(clock)))
    expect(connector.classifyError(error, clock.now())).toMatchObject({ kind: 'reauth' })
  })
})

const replyTo = (conversationKey: string, inReplyTo: string, text: string): OutboundReply => ({ text, inReplyTo, conversationKey, kind: 'comment' })

describe('YouTube replies and moderation', () => {
  it('answers the thread’s top comment with the approved text, byte for byte, and reconciles by reading the thread', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const items = (await connector.poll('comments', null, ctx, since(clock))).items
    const reply = items.find((i) => i.text.startsWith('Same'))!
    const text = 'Yes — the S frame fits 150–165 cm. 🚲  Two spaces stay.'
    const out = replyTo(reply.conversationKey, reply.remoteId, text)
    expect(await connector.reconcile(out, 'key-1', ctx)).toEqual({ state: 'not_sent' })
    const before = budgetOf(ctx)?.used ?? 0
    const sent = await connector.send(out, 'key-1', ctx)
    const posted = f.state.postedBy(YT_BRAND.id)
    expect(posted).toHaveLength(1)
    expect(Buffer.from(posted[0]!.text)).toEqual(Buffer.from(text))
    // YouTube threads are one level deep: the reply goes under the thread's top comment.
    expect(posted[0]!.parentId).toBe(reply.parentRemoteId)
    expect(sent.item).toMatchObject({ direction: 'out', conversationKey: reply.conversationKey })
    expect(budgetOf(ctx).used - before).toBe(50)
    expect(await connector.reconcile(out, 'key-1', ctx)).toMatchObject({ state: 'sent', remoteId: sent.remoteId })
  })

  it('hides by rejecting the comment, and blocks by banning the author through their newest comment', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const target = f.state.threads('published')[0]!
    await connector.moderate({ kind: 'hide', remoteId: target.id, conversationKey: `yt:thread:${target.id}` }, ctx)
    await connector.moderate({ kind: 'block', authorRemoteId: YT_CAST.spammer.id }, ctx)
    expect(f.state.moderation).toEqual([
      { id: target.id, status: 'rejected', banAuthor: false },
      { id: f.state.postedBy(YT_CAST.spammer.id)[0]!.id, status: 'rejected', banAuthor: true },
    ])
    expect(f.state.banned).toEqual(new Set([YT_CAST.spammer.id]))
    const error = (await failure(connector.moderate({ kind: 'mute', authorRemoteId: 'x' }, ctx))) as ParleyError
    expect(error.message).toMatch(/YouTube cannot mute/)
  })

  it('approves a comment held for review by publishing it', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const held = f.state.threads('heldForReview')[0]!
    await connector.moderate({ kind: 'approve', remoteId: held.id }, ctx)
    expect(f.state.moderation).toEqual([{ id: held.id, status: 'published', banAuthor: false }])
    expect(f.state.threads('heldForReview')).toEqual([])
    expect(f.state.threads('published').map((t) => t.id)).toContain(held.id)
  })
})

describe('YouTube quota', () => {
  it('counts units per call and stops polling before the default 10,000, keeping 1,000 for replies', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    await connector.poll('comments', null, ctx, since(clock))
    const snapshot = budgetOf(ctx)
    expect(snapshot).toMatchObject({ unit: 'units', used: 1, limit: 10_000, reserve: 1_000, left: 9_999, window: 'day-pacific' })
    expect(snapshot.resetsAt).toBe(resetOf('day-pacific', clock.now()))
    const slowCtx = ctxFor(f, clock, { budget: { ...snapshot, used: 8_995 } })
    const slowed = await connector.poll('comments', null, slowCtx, since(clock))
    expect(connector.minIntervalMs!(slowed.nextCursor)).toBeGreaterThan(30 * 60_000)
    expect(budgetOf(slowCtx).note).toMatch(/slowed/)
    const spentCtx = ctxFor(f, clock, { budget: { ...snapshot, used: 9_000 } })
    const calls = f.requests.length
    const error = await failure(connector.poll('comments', null, spentCtx, since(clock)))
    expect(error).toBeInstanceOf(BudgetSpentError)
    expect(f.requests.length).toBe(calls)
    // Polling waits without stopping the outbox (no rate limit), and says why.
    expect(connector.classifyError(error, clock.now())).toMatchObject({ kind: 'bad_request', message: expect.stringMatching(/^Polling YouTube is paused: 9,000 of the 10,000 units/) })
    const items = (await connector.poll('comments', null, ctxFor(f, clock), since(clock))).items
    const top = items.find((i) => i.parentRemoteId === null)!
    await connector.send(replyTo(top.conversationKey, top.remoteId, 'From the reserve'), 'k', spentCtx)
    expect(budgetOf(spentCtx).used).toBe(9_050)
  })

  it('a small quota runs out: polls stop first, replies next, and all resume after midnight Pacific time', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock, { dailyQuota: 120 })
    let cursor: string | null = null
    let polls = 0
    for (;;) {
      try {
        cursor = (await connector.poll('comments', cursor, ctx, since(clock))).nextCursor
        polls++
      } catch (error) {
        expect(error).toBeInstanceOf(BudgetSpentError)
        break
      }
    }
    expect(polls).toBe(60)
    expect(budgetOf(ctx)).toMatchObject({ used: 60, left: 60, reserve: 60 })
    const top = f.state.threads('published')[0]!
    await connector.send(replyTo(`yt:thread:${top.id}`, top.id, 'First'), 'a', ctx)
    const refused = await failure(connector.send(replyTo(`yt:thread:${top.id}`, top.id, 'Second'), 'b', ctx))
    const verdict = connector.classifyError(refused, clock.now())
    expect(verdict).toMatchObject({ kind: 'rate_limited', until: resetOf('day-pacific', clock.now()) })
    expect(f.state.postedBy(YT_BRAND.id).map((c) => c.text)).toEqual(['First'])
    clock.t = resetOf('day-pacific', clock.now()) + 1000
    f.oauth.expireAccessTokens()
    await connector.poll('comments', cursor, ctx, since(clock))
    expect(budgetOf(ctx).used).toBe(1)
  })

  it('trusts YouTube’s quotaExceeded over its own count and waits for the reset', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now(), quota: 0 })
    const ctx = ctxFor(f, clock)
    const error = await failure(connector.poll('comments', null, ctx, since(clock)))
    expect(connector.classifyError(error, clock.now())).toMatchObject({ kind: 'rate_limited', until: resetOf('day-pacific', clock.now()) })
    expect(budgetOf(ctx)).toMatchObject({ used: 10_000, left: 0 })
  })
})

describe('YouTube removal', () => {
  it('withdraws the refresh token at Google when the account is removed', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    await connector.revoke!(ctx)
    expect(new URLSearchParams(f.requests.find((r) => r.path === '/revoke')!.body).get('token')).toBe(f.tokens.refreshToken)
    f.oauth.expireAccessTokens()
    const error = await failure(connector.poll('comments', null, ctx, since(clock)))
    expect(connector.classifyError(error, clock.now())).toMatchObject({ kind: 'reauth' })
  })
})
