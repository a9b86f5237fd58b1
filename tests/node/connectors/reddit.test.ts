import { afterEach, describe, expect, it } from 'vitest'
import { createPkce } from '../../../src/main/features/auth/pkce'
import type { BudgetSnapshot } from '../../../src/main/features/connectors/budget'
import { redditConnector as connector } from '../../../src/main/features/connectors/reddit'
import { FAKE_REDDIT_CLIENT_ID, REDDIT_BRAND, REDDIT_CAST, REDDIT_SUBREDDIT, startRedditFake, type RedditFake, type RedditFakeOptions } from '../../../src/main/features/connectors/reddit/fake-server'
import type { OutboundReply, PollOptions } from '../../../src/main/model/connector'
import { ParleyError } from '../../../src/shared/contract'
import { approve, failure, meteredContext, testClock, testHttp as http } from '../../support/metered'

const HOUR = 3_600_000
const REDIRECT = 'http://127.0.0.1:65010/callback'

const open: RedditFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

async function fake(options: RedditFakeOptions = {}): Promise<RedditFake> {
  const f = await startRedditFake(options)
  open.push(f)
  return f
}

function ctxFor(f: RedditFake, clock: { now(): number }, settings: Record<string, unknown> = {}) {
  return meteredContext({
    baseUrl: f.url,
    handle: `u/${REDDIT_BRAND}`,
    clock,
    secrets: { ...f.tokens, accessExpiresAt: String(clock.now() + HOUR), clientId: FAKE_REDDIT_CLIENT_ID },
    settings: { username: REDDIT_BRAND, subreddits: [REDDIT_SUBREDDIT], ...settings },
  })
}

const since = (clock: { now(): number }): PollOptions => ({ backfillSince: clock.now() - 14 * 24 * HOUR })
const calls = (f: RedditFake, path: RegExp) => f.requests.filter((r) => path.test(r.path))
/** The budget last written to the account (what the account screen and sync health read). */
const budgetOf = (ctx: { saved: { settings: Record<string, unknown>[] } }) => ctx.saved.settings.filter((s) => s.budget).at(-1)!.budget as BudgetSnapshot

describe('Reddit sign-in', () => {
  it('signs in as an installed app at the registered redirect, asks for the six scopes and a permanent grant, and reads the account', async () => {
    const f = await fake({ redirectUri: REDIRECT })
    const input = { clientId: FAKE_REDDIT_CLIENT_ID, redirectPort: '65010', subreddits: 'r/lumenbikes, lumenowners', apiBase: f.url }
    expect(connector.oauth!.redirectPort!(input)).toBe(65010)
    const prepared = await connector.oauth!.prepare(input, http, REDIRECT)
    const pkce = createPkce()
    const url = new URL(prepared.authorizeUrl({ state: 'st', codeChallenge: pkce.challenge }))
    expect(url.origin + url.pathname).toBe(`${f.url}/api/v1/authorize`)
    expect(url.searchParams.get('scope')!.split(' ').sort()).toEqual(['history', 'identity', 'modposts', 'privatemessages', 'read', 'submit'])
    expect(url.searchParams.get('duration')).toBe('permanent')
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT)
    const callback = await approve(url.toString())
    const result = await prepared.complete(callback.searchParams.get('code')!, pkce.verifier)
    expect(result.seed).toEqual({ platform: 'reddit', displayName: REDDIT_BRAND, handle: `u/${REDDIT_BRAND}`, baseUrl: f.url })
    expect(Object.keys(result.secrets).sort()).toEqual(['accessExpiresAt', 'accessToken', 'clientId', 'refreshToken'])
    expect(result.settings).toMatchObject({ username: REDDIT_BRAND, subreddits: ['lumenbikes', 'lumenowners'] })
    // The token request authenticates as an installed app: HTTP Basic with the client id and an empty secret.
    const tokenCall = f.requests.find((r) => r.path === '/api/v1/access_token')!
    expect(Buffer.from(String(tokenCall.headers.authorization).replace(/^Basic /, ''), 'base64').toString()).toBe(`${FAKE_REDDIT_CLIENT_ID}:`)
    // Reddit's rules: a descriptive User-Agent naming the account.
    expect(calls(f, /\/api\/v1\/me$/)[0]!.headers['user-agent']).toMatch(/^desktop:app\.parley\.inbox:[\d.]+ \(by \/u\/[\w-]+\)$/)
    expect((result.settings.budget as BudgetSnapshot)).toMatchObject({ unit: 'requests', window: 'platform-window', used: 1, left: 999 })
  })

  it('refuses a redirect other than the registered one, and says plainly what is wrong with the input', async () => {
    const f = await fake({ redirectUri: REDIRECT })
    const prepared = await connector.oauth!.prepare({ clientId: FAKE_REDDIT_CLIENT_ID, redirectPort: '65011', apiBase: f.url }, http, 'http://127.0.0.1:65011/callback')
    const response = await fetch(prepared.authorizeUrl({ state: 's', codeChallenge: createPkce().challenge }), { redirect: 'manual' })
    expect(response.status).toBe(400)
    const message = async (input: Record<string, string>) => ((await failure(connector.oauth!.prepare({ apiBase: f.url, ...input }, http, REDIRECT))) as ParleyError).message
    expect(() => connector.oauth!.redirectPort!({ clientId: FAKE_REDDIT_CLIENT_ID })).toThrow(/redirect URI you registered/)
    expect(() => connector.oauth!.redirectPort!({ redirectPort: '80' })).toThrow(/1024 to 65535/)
    expect(await message({ redirectPort: '65010' })).toMatch(/client id/)
    expect(await message({ clientId: FAKE_REDDIT_CLIENT_ID, redirectPort: '65010', subreddits: 'lumen bikes!' })).toMatch(/not a subreddit name/)
    expect(await message({ clientId: FAKE_REDDIT_CLIENT_ID, redirectPort: '65012' })).toMatch(/could not listen at http:\/\/127\.0\.0\.1:65012/)
  })
})

