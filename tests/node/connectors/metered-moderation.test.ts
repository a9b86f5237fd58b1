import { afterEach, describe, expect, it } from 'vitest'
import { redditConnector } from '../../../src/main/features/connectors/reddit'
import { FAKE_REDDIT_CLIENT_ID, REDDIT_CAST, startRedditFake } from '../../../src/main/features/connectors/reddit/fake-server'
import { xConnector } from '../../../src/main/features/connectors/x'
import { FAKE_X_CLIENT_ID, startXFake, X_CAST } from '../../../src/main/features/connectors/x/fake-server'
import { youtubeConnector } from '../../../src/main/features/connectors/youtube'
import { FAKE_YT_CLIENT_ID, FAKE_YT_CLIENT_SECRET, startYouTubeFake, YT_CAST } from '../../../src/main/features/connectors/youtube/fake-server'
import { actAsMe, openApprovalCore } from '../../support/approval-workspace'
import { tempDir } from '../../support/workspace'

/** A listening rule moderates at the platform through the outbox, once, after the undo window. */
const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function workspace(connector: typeof youtubeConnector) {
  const t = tempDir('parley-metered-mod-')
  const ws = openApprovalCore(t.dir, { config: { connectors: [connector] } })
  cleanups.push(async () => {
    await ws.client.close().catch(() => undefined)
    t.cleanup()
  })
  return ws
}

