import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { feedConnector } from '../../../src/main/features/connectors/feed'
import { FEED_PATHS, startFeedFake, type FeedFake } from '../../../src/main/features/connectors/feed/fake-server'
import { syncWorkspace } from '../../support/sync-workspace'

type Ws = ReturnType<typeof syncWorkspace>

describe('sync engine (against the feed fake over loopback)', () => {
  let fake: FeedFake
  let ws: Ws
  let accountId: number

  beforeEach(async () => {
    fake = await startFeedFake({ title: 'Riders Forum' })
    fake.addEntry({ title: 'Commuter 2 battery range in winter?', html: '<p>Range dropped to 40 km.</p>', published: Date.now() - 3_600_000 })
    fake.addEntry({ title: 'Lumen app crashes on Android 15', html: '<p>Anyone else?</p>', published: Date.now() - 1_800_000 })
    ws = syncWorkspace({ connectors: [feedConnector] })
    const account = await ws.core.accounts.add('feed', { url: `${fake.url}${FEED_PATHS.rss}` })
    accountId = account.id
  })
  afterEach(async () => {
    await ws.cleanup()
    await fake.close()
  })

  const stored = (): number => (ws.core.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n
  const stream = () => ws.core.sync.health(accountId)!.streams[0]!

  it('backfills on the first poll, stores once when polled again, and picks up new entries', async () => {
    const first = await ws.core.sync.runDue()
    expect(first).toEqual([{ accountId, stream: 'feed', fetched: 2, stored: 2, error: null }])
    expect(stored()).toBe(2)
    expect(stream()).toMatchObject({ lastFetched: 2, totalFetched: 2, lastError: null, mayBeMissingItems: false })
    expect(stream().lastSuccessAt).toBe(ws.clock.now())

    // Not due yet: nothing is polled.
    expect(await ws.core.sync.runDue()).toEqual([])
    ws.clock.advance(15 * 60_000)
    const second = await ws.core.sync.runDue()
    expect(second[0]).toMatchObject({ fetched: 0, stored: 0, error: null })
    expect(stored()).toBe(2)

    fake.addEntry({ title: 'Trail X recall?', html: '<p>Heard rumours about a recall.</p>' })
    ws.clock.advance(15 * 60_000)
    expect((await ws.core.sync.runDue())[0]).toMatchObject({ fetched: 1, stored: 1 })
    expect(stored()).toBe(3)
  })

  it('backs off exponentially on server errors and recovers by itself', async () => {
    await ws.core.sync.runDue()
    fake.throttle(503, '', 3)
    const delays: number[] = []
    for (let i = 0; i < 3; i++) {
      const before = ws.clock.now()
      ws.clock.advance(60 * 60_000)
      const [outcome] = await ws.core.sync.runDue()
      expect(outcome!.error?.kind).toBe('retry')
      delays.push(stream().nextPollAt! - ws.clock.now())
      expect(ws.clock.now()).toBeGreaterThan(before)
    }
    // random() is fixed at 1, so jitter is 1: 10 s, 20 s, 40 s.
    expect(delays).toEqual([10_000, 20_000, 40_000])
    expect(stream().lastError).toMatch(/503/)
    ws.clock.advance(40_000)
    expect((await ws.core.sync.runDue())[0]).toMatchObject({ error: null })
    expect(stream()).toMatchObject({ lastError: null })
  })

  it('honours Retry-After on 429 and never polls during the cooldown', async () => {
    await ws.core.sync.runDue()
    fake.throttle(429, '120', 1)
    ws.clock.advance(15 * 60_000)
    const [limited] = await ws.core.sync.runDue()
    expect(limited!.error).toMatchObject({ kind: 'rate_limited', until: ws.clock.now() + 120_000 })
    expect(stream().rateLimitedUntil).toBe(ws.clock.now() + 120_000)
    const requests = fake.server.requests.length
    ws.clock.advance(60_000)
    expect(await ws.core.sync.runDue()).toEqual([])
    expect(fake.server.requests.length).toBe(requests)
    ws.clock.advance(60_000)
    expect((await ws.core.sync.runDue())[0]).toMatchObject({ error: null })
    expect(stream().rateLimitedUntil).toBeNull()
  })

  it('treats a lost network as offline without error noise, then catches up', async () => {
    await ws.core.sync.runDue()
    const port = fake.server.port
    const entries = [{ title: 'Written while Parley was offline', html: '<p>Hello?</p>', guid: 'forum-post-991' }]
    await fake.close()
    ws.clock.advance(15 * 60_000)
    const [outcome] = await ws.core.sync.runDue()
    expect(outcome!.error?.kind).toBe('offline')
    expect(ws.core.sync.isOffline()).toBe(true)
    expect(stream()).toMatchObject({ lastError: null })
    expect(stream().nextPollAt).toBe(ws.clock.now() + 30_000)

    // The same forum, back at the same address, with one post written meanwhile.
    fake = await startFeedFake({ title: 'Riders Forum', port })
    for (const e of entries) fake.addEntry(e)
    ws.clock.advance(30_000)
    const [back] = await ws.core.sync.runDue()
    expect(back!.error).toBeNull()
    expect(ws.core.sync.isOffline()).toBe(false)
    expect(back).toMatchObject({ fetched: 1, stored: 1 })
    expect(ws.core.db.prepare("SELECT count(*) AS n FROM conversations WHERE subject = 'Written while Parley was offline'").get()).toEqual({ n: 1 })
  })

  it('publishes new items and health as events', async () => {
    const seen: string[] = []
    ws.subscribe((name) => seen.push(name))
    await ws.core.sync.runDue()
    expect(seen).toContain('conversations.changed')
    expect(seen).toContain('counts.changed')
    expect(seen).toContain('sync.health')
  })

  it('marks a gone feed as needing attention and stops polling it', async () => {
    await ws.core.sync.runDue()
    fake.removeFeed()
    ws.clock.advance(15 * 60_000)
    const [outcome] = await ws.core.sync.runDue()
    expect(outcome!.error?.kind).toBe('disconnect')
    const account = ws.core.stores.accounts.get(accountId)!
    expect(account.status).toBe('needs_reconnect')
    expect(account.statusMessage).toMatch(/410/)
    ws.clock.advance(60 * 60_000)
    expect(await ws.core.sync.runDue()).toEqual([])
  })
})