describe('Reddit polling', () => {
  it('reads the inbox newest first: the reply to the brand’s post, the mention and the private message', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const first = await connector.poll('inbox', null, ctx, since(clock))
    expect(first.items.map((i) => [i.kind, i.author.handle, i.text])).toEqual([
      ['dm', `u/${REDDIT_CAST.ines}`, 'Hi! Can I change the colour of my order #4411?'],
      ['comment', `u/${REDDIT_CAST.marco}`, 'Loving mine so far, the brakes are great.'],
      ['mention', `u/${REDDIT_CAST.marco}`, 'Maybe u/LumenBikes can say how the Lumen 2 climbs?'],
      ['comment', `u/${REDDIT_CAST.ines}`, 'Does it come in a small frame?'],
    ])
    const launch = [...f.state.posts.values()].find((p) => p.author === REDDIT_BRAND)!
    expect(first.items[1]).toMatchObject({ conversationKey: `rd:post:t3_${launch.id}`, parentRemoteId: `t3_${launch.id}`, direction: 'in', subject: 'The Lumen 2 is here' })
    expect(first.items[1]!.permalink).toMatch(/^https:\/\/www\.reddit\.com\/r\/lumenbikes\/comments\//)
    expect(first.items[0]).toMatchObject({ conversationKey: `rd:pm:${first.items[0]!.remoteId}`, subject: 'Order #4411' })
    expect(first.items.every((i) => /^t[14]_/.test(i.remoteId))).toBe(true)
    const again = await connector.poll('inbox', first.nextCursor, ctx, since(clock))
    expect(again.items).toEqual([])
    f.state.addMessage({ author: REDDIT_CAST.marco, dest: REDDIT_BRAND, subject: 'Warranty', body: 'How long is the warranty?' })
    const third = await connector.poll('inbox', again.nextCursor, ctx, since(clock))
    expect(third.items.map((i) => i.text)).toEqual(['How long is the warranty?'])
    expect(calls(f, /^\/message\/inbox$/).every((r) => r.query.get('raw_json') === '1')).toBe(true)
  })

  it('pages back with `after` until the item it already has, and reports a gap when the pages run out first', async () => {
    const clock = testClock()
    const f = await fake({ seed: false, now: () => clock.now() })
    const post = f.state.addPost({ subreddit: REDDIT_SUBREDDIT, author: REDDIT_CAST.ines, title: 'Rides', at: clock.now() - 10 * HOUR })
    for (let i = 0; i < 230; i++) f.state.addComment({ post, author: REDDIT_CAST.marco, body: `#${i}`, at: clock.now() - 5 * HOUR + i * 1000 })
    const ctx = ctxFor(f, clock)
    const first = await connector.poll('comments', null, ctx, since(clock))
    expect(first.items).toHaveLength(230)
    expect(calls(f, /\/comments$/).map((r) => r.query.get('after'))).toEqual([null, expect.stringMatching(/^t1_/), expect.stringMatching(/^t1_/)])
    expect(first.gap).toBeFalsy()
    for (let i = 0; i < 150; i++) f.state.addComment({ post, author: REDDIT_CAST.ines, body: `new ${i}` })
    const second = await connector.poll('comments', first.nextCursor, ctx, since(clock))
    expect(second.items).toHaveLength(150)
    expect(second.gap).toBeFalsy()
    for (let i = 0; i < 1100; i++) f.state.addComment({ post, author: REDDIT_CAST.ines, body: `flood ${i}` })
    const third = await connector.poll('comments', second.nextCursor, ctx, since(clock))
    expect(third.items).toHaveLength(1000)
    expect(third.gap).toBe(true)
  })

  it('reads the new comments of all the subreddits in one request, and the mod queue', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const comments = await connector.poll('comments', null, ctx, since(clock))
    expect(comments.items.map((i) => i.author.handle).sort()).toEqual([`u/${REDDIT_CAST.ines}`, `u/${REDDIT_CAST.marco}`, `u/${REDDIT_CAST.spammer}`].sort())
    const queue = await connector.poll('modqueue', null, ctx, since(clock))
    expect(queue.items.map((i) => i.text)).toEqual(['Cheap replica watches at cheap-watches.example'])
    expect(calls(f, /about\/modqueue$/)[0]!.query.get('only')).toBe('comments')
    const none = ctxFor(f, clock, { subreddits: [] })
    const before = f.requests.length
    expect((await connector.poll('comments', null, none, since(clock))).items).toEqual([])
    expect((await connector.poll('modqueue', null, none, since(clock))).items).toEqual([])
    expect(f.requests.length).toBe(before)
  })

  it('keeps Reddit’s X-Ratelimit numbers as the account’s budget, stops polling near the end of the window, and waits out a 429', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now(), rateLimit: 14 })
    const ctx = ctxFor(f, clock)
    await connector.poll('inbox', null, ctx, since(clock))
    expect(budgetOf(ctx)).toMatchObject({ unit: 'requests', window: 'platform-window', used: 1, left: 13, limit: 14, note: null })
    expect(budgetOf(ctx).resetsAt).toBe(clock.now() + 600_000)
    await connector.poll('inbox', null, ctx, since(clock))
    await connector.poll('inbox', null, ctx, since(clock))
    await connector.poll('inbox', null, ctx, since(clock))
    expect(budgetOf(ctx).left).toBe(10)
    const before = f.requests.length
    const paused = await failure(connector.poll('inbox', null, ctx, since(clock)))
    expect(f.requests.length).toBe(before)
    expect(connector.classifyError(paused, clock.now())).toMatchObject({ kind: 'bad_request', message: expect.stringMatching(/kept for replies and moderation/) })
    expect(budgetOf(ctx).note).toMatch(/Polling Reddit waits until/)
    // Replies still go out from the reserve.
    const dm = f.state.newestMessages(() => true)[0]!
    await connector.send({ text: 'Yes, write to us with the order number.', inReplyTo: `t4_${dm.id}`, conversationKey: `rd:pm:t4_${dm.id}`, kind: 'dm' }, 'k-reserve', ctx)
    f.inject((r) => r.path === '/message/inbox', (_req, res) => {
      res.writeHead(429, { 'Content-Type': 'application/json', 'x-ratelimit-used': '600', 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '120' })
      res.end('{"message": "Too Many Requests", "error": 429}')
    })
    clock.t += 700_000
    const limited = await failure(connector.poll('inbox', null, ctx, since(clock)))
    expect(connector.classifyError(limited, clock.now())).toMatchObject({ kind: 'rate_limited', until: clock.now() + 120_000 })
    expect(budgetOf(ctx)).toMatchObject({ left: 0, resetsAt: clock.now() + 120_000 })
  })

  it('refreshes an expired access token once and keeps going', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    f.oauth.expireAccessTokens()
    const result = await connector.poll('inbox', null, ctx, since(clock))
    expect(result.items.length).toBeGreaterThan(0)
    expect(f.oauth.refreshCount).toBe(1)
    expect(ctx.saved.secrets.at(-1)!.accessToken).toBeTruthy()
  })
})

