import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../../src/main/base/http'
import { discourseConnector } from '../../../src/main/features/connectors/discourse'
import { startDiscourseFake, type DiscourseFake } from '../../../src/main/features/connectors/discourse/fake-server'
import { inProcessCore } from '../../../src/main/hosts/worker/in-process'
import { actAsMe, caller } from '../../support/approval-workspace'
import { MemoryVault } from '../../support/sync-workspace'
import { FakeClock, tempDir } from '../../support/workspace'

/** A rule moderates a forum through the outbox: spam flagged and its author silenced at Discourse, once each. */
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
})