describe('moderation by a rule on the metered platforms', () => {
  it('YouTube: a block rule bans the spammer through their held comment, once', async () => {
    const fake = await startYouTubeFake()
    cleanups.push(() => fake.close())
    const ws = workspace(youtubeConnector)
    await actAsMe(ws.ok)
    const rule = await ws.ok('rules.save', { name: 'Replica spam', conditions: { text: 'replica watches' }, actions: [{ type: 'block' }] })
    await ws.ok('rules.setEnabled', { id: rule.id, enabled: true })
    const account = await ws.ok('accounts.add', {
      platform: 'youtube',
      fields: { clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: fake.url, refreshToken: fake.tokens.refreshToken },
    })
    await ws.core.sync.pollOnce([account.id])
    const spam = fake.state.postedBy(YT_CAST.spammer.id)[0]!
    const [stored] = ws.core.db.prepare('SELECT conversation_id AS c FROM messages WHERE remote_id = ?').all(spam.id) as { c: number }[]
    const queued = await ws.ok('outbox.list', { conversationId: stored!.c })
    expect(queued).toMatchObject([{ kind: 'moderation', state: 'queued' }])
    expect(fake.state.moderation).toEqual([])
    ws.clock.advance(60_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([{ itemId: queued[0]!.id, accountId: account.id, outcome: 'sent' }])
    expect(fake.state.moderation).toEqual([{ id: spam.id, status: 'rejected', banAuthor: true }])
    expect(fake.state.banned).toEqual(new Set([YT_CAST.spammer.id]))
    await ws.core.sync.pollOnce([account.id])
    expect(await ws.ok('outbox.list', { conversationId: stored!.c })).toHaveLength(1)
  })

  it('YouTube: an approve rule publishes a held comment from a customer, once', async () => {
    const fake = await startYouTubeFake()
    cleanups.push(() => fake.close())
    // YouTube holds some honest comments too (a link, a new commenter): this one asks about spare parts.
    const held = fake.state.addComment({ author: YT_CAST.ines, text: 'Where do I order spare brake pads for the Lumen 2?', status: 'heldForReview' })
    const ws = workspace(youtubeConnector)
    await actAsMe(ws.ok)
    const rule = await ws.ok('rules.save', { name: 'Spare parts questions', conditions: { text: 'brake pads' }, actions: [{ type: 'approve' }] })
    await ws.ok('rules.setEnabled', { id: rule.id, enabled: true })
    const account = await ws.ok('accounts.add', {
      platform: 'youtube',
      fields: { clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: fake.url, refreshToken: fake.tokens.refreshToken },
    })
    await ws.core.sync.pollOnce([account.id])
    const [stored] = ws.core.db.prepare('SELECT conversation_id AS c FROM messages WHERE remote_id = ?').all(held.id) as { c: number }[]
    const queued = await ws.ok('outbox.list', { conversationId: stored!.c })
    expect(queued).toMatchObject([{ kind: 'moderation', state: 'queued' }])
    ws.clock.advance(60_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([{ itemId: queued[0]!.id, accountId: account.id, outcome: 'sent' }])
    expect(fake.state.moderation).toEqual([{ id: held.id, status: 'published', banAuthor: false }])
    await ws.core.sync.pollOnce([account.id])
    expect(await ws.ok('outbox.list', { conversationId: stored!.c })).toHaveLength(1)
  })

  it('X: a hide rule hides the reply under the brand’s post, once', async () => {
    const fake = await startXFake()
    cleanups.push(() => fake.close())
    const launch = fake.state.postsBy(fake.state.brand.id)[0]!
    const spam = fake.state.addPost({ author: X_CAST.spammer, text: '@lumenbikes replica watches, 90% off', replyTo: launch.id })
    const ws = workspace(xConnector)
    await actAsMe(ws.ok)
    const rule = await ws.ok('rules.save', { name: 'Replica spam', conditions: { text: 'replica watches' }, actions: [{ type: 'hide' }] })
    await ws.ok('rules.setEnabled', { id: rule.id, enabled: true })
    const account = await ws.ok('accounts.add', { platform: 'x', fields: { clientId: FAKE_X_CLIENT_ID, apiBase: fake.url, refreshToken: fake.tokens.refreshToken } })
    await ws.core.sync.pollOnce([account.id])
    const [stored] = ws.core.db.prepare('SELECT conversation_id AS c FROM messages WHERE remote_id = ?').all(spam.id) as { c: number }[]
    const queued = (await ws.ok('outbox.list', { conversationId: stored!.c })).filter((i) => i.kind === 'moderation')
    expect(queued).toMatchObject([{ kind: 'moderation', state: 'queued' }])
    ws.clock.advance(60_000)
    const outcomes = await ws.core.outboxEngine.runDue()
    expect(outcomes.filter((o) => o.itemId === queued[0]!.id)).toEqual([{ itemId: queued[0]!.id, accountId: account.id, outcome: 'sent' }])
    expect(fake.state.posts.get(spam.id)!.hidden).toBe(true)
    expect(fake.requests.filter((r) => r.method === 'PUT' && r.path === `/2/tweets/${spam.id}/hidden`)).toHaveLength(1)
  })

  it('Reddit: a hide rule removes the spam comment in the subreddit, and a block rule bans its author there, once each', async () => {
    const fake = await startRedditFake()
    cleanups.push(() => fake.close())
    const ws = workspace(redditConnector)
    await actAsMe(ws.ok)
    const rule = await ws.ok('rules.save', { name: 'Replica spam', conditions: { text: 'replica watches' }, actions: [{ type: 'hide' }, { type: 'block' }] })
    await ws.ok('rules.setEnabled', { id: rule.id, enabled: true })
    const account = await ws.ok('accounts.add', {
      platform: 'reddit',
      fields: { clientId: FAKE_REDDIT_CLIENT_ID, apiBase: fake.url, refreshToken: fake.tokens.refreshToken, subreddits: 'lumenbikes' },
    })
    await ws.core.sync.pollOnce([account.id])
    const spam = fake.state.newestComments((c) => c.author === REDDIT_CAST.spammer)[0]!
    const [stored] = ws.core.db.prepare('SELECT conversation_id AS c FROM messages WHERE remote_id = ?').all(`t1_${spam.id}`) as { c: number }[]
    const queued = (await ws.ok('outbox.list', { conversationId: stored!.c })).filter((i) => i.kind === 'moderation')
    expect(queued).toHaveLength(2)
    expect(spam.removed).toBe(false)
    ws.clock.advance(60_000)
    const outcomes = await ws.core.outboxEngine.runDue()
    expect(outcomes.filter((o) => queued.some((q) => q.id === o.itemId)).map((o) => o.outcome)).toEqual(['sent', 'sent'])
    expect(spam).toMatchObject({ removed: true, spam: false })
    expect(fake.state.banned.get('lumenbikes')).toEqual(new Set([REDDIT_CAST.spammer]))
    expect(fake.requests.filter((r) => r.path === '/api/remove')).toHaveLength(1)
    expect(fake.requests.filter((r) => r.path === '/r/lumenbikes/api/friend')).toHaveLength(1)
    await ws.core.sync.pollOnce([account.id])
    expect((await ws.ok('outbox.list', { conversationId: stored!.c })).filter((i) => i.kind === 'moderation')).toHaveLength(2)
  })
})
