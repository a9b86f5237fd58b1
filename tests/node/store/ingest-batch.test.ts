import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/compose'
import type { NormalizedItem } from '../../../src/main/model/items'
import { brandAccount, item } from '../../support/items'
import { FakeClock, openWorkspace, tempDir } from '../../support/workspace'

/** A small seeded generator, so a failing case can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const START = Date.UTC(2026, 10, 2, 9, 0, 0)

describe('ingest writes a conversation once per batch', () => {
  const closers: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close()
  })

  function workspace(): { core: Core; account: number } {
    const t = tempDir()
    const clock = new FakeClock()
    const ws = openWorkspace(t.dir, clock)
    closers.push(t.cleanup, ws.close)
    return { core: ws.core, account: ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() }) }
  }

  /** A round of mixed traffic over a few conversations: inbound from several people, replies, context posts, late arrivals. */
  function round(random: () => number, n: number, base: number, seq: { next: number }): NormalizedItem[] {
    const people = ['ana', 'bo', 'cy', 'dee']
    return Array.from({ length: n }, () => {
      const kind = random()
      const who = people[Math.floor(random() * people.length)]!
      // Some items are older than what the conversation already shows: they must not take over its header.
      const at = base + Math.floor((random() - 0.2) * 3_600_000)
      const id = String(seq.next++)
      return item({
        remoteId: id,
        conversationKey: `c${Math.floor(random() * 5)}`,
        createdAt: at,
        text: `message ${id} from ${who}`,
        direction: kind < 0.25 ? 'out' : 'in',
        isContext: kind > 0.95,
        author: { remoteId: `u-${who}`, handle: `@${who}`, displayName: who.toUpperCase(), avatarUrl: null, profileUrl: null },
      })
    })
  }

  const snapshot = (core: Core): unknown[] => [
    core.db
      .prepare(
        `SELECT conversation_key, status, snoozed_until, author_name, author_handle, preview, unread, message_count,
           waiting_since, first_reply_at, last_activity_at, created_at,
           (SELECT remote_id FROM identities WHERE contact_id = c.contact_id) AS contact
         FROM conversations c ORDER BY conversation_key`,
      )
      .all(),
    core.db.prepare('SELECT key, n FROM view_counts WHERE n <> 0 ORDER BY key').all(),
  ]

  it('leaves every conversation as a message-by-message ingest would, whatever the order, status or lateness', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const random = prng(seed)
      const batched = workspace()
      const single = workspace()
      const seq = { next: 1 }
      for (let r = 0; r < 4; r++) {
        const items = round(random, 12 + Math.floor(random() * 20), START + r * 7_200_000, seq)
        batched.core.stores.ingest.ingest(batched.account, items)
        for (const one of [...items].sort((a, b) => a.createdAt - b.createdAt)) single.core.stores.ingest.ingest(single.account, [one])
        // Between polls people triage: done, snoozed and pending conversations must reopen the same way.
        const status = ['done', 'snoozed', 'pending', 'open'][r]!
        for (const ws of [batched, single]) {
          ws.core.db.prepare("UPDATE conversations SET status = ?, snoozed_until = CASE WHEN ? = 'snoozed' THEN ? END, unread = 0 WHERE conversation_key IN ('c1', 'c3')").run(status, status, START + 9e9)
        }
        expect(snapshot(batched.core), `seed ${seed}, round ${r}`).toEqual(snapshot(single.core))
      }
    }
  })

  it('writes each conversation row once per call, not once per message', () => {
    const { core, account } = workspace()
    const seq = { next: 1 }
    core.stores.ingest.ingest(account, round(prng(9), 10, START, seq))
    const before = core.db.prepare("SELECT count(*) AS n FROM change_log WHERE entity = 'conversation'").get() as { n: number }
    const writes: number[] = []
    core.db.function('count_conversation_write', (id: number) => {
      writes.push(id)
      return id
    })
    core.db.exec("CREATE TEMP TRIGGER count_writes AFTER UPDATE ON conversations BEGIN SELECT count_conversation_write(new.id); END")
    core.stores.ingest.ingest(account, round(prng(10), 40, START + 3_600_000, seq))
    expect(writes.length).toBeGreaterThan(0)
    expect(new Set(writes).size).toBe(writes.length)
    const after = core.db.prepare("SELECT count(*) AS n FROM change_log WHERE entity = 'conversation'").get() as { n: number }
    expect(after.n - before.n).toBeLessThanOrEqual(5)
  })
})
