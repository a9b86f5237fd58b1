import { afterEach, describe, expect, it } from 'vitest'
import { feedConnector } from '../../../src/main/features/connectors/feed'
import { decodeCursor } from '../../../src/main/features/connectors/feed/cursor'
import { FEED_PATHS, startFeedFake, type FeedFake } from '../../../src/main/features/connectors/feed/fake-server'
import { parsesInProgress } from '../../../src/main/features/connectors/feed/parse-pool'
import { ENTRIES_PER_POLL } from '../../../src/main/features/connectors/feed/poll'
import { syncWorkspace } from '../../support/sync-workspace'

type Ws = ReturnType<typeof syncWorkspace>

/** Huge feeds: bounded work per poll, nothing lost or stored twice, and the workspace keeps answering meanwhile. */
describe('sync engine with a huge feed (feed fake over loopback)', () => {
  let fake: FeedFake
  let ws: Ws

  afterEach(async () => {
    await ws.cleanup()
    await fake.close()
  })

  async function setUp(entries: number): Promise<number> {
    fake = await startFeedFake({ title: 'Firehose', windowSize: 30_000 })
    fake.addGenerated(entries, Date.now() - 60_000)
    ws = syncWorkspace({ connectors: [feedConnector] })
    const account = await ws.core.accounts.add('feed', { url: `${fake.url}${FEED_PATHS.rss}` })
    return account.id
  }

  const stored = (): number => (ws.core.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n
  /** Messages whose signals (sentiment, needs reply) were computed after they were stored. */
  const scored = (): number => (ws.core.db.prepare('SELECT count(*) AS n FROM messages WHERE needs_reply IS NOT NULL').get() as { n: number }).n
  const distinctRemoteIds = (): number =>
    (ws.core.db.prepare('SELECT count(DISTINCT remote_id) AS n FROM messages').get() as { n: number }).n

  it('polls a 25,000-entry feed with no authors while other calls keep being answered', async () => {
    await setUp(25_000)
    const requestsBefore = fake.server.requests.length
    let polling = true
    const poll = ws.core.sync.runDue().finally(() => {
      polling = false
    })
    // What each conversations.list saw: was the document being parsed, and how many messages were stored.
    const answered: { parsing: boolean; stored: number; scored: number }[] = []
    while (polling) {
      const listed = await ws.call('conversations.list', { view: 'inbox', limit: 50 })
      expect(listed.ok).toBe(true)
      answered.push({ parsing: parsesInProgress() > 0, stored: stored(), scored: scored() })
      await new Promise((resolve) => setImmediate(resolve))
    }
    const [outcome] = await poll
    expect(outcome).toMatchObject({ fetched: ENTRIES_PER_POLL, stored: ENTRIES_PER_POLL, error: null })
    // The feed was requested, and calls were answered while its document was being parsed...
    expect(fake.server.requests.length).toBeGreaterThan(requestsBefore)
    expect(answered.filter((a) => a.parsing).length).toBeGreaterThanOrEqual(3)
    // ...and while the entries were being stored (batches, not one long transaction).
    expect(answered.some((a) => a.stored > 0 && a.stored < ENTRIES_PER_POLL)).toBe(true)
    // ...and while the stored messages were being scored (signals, topics, rules: in slices too).
    expect(answered.some((a) => a.stored === ENTRIES_PER_POLL && a.scored > 0 && a.scored < ENTRIES_PER_POLL)).toBe(true)
    expect(scored()).toBe(ENTRIES_PER_POLL)
  }, 120_000)

  it('takes the newest entries first and the rest on the next polls, each exactly once', async () => {
    const accountId = await setUp(1_300)
    const newestFirst = (await ws.core.sync.runDue())[0]
    expect(newestFirst).toMatchObject({ fetched: ENTRIES_PER_POLL, stored: ENTRIES_PER_POLL, error: null })
    const subjects = ws.core.db.prepare('SELECT subject FROM messages').all() as { subject: string }[]
    // The newest 500 of 1,300: posts 801..1300.
    expect(Math.min(...subjects.map((s) => Number(/\d+$/.exec(s.subject)![0])))).toBe(801)

    const stream = () => ws.core.sync.health(accountId)!.streams[0]!
    const row = () => ws.core.db.prepare('SELECT cursor FROM sync_cursors WHERE channel_account_id = ?').get(accountId) as { cursor: string }
    expect(decodeCursor(row().cursor)?.backlog).toBe(true)
    // Polled again soon, not after the 15-minute interval.
    expect(stream().nextPollAt! - ws.clock.now()).toBeLessThan(60_000)

    // New entries published meanwhile come first on the next poll, and nothing is skipped.
    fake.addGenerated(3)
    ws.clock.advance(60_000)
    const conditionalBefore = fake.server.requests.filter((r) => r.headers['if-none-match']).length
    expect((await ws.core.sync.runDue())[0]).toMatchObject({ fetched: ENTRIES_PER_POLL, stored: ENTRIES_PER_POLL, error: null })
    ws.clock.advance(60_000)
    // The document did not change since the last poll: the backlog is fetched in full anyway (no conditional GET).
    expect((await ws.core.sync.runDue())[0]).toMatchObject({ fetched: 303, stored: 303, error: null })
    expect(fake.server.requests.filter((r) => r.headers['if-none-match']).length).toBe(conditionalBefore)
    expect(decodeCursor(row().cursor)?.backlog).toBe(false)
    expect(stored()).toBe(1_303)
    expect(distinctRemoteIds()).toBe(1_303)

    // Caught up: back to the feed's interval and conditional requests; nothing is stored twice.
    expect(stream().nextPollAt! - ws.clock.now()).toBe(15 * 60_000)
    ws.clock.advance(15 * 60_000)
    expect((await ws.core.sync.runDue())[0]).toMatchObject({ fetched: 0, error: null })
    expect(fake.server.requests.at(-1)!.headers['if-none-match']).toBeTruthy()
    expect(stored()).toBe(1_303)
  }, 60_000)
})