describe('Reddit replies', () => {
  const replyTo = (f: RedditFake, over: Partial<OutboundReply> = {}): OutboundReply => {
    const question = f.state.newestComments((c) => c.body.includes('small frame'))[0]!
    return { text: 'Yes: the S frame fits riders from 150 cm.', inReplyTo: `t1_${question.id}`, conversationKey: `rd:post:t3_${question.postId}`, kind: 'comment', ...over }
  }

  it('answers a comment with /api/comment (thing_id) and the approved text as is', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const reply = replyTo(f, { text: 'Yes: the *S* frame fits riders from 150 cm & up <3' })
    const sent = await connector.send(reply, 'k1', ctx)
    const call = calls(f, /^\/api\/comment$/)[0]!
    const form = new URLSearchParams(call.body)
    expect(form.get('thing_id')).toBe(reply.inReplyTo)
    expect(form.get('text')).toBe(reply.text)
    expect(form.get('api_type')).toBe('json')
    expect(sent.remoteId).toMatch(/^t1_/)
    expect(sent.item).toMatchObject({ direction: 'out', text: reply.text, conversationKey: reply.conversationKey, parentRemoteId: reply.inReplyTo })
  })

  it('answers a private message in its conversation', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const dm = f.state.newestMessages(() => true)[0]!
    const sent = await connector.send({ text: 'Of course, which colour?', inReplyTo: `t4_${dm.id}`, conversationKey: `rd:pm:t4_${dm.id}`, kind: 'dm' }, 'k2', ctx)
    expect(sent.remoteId).toMatch(/^t4_/)
    const out = f.state.newestMessages((m) => m.author === REDDIT_BRAND)[0]!
    expect(out).toMatchObject({ dest: REDDIT_CAST.ines, body: 'Of course, which colour?', parentId: `t4_${dm.id}`, firstMessage: `t4_${dm.id}` })
  })

  it('never posts twice: after a lost answer it finds the reply among the brand’s comments instead of sending again', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const reply = replyTo(f)
    // Reddit posts the comment, then the connection breaks before the answer arrives.
    f.fault((r) => r.path === '/api/comment', { kind: 'reset', at: 'mid-body' })
    await failure(connector.send(reply, 'k3', ctx))
    expect(f.state.newestComments((c) => c.author === REDDIT_BRAND)).toHaveLength(1)
    const verdict = await connector.reconcile(reply, 'k3', ctx)
    expect(verdict).toMatchObject({ state: 'sent', remoteId: expect.stringMatching(/^t1_/) })
    const again = await connector.send(reply, 'k3', ctx)
    expect(f.state.newestComments((c) => c.author === REDDIT_BRAND)).toHaveLength(1)
    expect(again.remoteId).toBe((verdict as { remoteId: string }).remoteId)
    expect(calls(f, /^\/user\/LumenBikes\/comments$/)[0]!.query.get('sort')).toBe('new')
  })

  it('sends again when the lost try never reached Reddit, and reconcile says so; an older identical comment does not count', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const reply = replyTo(f)
    // The same words, answering the same comment, a day before this reply was queued.
    const question = f.state.comments.get(reply.inReplyTo.slice(3))!
    f.state.addComment({ post: f.state.posts.get(question.postId)!, parentId: reply.inReplyTo, author: REDDIT_BRAND, body: reply.text, at: clock.now() - 24 * HOUR })
    const ctx = ctxFor(f, clock)
    f.fault((r) => r.path === '/api/comment', { kind: 'status', status: 503 })
    await failure(connector.send(reply, 'k4', ctx))
    expect(await connector.reconcile(reply, 'k4', ctx)).toEqual({ state: 'not_sent' })
    await connector.send(reply, 'k4', ctx)
    expect(f.state.newestComments((c) => c.author === REDDIT_BRAND)).toHaveLength(2)
    expect(await connector.reconcile(replyTo(f), 'never-tried', ctx)).toEqual({ state: 'not_sent' })
  })

  it('finds a lost private message among the sent messages', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const dm = f.state.newestMessages(() => true)[0]!
    const reply: OutboundReply = { text: 'Which colour would you like?', inReplyTo: `t4_${dm.id}`, conversationKey: `rd:pm:t4_${dm.id}`, kind: 'dm' }
    f.fault((r) => r.path === '/api/comment', { kind: 'reset', at: 'mid-body' })
    await failure(connector.send(reply, 'k5', ctx))
    expect(await connector.reconcile(reply, 'k5', ctx)).toMatchObject({ state: 'sent', remoteId: expect.stringMatching(/^t4_/) })
    await connector.send(reply, 'k5', ctx)
    expect(f.state.newestMessages((m) => m.author === REDDIT_BRAND)).toHaveLength(1)
  })

  it('explains Reddit’s refusals in plain words: a locked thread, a deleted comment, posting too fast', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const reply = replyTo(f)
    f.state.posts.get(f.state.comments.get(reply.inReplyTo.slice(3))!.postId)!.locked = true
    expect(((await failure(connector.send(reply, 'k6', ctx))) as ParleyError).message).toMatch(/thread is locked/)
    expect(((await failure(connector.send({ ...reply, inReplyTo: 't1_zzzzzz' }, 'k7', ctx))) as ParleyError).message).toMatch(/no longer exists/)
    f.inject((r) => r.path === '/api/comment', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ json: { errors: [['RATELIMIT', 'you are doing that too much. try again in 9 minutes.', 'ratelimit']] } }))
    })
    const fast = await failure(connector.send({ ...reply, inReplyTo: `t3_${f.state.comments.get(reply.inReplyTo.slice(3))!.postId}` }, 'k8', ctx))
    expect(connector.classifyError(fast, clock.now())).toMatchObject({ kind: 'rate_limited', until: clock.now() + 9 * 60_000 })
    expect(((await failure(connector.send({ ...reply, inReplyTo: 'not-a-fullname' }, 'k9', ctx))) as ParleyError).message).toMatch(/not a Reddit comment or message/)
  })
})

