import { afterEach, describe, expect, it } from 'vitest'
import { createHash, randomBytes } from 'node:crypto'
import { HttpError } from '../../../src/main/base/http'
import type { OutboundReply } from '../../../src/main/model/connector'
import { facebookConnector as connector } from '../../../src/main/features/connectors/facebook'
import type { MetaFake } from '../../../src/main/features/connectors/meta/fake-server'
import { ParleyError } from '../../../src/shared/contract'
import { replyWindowFacts } from '../../../src/main/features/reply/facts'
import { clock, contextFor, failure, HOUR, http, metaFake, since, type TestClock } from './meta-test-kit'

const open: MetaFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

async function setup(options: Parameters<typeof metaFake>[1] = {}): Promise<{ f: MetaFake; c: TestClock }> {
  const c = clock()
  const f = await metaFake(c, options)
  open.push(f)
  return { f, c }
}

describe('Facebook: connecting', () => {
  it('exchanges the token for a long-lived one, picks the Page by name and keeps its Page token', async () => {
    const { f } = await setup()
    const result = await connector.connect({ appId: f.appId, appSecret: f.appSecret, accessToken: f.userToken, page: 'lumen bikes', apiBase: f.url }, http)
    expect(result.seed).toEqual({ platform: 'facebook', displayName: 'Lumen Bikes', handle: '@lumenbikes', baseUrl: f.url })
    expect(result.secrets.pageToken).toBe(f.state.pages.get(f.cast.pageId)!.token)
    expect(result.secrets.userToken).not.toBe(f.userToken)
    expect(result.settings).toMatchObject({ appId: f.appId, pageId: f.cast.pageId, instagramId: f.cast.igId })
    expect(f.requests.some((r) => r.path.endsWith('/oauth/access_token') && r.query.get('grant_type') === 'fb_exchange_token')).toBe(true)
    // The token travels in a header, never in a URL.
    expect(f.requests.filter((r) => !r.path.endsWith('/oauth/access_token')).every((r) => !r.query.has('access_token'))).toBe(true)
  })

  it('takes the address the login_success page ends on, and asks which Page when there are several', async () => {
    const { f } = await setup()
    const pasted = `https://www.facebook.com/connect/login_success.html#access_token=${f.userToken}&data_access_expiration_time=1&expires_in=5400`
    const error = await failure(connector.connect({ appId: f.appId, accessToken: pasted, apiBase: f.url }, http))
    expect(error).toBeInstanceOf(ParleyError)
    expect((error as Error).message).toBe('Choose a Page: Lumen Bikes, Lumen Repairs.')
    const unknown = await failure(connector.connect({ appId: f.appId, accessToken: pasted, apiBase: f.url, page: 'Nope' }, http))
    expect((unknown as Error).message).toMatch(/No Page called "Nope".*Lumen Bikes, Lumen Repairs/)
  })

  it('names a permission the sign-in did not grant, and what it is for', async () => {
    const { f } = await setup()
    f.granted.delete('pages_messaging')
    const error = await failure(connector.connect({ appId: f.appId, accessToken: f.userToken, apiBase: f.url, page: 'Lumen Bikes' }, http))
    expect((error as ParleyError).code).toBe('unauthorized')
    expect((error as Error).message).toMatch(/pages_messaging \(to read and answer Messenger conversations\)/)
  })

  it('refuses an app id that is not one, and a token with spaces, before calling Meta', async () => {
    const { f } = await setup()
    expect(((await failure(connector.connect({ appId: 'my app', accessToken: 'x', apiBase: f.url }, http))) as Error).message).toMatch(/App ID/)
    expect(((await failure(connector.connect({ appId: f.appId, accessToken: 'a b', apiBase: f.url }, http))) as Error).message).toMatch(/spaces/)
    expect(f.requests).toHaveLength(0)
  })

  it('signs in through Facebook Login with PKCE and the loopback redirect', async () => {
    const { f } = await setup()
    const redirectUri = 'http://127.0.0.1:53682/callback'
    const prep = await connector.oauth!.prepare({ appId: f.appId, page: 'Lumen Bikes', apiBase: f.url }, http, redirectUri)
    const verifier = randomBytes(32).toString('base64url')
    const url = new URL(prep.authorizeUrl({ state: 'st4te', codeChallenge: createHash('sha256').update(verifier).digest('base64url') }))
    expect(url.origin).toBe(f.url)
    expect(url.searchParams.get('scope')).toContain('pages_manage_engagement')
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    const back = await fetch(url, { redirect: 'manual' })
    const location = new URL(back.headers.get('location')!)
    expect(location.searchParams.get('state')).toBe('st4te')
    const result = await prep.complete(location.searchParams.get('code')!, verifier)
    expect(result.settings.pageId).toBe(f.cast.pageId)
    // A wrong verifier is refused by Facebook, in plain words.
    const again = new URL(prep.authorizeUrl({ state: 's', codeChallenge: createHash('sha256').update(verifier).digest('base64url') }))
    const code = new URL((await fetch(again, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!
    expect(((await failure(prep.complete(code, 'wrong-verifier'))) as Error).message).toMatch(/Invalid code verifier/)
  })
})

describe('Facebook: polling', () => {
  it("brings in comments, replies (with their parent), visitors' posts and the Page's post as context", async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'facebook')
    const result = await connector.poll('comments', null, ctx, since(c))
    const launch = result.items.find((i) => i.remoteId === f.cast.launchPostId)!
    expect(launch.isContext).toBe(true)
    const texts = result.items.filter((i) => !i.isContext).map((i) => [i.text, i.direction, i.kind])
    expect(texts).toEqual(
      expect.arrayContaining([
        ['Does it fit a rear child seat?', 'in', 'comment'],
        ['It does: any seat with a rack mount.', 'out', 'comment'],
        ['Price in Spain?', 'in', 'comment'],
        ['My Lumen has a squeaky brake after a week, what do I do?', 'in', 'comment'],
      ]),
    )
    const reply = result.items.find((i) => i.text === 'Great, thanks!')!
    const question = result.items.find((i) => i.text === 'Does it fit a rear child seat?')!
    expect(reply.parentRemoteId).toBe(question.remoteId)
    expect(question.parentRemoteId).toBe(f.cast.launchPostId)
    expect(reply.conversationKey).toBe(`post:${f.cast.launchPostId}`)
    expect(reply.author).toMatchObject({ remoteId: f.cast.ines.id, displayName: 'Inès Moreau' })
    // fields= selection: only what the connector asked for.
    const feed = f.requests.find((r) => r.path.endsWith('/feed'))!
    expect(feed.query.get('fields')).toBe('id,message,story,created_time,from,permalink_url')
    expect(f.requests.find((r) => r.path.endsWith('/comments'))!.query.get('filter')).toBe('stream')

    // The next poll starts at the cursor: only what is new.
    c.t += HOUR
    f.addComment({ postId: f.cast.launchPostId, fromId: f.cast.tomas.id, message: 'And in Portugal?' })
    const next = await connector.poll('comments', result.nextCursor, ctx, since(c))
    expect(next.items.filter((i) => !i.isContext).map((i) => i.text)).toEqual(['And in Portugal?'])
  })

  it('follows paging.cursors.after through a long comment thread, and stops within the backfill', async () => {
    const { f, c } = await setup()
    const base = c.now() - 10 * HOUR
    for (let n = 0; n < 230; n++) f.addComment({ postId: f.cast.launchPostId, fromId: f.cast.tomas.id, message: `comment ${n}`, at: base + n * 1000 })
    const result = await connector.poll('comments', null, contextFor(f, c, 'facebook'), since(c, 24))
    const numbered = result.items.filter((i) => i.text.startsWith('comment '))
    expect(numbered).toHaveLength(230)
    expect(new Set(numbered.map((i) => i.remoteId)).size).toBe(230)
    expect(f.requests.filter((r) => r.path.endsWith(`${f.cast.launchPostId}/comments`)).map((r) => r.query.has('after'))).toEqual([false, true, true])
    // The 14-day backfill leaves the 47-hour-old question out when asked for 24 hours only.
    expect(result.items.some((i) => i.text === 'Does it fit a rear child seat?')).toBe(false)
  })

  it('a thread too long for one poll is finished by the next, with nothing lost on the other posts', async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'facebook')
    const first = await connector.poll('comments', null, ctx, since(c))
    c.t += HOUR
    const base = c.now() - 30 * 60_000
    for (let n = 0; n < 620; n++) f.addComment({ postId: f.cast.launchPostId, fromId: f.cast.tomas.id, message: `long ${n}`, at: base + n * 1000 })
    const visitor = [...f.state.posts.values()].find((p) => p.fromId === f.cast.priya.id)!
    f.addComment({ postId: visitor.id, fromId: f.cast.ines.id, message: 'Same here!', at: c.now() })
    const second = await connector.poll('comments', first.nextCursor, ctx, since(c))
    expect(second.more).toBe(true)
    const third = await connector.poll('comments', second.nextCursor, ctx, since(c))
    expect(third.more).toBeFalsy()
    const got = new Set([...second.items, ...third.items].filter((i) => !i.isContext).map((i) => i.text))
    for (let n = 0; n < 620; n++) expect(got.has(`long ${n}`), `long ${n}`).toBe(true)
    expect(got.has('Same here!')).toBe(true)
  })

  it('brings in posts that tag the Page as mentions, and Messenger conversations as DMs', async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'facebook')
    const mentions = await connector.poll('mentions', null, ctx, since(c))
    expect(mentions.items.map((i) => [i.kind, i.direction, i.text])).toEqual([['mention', 'in', 'Sunday ride along the river with @Lumen Bikes friends']])
    const dms = await connector.poll('messages', null, ctx, since(c))
    expect(dms.items.map((i) => [i.conversationKey, i.direction, i.text]).sort()).toEqual([
      [`dm:${f.cast.openThreadId}`, 'in', 'Hi! Can I book a test ride on Saturday?'],
      [`dm:${f.cast.closedThreadId}`, 'in', 'Is the shop open on holidays?'],
    ])
    expect(f.requests.find((r) => r.path.endsWith('/conversations'))!.query.get('platform')).toBe('messenger')
    c.t += 60_000
    f.addMessage({ threadId: f.cast.openThreadId, text: 'Or Sunday?' })
    const next = await connector.poll('messages', dms.nextCursor, ctx, since(c))
    expect(next.items.map((i) => i.text)).toEqual(['Or Sunday?'])
  })
})

