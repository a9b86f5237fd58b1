import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../src/main/core/compose'
import { brandAccount, item } from '../support/items'
import { FakeClock, openWorkspace, tempDir } from '../support/workspace'

type Row = Record<string, unknown>

describe('ingest', () => {
  let cleanup: () => void
  let core: Core
  let close: () => Promise<void>
  let account: number
  const clock = new FakeClock()

  beforeEach(() => {
    const t = tempDir()
    cleanup = t.cleanup
    const ws = openWorkspace(t.dir, clock)
    core = ws.core
    close = ws.close
    account = core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() })
  })
  afterEach(async () => {
    await close()
    cleanup()
  })

  const ingest = (items: Parameters<Core['stores']['ingest']['ingest']>[1]) => core.stores.ingest.ingest(account, items)
  const one = (sql: string, ...args: unknown[]): Row => core.db.prepare(sql).get(...args) as Row

  it('stores an item once however often it is polled', () => {
    const a = item({ remoteId: '100', conversationKey: 'c1' })
    const b = item({ remoteId: '101', conversationKey: 'c1', createdAt: a.createdAt + 60_000 })
    expect(ingest([a, b]).inserted).toBe(2)
    const again = ingest([a, b])
    expect(again).toMatchObject({ inserted: 0, updated: 0 })
    expect(one('SELECT count(*) AS n FROM messages')).toEqual({ n: 2 })
    expect(one('SELECT message_count, unread FROM conversations')).toEqual({ message_count: 2, unread: 1 })
  })

  it('updates an edited message and marks a deleted one, visibly', () => {
    ingest([item({ remoteId: '200', text: 'first words' })])
    clock.advance(1000)
    expect(ingest([item({ remoteId: '200', text: 'better words' })]).updated).toBe(1)
    expect(one('SELECT text, edited_at FROM messages WHERE remote_id = ?', '200')).toEqual({ text: 'better words', edited_at: clock.now() })
    expect(one("SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH 'better'")).toEqual({ n: 1 })
    expect(one("SELECT count(*) AS n FROM messages_fts WHERE messages_fts MATCH 'first'")).toEqual({ n: 0 })
    ingest([item({ remoteId: '200', text: 'better words', deleted: true })])
    expect(one('SELECT deleted_at FROM messages WHERE remote_id = ?', '200')).toEqual({ deleted_at: clock.now() })
  })

  it('takes a removal-only item as news of a deletion alone: text kept, unknown ids ignored', () => {
    ingest([item({ remoteId: '250', text: 'the words as they came' })])
    clock.advance(1000)
    // A removal carries no text of its own: only the deletion is applied, the stored words stay.
    const removal = item({ remoteId: '250', text: '', html: null, deleted: true, removalOnly: true })
    expect(ingest([removal]).updated).toBe(1)
    expect(one('SELECT text, edited_at, deleted_at FROM messages WHERE remote_id = ?', '250')).toEqual({
      text: 'the words as they came',
      edited_at: null,
      deleted_at: clock.now(),
    })
    // Reported again later, it keeps the first deletion time and changes nothing.
    clock.advance(1000)
    expect(ingest([removal])).toMatchObject({ inserted: 0, updated: 0 })
    expect(one('SELECT deleted_at FROM messages WHERE remote_id = ?', '250')).toEqual({ deleted_at: clock.now() - 1000 })
    // A removal of a message Parley never stored creates nothing.
    expect(ingest([item({ remoteId: '251', text: '', deleted: true, removalOnly: true })])).toMatchObject({ inserted: 0, updated: 0 })
    expect(one('SELECT count(*) AS n FROM messages')).toEqual({ n: 1 })
    expect(one('SELECT count(*) AS n FROM conversations')).toEqual({ n: 1 })
  })

  it('sanitises channel HTML before it is stored', () => {
    ingest([
      item({
        remoteId: '300',
        html: '<p onclick="steal()">Hi <script>alert(1)</script><a href="javascript:alert(2)">x</a> <a href="https://lumen.example/help">help</a></p>',
      }),
    ])
    const { html } = one('SELECT html FROM messages WHERE remote_id = ?', '300') as { html: string }
    expect(html).not.toMatch(/script|onclick|javascript:/)
    expect(html).toContain('href="https://lumen.example/help"')
    expect(html).toContain('rel="noopener noreferrer nofollow"')
  })

  it('runs the wait clock: inbound starts it, the brand reply stops it and records the first response', () => {
    const t0 = Date.UTC(2026, 10, 16, 8, 0)
    ingest([item({ remoteId: '400', conversationKey: 'w', createdAt: t0 })])
    expect(one('SELECT waiting_since, first_reply_at FROM conversations')).toEqual({ waiting_since: t0, first_reply_at: null })
    ingest([item({ remoteId: '401', conversationKey: 'w', direction: 'out', createdAt: t0 + 300_000 })])
    expect(one('SELECT waiting_since, first_reply_at FROM conversations')).toEqual({ waiting_since: null, first_reply_at: t0 + 300_000 })
  })

  it('reopens a done conversation on new inbound activity', () => {
    ingest([item({ remoteId: '500', conversationKey: 'd' })])
    core.db.prepare("UPDATE conversations SET status = 'done'").run()
    ingest([item({ remoteId: '501', conversationKey: 'd', createdAt: Date.UTC(2026, 10, 16, 10) })])
    expect(one('SELECT status FROM conversations')).toEqual({ status: 'open' })
  })

  it('keeps the maintained view counts equal to a recount through inserts, updates and deletes', () => {
    for (let i = 0; i < 60; i++) {
      ingest([item({ remoteId: `6${i}`, conversationKey: `k${i}`, createdAt: Date.UTC(2026, 10, 1) + i * 60_000 })])
    }
    core.db.prepare("INSERT INTO profiles(id, name, role, created_at) VALUES (1, 'Mira', 'supervisor', 0), (2, 'Sam', 'agent', 0)").run()
    const statuses = ['open', 'pending', 'snoozed', 'done']
    const ids = (core.db.prepare('SELECT id FROM conversations').all() as { id: number }[]).map((r) => r.id)
    ids.forEach((id, i) => {
      core.db
        .prepare('UPDATE conversations SET status = ?, assignee_id = ?, unread = ? WHERE id = ?')
        .run(statuses[i % 4], i % 3 === 0 ? null : (i % 2) + 1, i % 5 === 0 ? 0 : 1, id)
    })
    core.db.prepare('DELETE FROM conversations WHERE id IN (?, ?, ?)').run(ids[1], ids[7], ids[20])

    const recount = (where: string): number => (one(`SELECT count(*) AS n FROM conversations WHERE ${where}`) as { n: number }).n
    const counter = (key: string): number => ((core.db.prepare('SELECT n FROM view_counts WHERE key = ?').get(key) as { n: number } | undefined)?.n ?? 0)
    expect(counter('inbox')).toBe(recount("status IN ('open','pending')"))
    expect(counter('unassigned')).toBe(recount("status IN ('open','pending') AND assignee_id IS NULL"))
    expect(counter('mine:1')).toBe(recount("status IN ('open','pending') AND assignee_id = 1"))
    expect(counter('mine:2')).toBe(recount("status IN ('open','pending') AND assignee_id = 2"))
    expect(counter('done')).toBe(recount("status = 'done'"))
    expect(counter(`unread:${account}`)).toBe(recount("unread = 1 AND status <> 'done'"))
    expect(counter('inbox')).toBeGreaterThan(0)
  })
})
