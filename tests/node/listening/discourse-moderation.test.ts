import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../src/main/base/http'
import { discourseConnector } from '../../../src/main/features/connectors/discourse'
import { startDiscourseFake, type DiscourseFake } from '../../../src/main/features/connectors/discourse/fake-server'
import { inProcessCore } from '../../../src/main/hosts/worker/in-process'
import { actAsMe, caller } from '../../support/approval-workspace'
import { MemoryVault } from '../../support/sync-workspace'
import { FakeClock, tempDir } from '../../support/workspace'

/** Moderating a forum through the outbox: spam flagged, its author silenced and a topic closed at Discourse, once each, by a rule or a person. */
describe('a rule moderating a Discourse forum', () => {
  let fake: DiscourseFake
  let t: ReturnType<typeof tempDir>
  let clock: FakeClock
  let ws: ReturnType<typeof caller> & { client: ReturnType<typeof inProcessCore>; core: ReturnType<typeof inProcessCore>['core'] }
  let accountId: number

  beforeEach(async () => {
    fake = await startDiscourseFake()
    t = tempDir('parley-forum-rules-')
    clock = new FakeClock(Date.now())
    const client = inProcessCore({
      dataDir: t.dir,
      version: '0.0.0-test',
      clock,
      vault: new MemoryVault(),
      connectors: [discourseConnector],
      http: createHttpClient('Parley-test'),
      random: () => 1,
      outbox: { backoff: { baseMs: 1_000, maxMs: 60_000 }, refreshBeforeSend: false },
    })
    ws = { client, core: client.core, ...caller(client) }
    await actAsMe(ws.ok)
    accountId = (await ws.core.accounts.add('discourse', { url: fake.url, apiKey: fake.apiKey, username: fake.brand.username })).id
    await ws.core.sync.pollOnce([accountId])
  })
  afterEach(async () => {
    await ws.client.close()
    await fake.close()
    t.cleanup()
  })

  it('flags the post as spam and silences its author, through the outbox, once', async () => {
    const saved = await ws.ok('rules.save', { name: 'Watch spam', conditions: { text: 'watches' }, actions: [{ type: 'spam' }, { type: 'block' }] })
    await ws.ok('rules.setEnabled', { id: saved.id, enabled: true })
    const topic = [...fake.state.topics.values()].find((x) => x.title.startsWith('Gears'))!
    const spam = fake.addPost({ from: fake.cast.spammer, topic, raw: 'Cheap watches, best prices, buy now at our shop!' })
    await ws.core.sync.pollOnce([accountId])
    const items = (await ws.ok('outbox.list', {})).filter((i) => i.kind === 'moderation')
    expect(items.map((i) => i.state)).toEqual(['queued', 'queued'])
    clock.advance(11_000)
    expect((await ws.core.outboxEngine.runDue()).map((r) => r.outcome).sort()).toEqual(['sent', 'sent'])
    expect(fake.state.flags.filter((f) => f.userId === fake.brand.id)).toEqual([{ postId: spam.id, userId: fake.brand.id, type: 8 }])
    expect(fake.cast.spammer.silencedTill).not.toBeNull()
    clock.advance(120_000)
    expect(await ws.core.outboxEngine.runDue()).toEqual([])
    // Polling again does not moderate twice.
    await ws.core.sync.pollOnce([accountId])
    expect((await ws.ok('outbox.list', {})).filter((i) => i.kind === 'moderation')).toHaveLength(2)
  })

  it('closes the topic by a rule, through the outbox, once', async () => {
    const saved = await ws.ok('rules.save', { name: 'Lock flame wars', conditions: { text: 'flame war' }, actions: [{ type: 'close' }] })
    await ws.ok('rules.setEnabled', { id: saved.id, enabled: true })
    const topic = [...fake.state.topics.values()].find((x) => x.title.startsWith('Gears'))!
    fake.addPost({ from: fake.cast.spammer, topic, raw: 'This thread is a flame war now, everyone is shouting.' })
    await ws.core.sync.pollOnce([accountId])
    const [item] = (await ws.ok('outbox.list', {})).filter((i) => i.kind === 'moderation')
    expect(item).toMatchObject({ state: 'queued' })
    expect(topic.closed).toBe(false)
    clock.advance(11_000)
    expect((await ws.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(['sent'])
    expect(topic.closed).toBe(true)
    const closes = fake.requests.filter((r) => r.method === 'PUT' && r.path === `/t/${topic.id}/status.json`)
    expect(closes.map((r) => JSON.parse(r.body) as unknown)).toEqual([{ status: 'closed', enabled: 'true' }])
    clock.advance(120_000)
    await ws.core.sync.pollOnce([accountId])
    expect(await ws.core.outboxEngine.runDue()).toEqual([])
    expect(fake.requests.filter((r) => r.method === 'PUT' && r.path === `/t/${topic.id}/status.json`)).toHaveLength(1)
  })

  it('closes the topic when a person asks from the conversation', async () => {
    const topic = [...fake.state.topics.values()].find((x) => x.title.startsWith('Gears'))!
    const conversation = ws.core.db.prepare('SELECT id FROM conversations WHERE conversation_key = ?').get(`topic:${topic.id}`) as { id: number } | undefined
    expect(conversation).toBeDefined()
    const item = await ws.ok('moderation.request', { conversationId: conversation!.id, action: 'close' })
    expect(item.body).toMatch(/^Close the thread of the item by .+ to new replies$/)
    clock.advance(11_000)
    expect((await ws.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(['sent'])
    expect(topic.closed).toBe(true)
  })
})