describe('Facebook: replying exactly once', () => {
  const question = (f: MetaFake): string => [...f.state.comments.values()].find((x) => x.message === 'Price in Spain?')!.id

  it('posts the approved text byte for byte under the comment', async () => {
    const { f, c } = await setup()
    const text = 'From 1 899 € — café & co. <b>not bold</b> 🚲\nsee you'
    const reply: OutboundReply = { text, inReplyTo: question(f), conversationKey: `post:${f.cast.launchPostId}`, kind: 'comment' }
    const sent = await connector.send(reply, 'key-1', contextFor(f, c, 'facebook'))
    const stored = f.state.comments.get(sent.remoteId)!
    expect(stored.message).toBe(text)
    expect(stored.parentId).toBe(question(f))
    expect(stored.fromId).toBe(f.cast.pageId)
    expect(sent.item).toMatchObject({ direction: 'out', text, parentRemoteId: question(f) })
  })

  it('after an unknown outcome, reconcile finds the reply that did go out, and says not sent when none did', async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'facebook')
    const reply: OutboundReply = { text: 'About 1 950 € in Spain.', inReplyTo: question(f), conversationKey: `post:${f.cast.launchPostId}`, kind: 'comment' }
    expect(await connector.reconcile(reply, 'key-2', ctx)).toEqual({ state: 'not_sent' })
    // The comment is created, then the connection breaks before the answer arrives.
    f.fault((r) => r.method === 'POST' && r.path.endsWith('/comments'), { kind: 'reset', at: 'mid-body' })
    await expect(connector.send(reply, 'key-2', ctx)).rejects.toThrow()
    const posted = [...f.state.comments.values()].filter((x) => x.message === reply.text)
    expect(posted).toHaveLength(1)
    expect(await connector.reconcile(reply, 'key-2', ctx)).toMatchObject({ state: 'sent', remoteId: posted[0]!.id })
    // Reconcile is a read: it posts nothing.
    expect([...f.state.comments.values()].filter((x) => x.message === reply.text)).toHaveLength(1)
  })

  it('answers a Messenger conversation inside the 24-hour window, and refuses once it has closed', async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'facebook')
    const open: OutboundReply = { text: 'Saturday 10:00 works!', inReplyTo: 'm_x', conversationKey: `dm:${f.cast.openThreadId}`, kind: 'dm' }
    const sent = await connector.send(open, 'k3', ctx)
    expect(f.state.messages.get(sent.remoteId)).toMatchObject({ text: 'Saturday 10:00 works!', fromPage: true })
    const post = f.requests.find((r) => r.method === 'POST' && r.path.endsWith('/messages'))!
    const form = new URLSearchParams(post.body)
    expect(JSON.parse(form.get('recipient')!)).toEqual({ id: f.cast.ines.id })
    expect(form.get('messaging_type')).toBe('RESPONSE')
    expect(await connector.reconcile(open, 'k3', ctx)).toMatchObject({ state: 'sent', remoteId: sent.remoteId })

    const closed: OutboundReply = { text: 'Yes we are', inReplyTo: 'm_y', conversationKey: `dm:${f.cast.closedThreadId}`, kind: 'dm' }
    const error = await failure(connector.send(closed, 'k4', ctx))
    expect((error as Error).message).toMatch(/within 24 hours.*closed\. Nothing was sent/)
    expect([...f.state.messages.values()].some((m) => m.text === 'Yes we are')).toBe(false)
    // With the Human Agent feature the tag carries it up to 7 days.
    f.humanAgent = true
    const late = await connector.send(closed, 'k5', contextFor(f, c, 'facebook', { settings: { humanAgent: true } }))
    expect(f.state.messages.get(late.remoteId)?.text).toBe('Yes we are')
    expect(new URLSearchParams(f.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages')).at(-1)!.body).get('tag')).toBe('HUMAN_AGENT')
  })

  it('shows the messaging window as the reply deadline of a DM, 7 days with the Human Agent tag, and none for comments', () => {
    const window = connector.manifest.replyWindow
    expect(replyWindowFacts(window, { kind: 'dm', lastInboundAt: 1_000 }, {})).toEqual({ deadline: 1_000 + 24 * HOUR, window: { hours: 24, extended: null } })
    expect(replyWindowFacts(window, { kind: 'dm', lastInboundAt: 1_000 }, { humanAgent: true })).toEqual({
      deadline: 1_000 + 24 * HOUR,
      window: { hours: 24, extended: { hours: 168, label: 'with the Human Agent tag', until: 1_000 + 7 * 24 * HOUR } },
    })
    expect(replyWindowFacts(window, { kind: 'comment', lastInboundAt: 1_000 }, {})).toBeNull()
    expect(replyWindowFacts(window, { kind: 'dm', lastInboundAt: null }, {})).toBeNull()
  })
})

