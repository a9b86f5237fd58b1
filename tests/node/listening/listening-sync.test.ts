import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { blueskyConnector } from '../../../src/main/features/connectors/bluesky'
import { startBlueskyFake, type BlueskyFake } from '../../../src/main/features/connectors/bluesky/fake-server'
import { createHttpClient } from '../../../src/main/base/http'
import { mastodonConnector } from '../../../src/main/features/connectors/mastodon'
import { startMastodonFake, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import { inProcessCore } from '../../../src/main/hosts/worker/in-process'
import type { EventPayload } from '../../../src/shared/contract'
import { actAsMe, caller } from '../../support/approval-workspace'
import { MemoryVault } from '../../support/sync-workspace'
import { FakeClock, tempDir } from '../../support/workspace'

type Alert = EventPayload<'listening.alert'>

/** A workspace on the real sync engine and outbox, driven by hand (fake clock, no timers). */
function open(dir: string, clock: FakeClock, vault: MemoryVault) {
  const client = inProcessCore({
    dataDir: dir,
    version: '0.0.0-test',
    clock,
    vault,
    connectors: [mastodonConnector, blueskyConnector],
    http: createHttpClient('Parley-test'),
    random: () => 1,
    outbox: { backoff: { baseMs: 1_000, maxMs: 60_000 }, refreshBeforeSend: false },
  })
  const alerts: Alert[] = []
  client.core.events.subscribe((name, payload) => {
    if (name === 'listening.alert') alerts.push(payload as Alert)
  })
  return { client, core: client.core, alerts, ...caller(client) }
}

describe('listening on the real sync engine', () => {
  let fake: MastodonFake
  let t: ReturnType<typeof tempDir>
  let clock: FakeClock
  let vault: MemoryVault
  let ws: ReturnType<typeof open>
  let accountId: number

  beforeEach(async () => {
    fake = await startMastodonFake()
    t = tempDir('parley-listen-')
    clock = new FakeClock(Date.now())
    vault = new MemoryVault()
    ws = open(t.dir, clock, vault)
    await actAsMe(ws.ok)
    accountId = (await ws.core.accounts.add('mastodon', { instance: fake.url, token: fake.token })).id
    await ws.core.sync.pollOnce([accountId])
  })
  afterEach(async () => {
    await ws.client.close()
    await fake.close()
    t.cleanup()
  })

  const conversationOf = (statusId: string): number =>
    (ws.core.db.prepare('SELECT conversation_id AS c FROM messages WHERE remote_id = ?').get(statusId) as { c: number }).c

  it('scores every new item and alerts once per topic and item, however often it is polled', async () => {
    const topic = await ws.ok('topics.save', { name: 'Breakage', query: 'refund OR broken' })
    const refund = fake.addMention({ from: 'ines', text: 'I want a refund for my Commuter, it never charged' })
    const broken = fake.addDirectMessage({ from: 'hanako', text: 'The rear light is broken again' })
    fake.addMention({ from: 'juergen', text: 'Lovely ride along the Rhine today, thank you!' })
    await ws.core.sync.pollOnce([accountId])
    await ws.core.sync.pollOnce([accountId])
    // The day the matches were made: ten minutes later may already be tomorrow (a run just before midnight UTC).
    const matchedOn = new Date(clock.now()).toISOString().slice(0, 10)
    clock.advance(10 * 60_000)
    await ws.core.sync.pollOnce([accountId])
    expect(ws.alerts.map((a) => [a.topicName, a.messageId])).toHaveLength(2)
    expect(new Set(ws.alerts.map((a) => a.conversationId))).toEqual(new Set([conversationOf(refund.id), conversationOf(broken.id)]))
    expect(ws.alerts.every((a) => a.notify && a.topicId === topic.id)).toBe(true)
    const topics = await ws.ok('topics.list', {})
    expect(topics[0]).toMatchObject({ matchCount: 2, unseen: 2 })
    await ws.ok('topics.markSeen', {})
    expect((await ws.ok('topics.list', {}))[0]).toMatchObject({ matchCount: 2, unseen: 0 })
    // Signals on every new inbound item, and the list row carries the latest one's.
    const { conversation, messages } = await ws.ok('conversations.get', { id: conversationOf(refund.id) })
    expect(messages.find((m) => m.remoteId === refund.id)).toMatchObject({ sentiment: 'negative', needsReply: true })
    expect(conversation).toMatchObject({ sentiment: 'negative', needsReply: true })
    const digest = await ws.ok('topics.digest', { day: matchedOn })
    expect(digest).toMatchObject({ total: 2, topics: [{ name: 'Breakage', count: 2 }] })
  })

  it('a dry run on history and live application on arrival give the same outcomes', async () => {
    const me = (await ws.ok('profiles.current', {})).id
    const rule = { name: 'Refunds', conditions: { text: 'refund OR broken', kinds: ['mention', 'dm'] as ('mention' | 'dm')[] }, actions: [{ type: 'tag' as const, tag: 'refund' }, { type: 'assign' as const, profileId: me }] }
    // Workspace A: the rule is on before the items arrive.
    const saved = await ws.ok('rules.save', rule)
    expect(saved.enabled).toBe(false)
    await ws.ok('rules.setEnabled', { id: saved.id, enabled: true })
    const texts = ['refund please, the motor died', 'broken spoke after a week', 'Where is the shop in Porto?', 'Still waiting for that refund!']
    for (const [i, text] of texts.entries()) fake.addMention({ from: i % 2 ? 'hanako' : 'ines', text })
    await ws.core.sync.pollOnce([accountId])
    await ws.core.sync.pollOnce([accountId])
    const live = (await ws.ok('rules.actions', { ruleId: saved.id })).map((a) => `${a.messageId}:${a.action.type}:${a.description}`).sort()
    expect(live).toHaveLength(6)
    // Workspace B: the same items were stored first; the dry run of the same rule reads them as history.
    const t2 = tempDir('parley-listen-b-')
    const other = open(t2.dir, new FakeClock(clock.now()), vault)
    try {
      await actAsMe(other.ok)
      const id2 = (await other.core.accounts.add('mastodon', { instance: fake.url, token: fake.token })).id
      await other.core.sync.pollOnce([id2])
      const dry = await other.ok('rules.dryRun', { rule, limit: 100 })
      const remote = (db: typeof ws.core.db, id: number | null): string => (db.prepare('SELECT remote_id AS r FROM messages WHERE id = ?').get(id) as { r: string }).r
      const fromDry = dry.rows.map((r) => `${remote(other.core.db, r.messageId)}:${r.action.type}:${r.description}`).sort()
      const fromLive = (await ws.ok('rules.actions', { ruleId: saved.id })).map((a) => `${remote(ws.core.db, a.messageId)}:${a.action.type}:${a.description}`).sort()
      expect(fromDry).toEqual(fromLive)
      expect(dry.matched).toBe(3)
      // The dry run changed nothing.
      expect(other.core.db.prepare('SELECT count(*) AS n FROM conversation_tags').get()).toEqual({ n: 0 })
    } finally {
      await other.client.close()
      t2.cleanup()
    }
  })

  it('each rule action shows in the timeline with the rule, and a local one can be undone', async () => {
    const saved = await ws.ok('rules.save', { name: 'Refunds', conditions: { text: 'refund' }, actions: [{ type: 'tag', tag: 'refund' }, { type: 'status', status: 'pending' }] })
    await ws.ok('rules.setEnabled', { id: saved.id, enabled: true })
    const s = fake.addMention({ from: 'ines', text: 'refund now please' })
    await ws.core.sync.pollOnce([accountId])
    const id = conversationOf(s.id)
    const { conversation, messages } = await ws.ok('conversations.get', { id })
    expect(conversation).toMatchObject({ tags: ['refund'], status: 'pending' })
    const activity = messages.filter((m) => m.direction === 'activity').map((m) => m.text)
    expect(activity).toEqual(["Rule 'Refunds' tagged refund", "Rule 'Refunds' set the status to pending"])
    const raw = ws.core.db.prepare("SELECT raw FROM messages WHERE conversation_id = ? AND direction = 'activity' LIMIT 1").get(id) as { raw: string }
    expect(JSON.parse(raw.raw)).toMatchObject({ ruleId: saved.id })
    const [statusAction] = (await ws.ok('rules.actions', { conversationId: id })).filter((a) => a.action.type === 'status')
    await ws.ok('rules.undo', { id: statusAction!.id })
    expect((await ws.ok('conversations.get', { id })).conversation.status).toBe('open')
    expect(await ws.raw('rules.undo', { id: statusAction!.id })).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })

  it('blocks through the outbox against the Mastodon fake: once, after a failed try and after a crash', async () => {
    const saved = await ws.ok('rules.save', { name: 'Link spam', conditions: { text: 'promo' }, actions: [{ type: 'block' }, { type: 'spam' }] })
    await ws.ok('rules.setEnabled', { id: saved.id, enabled: true })
    fake.addMention({ from: 'zed', text: 'cheap promo followers at promo-boost.biz' })
    await ws.core.sync.pollOnce([accountId])
    await ws.core.sync.pollOnce([accountId])
    const items = (await ws.ok('outbox.list', {})).filter((i) => i.kind === 'moderation')
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ state: 'queued', body: expect.stringMatching(/^Block /) })
    expect((await ws.ok('spam.list', {})).map((s) => s.markedByRule)).toEqual(['Link spam'])
    // The first try fails with a 503: retried with the same item, never twice at the platform.
    const isBlock = (r: { method: string; path: string }): boolean => r.method === 'POST' && /\/block$/.test(r.path)
    fake.inject(isBlock, (_req, res) => {
      res.writeHead(503, { 'Content-Type': 'application/json' })
      res.end('{"error":"busy"}')
    }, 1)
    clock.advance(11_000)
    expect((await ws.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(['requeued'])
    expect(fake.blocked.size).toBe(0)
    clock.advance(120_000)
    expect((await ws.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(['sent'])
    expect([...fake.blocked]).toEqual([fake.cast.zed.id])
    clock.advance(120_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([])
    expect(fake.requests.filter(isBlock).length).toBe(2)

    // A person's block left in 'sending' by a crash is sent again with the same key: still one block.
    const other = fake.addMention({ from: 'sam', text: 'you are all bots' })
    await ws.core.sync.pollOnce([accountId])
    const item = await ws.ok('moderation.request', { conversationId: conversationOf(other.id), action: 'block' })
    ws.core.db.prepare("UPDATE outbox_items SET state = 'sending', attempts = 1 WHERE id = ?").run(item.id)
    await ws.client.close()
    ws = open(t.dir, clock, vault)
    const recovered = await ws.core.outboxEngine.recover()
    expect(recovered.map((r) => r.outcome)).toEqual(['requeued'])
    clock.advance(20_000)
    expect((await ws.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(['sent'])
    expect([...fake.blocked].sort()).toEqual([fake.cast.zed.id, fake.cast.sam.id].sort())
  })
})

describe('moderation against the Bluesky fake', () => {
  it('blocks once through the outbox, even when the call is repeated after a crash', async () => {
    const bsky: BlueskyFake = await startBlueskyFake()
    const t = tempDir('parley-listen-bsky-')
    const clock = new FakeClock(Date.now())
    const vault = new MemoryVault()
    let ws = open(t.dir, clock, vault)
    try {
      await actAsMe(ws.ok)
      const { id } = await ws.core.accounts.add('bluesky', { service: bsky.url, handle: bsky.brand.handle, appPassword: 'lumn-4pp2-pass-w0rd' })
      await ws.core.sync.pollOnce([id])
      bsky.addMention({ from: 'riderx.bsky.social', text: 'free crypto promo, click now' })
      await ws.core.sync.pollOnce([id])
      const conv = ws.core.db.prepare("SELECT conversation_id AS c FROM messages WHERE text LIKE '%free crypto%'").get() as { c: number }
      const item = await ws.ok('moderation.request', { conversationId: conv.c, action: 'block' })
      clock.advance(11_000)
      expect((await ws.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(['sent'])
      expect(bsky.recordsOf('app.bsky.graph.block').map((r) => r.value.subject)).toEqual(['did:plc:riderxw2e3r4t5y6u7i2o3p4a'])
      // Crash after the platform acted but before Parley wrote it down: the retry lands on the same record.
      const second = bsky.addMention({ from: 'riderx.bsky.social', text: 'promo again' })
      void second
      await ws.core.sync.pollOnce([id])
      const again = await ws.ok('moderation.request', { conversationId: conv.c, action: 'block' })
      expect(again.id).not.toBe(item.id)
      const record = ws.core.db.prepare('SELECT idempotency_key AS k, action FROM outbox_items WHERE id = ?').get(again.id) as { k: string; action: string }
      ws.core.db.prepare("UPDATE outbox_items SET state = 'sending', attempts = 1 WHERE id = ?").run(again.id)
      const ctx = await ws.core.sync.connectorContext(id)
      await blueskyConnector.moderate({ ...(JSON.parse(record.action) as { kind: 'block'; authorRemoteId: string }), key: record.k }, ctx!)
      await ws.client.close()
      ws = open(t.dir, clock, vault)
      expect((await ws.core.outboxEngine.recover()).map((r) => r.outcome)).toEqual(['requeued'])
      expect((await ws.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(['sent'])
      // Two blocks asked for: two records (one per request), and the crashed one did not double.
      expect(bsky.recordsOf('app.bsky.graph.block')).toHaveLength(2)
    } finally {
      await ws.client.close()
      await bsky.close()
      t.cleanup()
    }
  })
})