describe('Reddit moderation', () => {
  it('removes, removes as spam, locks a thread, and bans from the subreddits the account moderates', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const spam = f.state.newestComments((c) => c.author === REDDIT_CAST.spammer)[0]!
    const other = f.state.newestComments((c) => c.author === REDDIT_CAST.marco && c.subreddit === REDDIT_SUBREDDIT)[0]!
    await connector.moderate({ kind: 'hide', remoteId: `t1_${other.id}`, conversationKey: `rd:post:t3_${other.postId}` }, ctx)
    expect(other).toMatchObject({ removed: true, spam: false })
    await connector.moderate({ kind: 'spam', remoteId: `t1_${spam.id}` }, ctx)
    expect(spam).toMatchObject({ removed: true, spam: true })
    expect(new URLSearchParams(calls(f, /^\/api\/remove$/)[1]!.body).get('spam')).toBe('true')
    await connector.moderate({ kind: 'block', authorRemoteId: REDDIT_CAST.spammer }, ctx)
    expect(f.state.banned.get(REDDIT_SUBREDDIT)?.has(REDDIT_CAST.spammer)).toBe(true)
    const ban = new URLSearchParams(calls(f, /\/api\/friend$/)[0]!.body)
    expect(ban.get('type')).toBe('banned')
    // Closing the conversation locks its post: the thread takes no new comments, the brand's reply included.
    const post = f.state.posts.get(other.postId)!
    await connector.moderate({ kind: 'close', remoteId: `t1_${other.id}`, conversationKey: `rd:post:t3_${other.postId}` }, ctx)
    expect(new URLSearchParams(calls(f, /^\/api\/lock$/)[0]!.body).get('id')).toBe(`t3_${post.id}`)
    expect(post.locked).toBe(true)
    const locked = await failure(connector.send({ conversationKey: `rd:post:t3_${post.id}`, inReplyTo: `t1_${other.id}`, kind: 'comment', text: 'Too late?' }, 'k-locked', ctx))
    expect((locked as ParleyError).message).toMatch(/locked/)
    expect(((await failure(connector.moderate({ kind: 'close', remoteId: 't4_abc', conversationKey: 'rd:pm:t4_abc' }, ctx))) as ParleyError).message).toMatch(/private message cannot/)
    // Approving takes an item out of the mod queue and shows it again.
    const queued = f.state.addComment({ post, author: REDDIT_CAST.ines, body: 'Is this a real shop?', queued: true })
    expect((await connector.poll('modqueue', null, ctx, since(clock))).items.map((i) => i.remoteId)).toContain(`t1_${queued.id}`)
    await connector.moderate({ kind: 'approve', remoteId: `t1_${queued.id}` }, ctx)
    expect(queued).toMatchObject({ approved: true, removed: false })
    expect((await connector.poll('modqueue', null, ctx, since(clock))).items.map((i) => i.remoteId)).not.toContain(`t1_${queued.id}`)
    expect(((await failure(connector.moderate({ kind: 'delete', remoteId: `t1_${spam.id}` }, ctx))) as ParleyError).message).toMatch(/Remove it/)
    expect(((await failure(connector.moderate({ kind: 'block', authorRemoteId: REDDIT_CAST.spammer }, ctxFor(f, clock, { subreddits: [] })))) as ParleyError).message).toMatch(/no subreddits/)
  })

  it('says when the account is not a moderator there', async () => {
    const clock = testClock()
    const f = await fake({ now: () => clock.now() })
    const ctx = ctxFor(f, clock)
    const mention = f.state.newestComments((c) => c.subreddit === 'bikecommuting')[0]!
    const error = await failure(connector.moderate({ kind: 'hide', remoteId: `t1_${mention.id}`, conversationKey: 'x' }, ctx))
    expect(connector.classifyError(error, clock.now())).toMatchObject({ kind: 'bad_request', message: expect.stringMatching(/still a moderator/) })
  })
})