describe('Facebook: moderation', () => {
  it('hides a comment, deletes one (twice is fine), and bans its author from the Page', async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'facebook')
    const spam = [...f.state.comments.values()].find((x) => x.message.startsWith('CHEAP'))!
    await connector.moderate({ kind: 'hide', remoteId: spam.id, conversationKey: `post:${f.cast.launchPostId}` }, ctx)
    expect(f.state.comments.get(spam.id)!.hidden).toBe(true)
    await connector.moderate({ kind: 'block', authorRemoteId: spam.fromId }, ctx)
    expect(f.state.blocked.get(f.cast.pageId)?.has(f.cast.priya.id)).toBe(true)
    await connector.moderate({ kind: 'delete', remoteId: spam.id }, ctx)
    expect(f.state.comments.has(spam.id)).toBe(false)
    await connector.moderate({ kind: 'delete', remoteId: spam.id }, ctx)
    await expect(connector.moderate({ kind: 'mute', authorRemoteId: spam.fromId }, ctx)).rejects.toThrow(/cannot mute/)
  })
})

describe('Facebook: errors', () => {
  it('an expired token asks for reconnecting', async () => {
    const { f, c } = await setup()
    const ctx = contextFor(f, c, 'facebook')
    f.expire(ctx.account.secrets.pageToken!)
    const error = await failure(connector.poll('comments', null, ctx, since(c)))
    expect(error).toBeInstanceOf(HttpError)
    expect(connector.classifyError(error, c.now())).toEqual({ kind: 'reauth', message: expect.stringMatching(/access token expired/) })
  })

  it('a permission taken away asks for reconnecting and names it', async () => {
    const { f, c } = await setup()
    f.granted.delete('pages_read_user_content')
    const error = await failure(connector.poll('comments', null, contextFor(f, c, 'facebook'), since(c)))
    const cls = connector.classifyError(error, c.now())
    expect(cls.kind).toBe('reauth')
    expect(cls.message).toMatch(/"pages_read_user_content" permission/)
  })

  it("Meta's rate limit waits for the time X-Business-Use-Case-Usage gives", async () => {
    const { f, c } = await setup()
    f.useCalls(100)
    const error = await failure(connector.poll('mentions', null, contextFor(f, c, 'facebook'), since(c)))
    const cls = connector.classifyError(error, c.now())
    expect(cls).toMatchObject({ kind: 'rate_limited', until: c.now() + 60 * 60_000 })
    expect(cls.message).toMatch(/code 32/)
  })

  it('slows down before the limit: at 90% of the budget the next poll waits without calling', async () => {
    const { f, c } = await setup({ callBudget: 100 })
    const ctx = contextFor(f, c, 'facebook')
    f.useCalls(89)
    await connector.poll('mentions', null, ctx, since(c))
    const before = f.requests.length
    const error = await failure(connector.poll('mentions', null, ctx, since(c)))
    expect(f.requests.length).toBe(before)
    expect(connector.classifyError(error, c.now())).toMatchObject({ kind: 'rate_limited', until: c.now() + 5 * 60_000 })
    c.t += 5 * 60_000
    f.useCalls(0)
    await connector.poll('mentions', null, ctx, since(c))
  })

  it('a reply outside the window and a vanished comment are bad requests, not reasons to reconnect', async () => {
    const { f, c } = await setup()
    const windowClosed = await failure(new (await import('../../../src/main/features/connectors/meta/graph')).GraphApi(http, f.url, f.state.pages.get(f.cast.pageId)!.token).post(`${f.cast.pageId}/messages`, {
      recipient: JSON.stringify({ id: f.cast.tomas.id }),
      message: JSON.stringify({ text: 'late' }),
    }))
    expect(connector.classifyError(windowClosed, c.now())).toMatchObject({ kind: 'bad_request', message: expect.stringMatching(/24 hours/) })
    const gone = await failure(connector.send({ text: 'hi', inReplyTo: '1_404', conversationKey: 'post:x', kind: 'comment' }, 'k', contextFor(f, c, 'facebook')))
    expect((gone as ParleyError).code).toBe('not_found')
  })
})
