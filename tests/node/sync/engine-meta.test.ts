import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { facebookConnector } from '../../../src/main/features/connectors/facebook'
import { instagramConnector } from '../../../src/main/features/connectors/instagram'
import { startMetaFake, type MetaFake } from '../../../src/main/features/connectors/meta/fake-server'
import { actAsMe, openApprovalCore } from '../../support/approval-workspace'
import { tempDir } from '../../support/workspace'

const HOUR = 3_600_000

/**
 * A Page and its Instagram account through the real sync engine, store, rules and outbox: what the
 * inbox shows, the messaging window as the reply deadline, and a rule that hides a comment at Meta.
 */
describe('Facebook and Instagram on the real sync engine', () => {
  let fake: MetaFake
  let t: ReturnType<typeof tempDir>
  let ws: ReturnType<typeof openApprovalCore>
  let fb: number
  let ig: number

  beforeEach(async () => {
    fake = await startMetaFake()
    t = tempDir('parley-engine-meta-')
    ws = openApprovalCore(t.dir, { config: { connectors: [facebookConnector, instagramConnector], outbox: { refreshBeforeSend: false } } })
    await actAsMe(ws.ok)
    const input = { appId: fake.appId, accessToken: fake.userToken, page: 'Lumen Bikes', apiBase: fake.url }
    fb = (await ws.core.accounts.add('facebook', input)).id
    ig = (await ws.core.accounts.add('instagram', input)).id
  })
  afterEach(async () => {
    await ws.client.close()
    await fake.close()
    t.cleanup()
  })

  const conversation = (accountId: number, key: string): { id: number; kind: string } =>
    ws.core.db.prepare('SELECT id, kind FROM conversations WHERE channel_account_id = ? AND conversation_key = ?').get(accountId, key) as { id: number; kind: string }

  it('stores comments, mentions and direct messages of both accounts, once, and polling again adds nothing', async () => {
    expect((await ws.core.sync.pollOnce([fb, ig])).filter((o) => o.error)).toEqual([])
    const kinds = ws.core.db
      .prepare("SELECT a.platform, c.kind, count(*) AS n FROM conversations c JOIN channel_accounts a ON a.id = c.channel_account_id GROUP BY a.platform, c.kind ORDER BY 1, 2")
      .all()
    expect(kinds).toEqual([
      { platform: 'facebook', kind: 'comment', n: 2 },
      { platform: 'facebook', kind: 'dm', n: 2 },
      { platform: 'facebook', kind: 'mention', n: 1 },
      { platform: 'instagram', kind: 'comment', n: 1 },
      { platform: 'instagram', kind: 'dm', n: 1 },
      { platform: 'instagram', kind: 'mention', n: 1 },
    ])
    const messages = (ws.core.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n
    ws.clock.advance(10 * 60_000)
    await ws.core.sync.pollOnce([fb, ig])
    expect((ws.core.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n).toBe(messages)
  })

  it("shows Messenger's 24-hour window as the reply deadline, and none on comments", async () => {
    await ws.core.sync.pollOnce([fb])
    const open = conversation(fb, `dm:${fake.cast.openThreadId}`)
    const lastInbound = [...fake.state.messages.values()].find((m) => m.threadId === fake.cast.openThreadId)!.createdAt
    expect(await ws.ok('replies.facts', { conversationId: open.id })).toEqual({
      platformLabel: 'Facebook',
      limits: { maxLength: 2000, counting: 'graphemes' },
      deadline: Math.floor(lastInbound / 1000) * 1000 + 24 * HOUR,
      window: { hours: 24, extended: null },
      cost: null,
      cooldownUntil: null,
    })
    const comments = conversation(fb, `post:${fake.cast.launchPostId}`)
    expect((await ws.ok('replies.facts', { conversationId: comments.id })).deadline).toBeNull()
    const closed = conversation(fb, `dm:${fake.cast.closedThreadId}`)
    expect((await ws.ok('replies.facts', { conversationId: closed.id })).deadline).toBeLessThan(ws.clock.now())
  })

  it('a rule hides a spam comment at Facebook through the outbox, once', async () => {
    const saved = await ws.ok('rules.save', { name: 'Follower spam', conditions: { text: 'FOLLOWERS' }, actions: [{ type: 'hide' }] })
    await ws.ok('rules.setEnabled', { id: saved.id, enabled: true })
    await ws.core.sync.pollOnce([fb])
    const items = (await ws.ok('outbox.list', {})).filter((i) => i.kind === 'moderation')
    expect(items).toHaveLength(1)
    ws.clock.advance(60_000)
    expect((await ws.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(['sent'])
    const spam = [...fake.state.comments.values()].find((c) => c.message.startsWith('CHEAP'))!
    expect(spam.hidden).toBe(true)
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${spam.id}`))).toHaveLength(1)
    ws.clock.advance(120_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([])
  })
})
