import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NormalizedItem } from '../../../src/main/model/items'
import { databaseFile } from '../../../src/main/base/paths'
import { brandAccount, item } from '../../support/items'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

/**
 * A full disk, simulated on a real file with PRAGMA max_page_count: SQLite
 * answers SQLITE_FULL exactly as when the disk has no room left. Whatever was
 * committed before stays intact, a batch is stored whole or not at all, and
 * the user reads a plain message.
 */
describe('a full disk during writes', () => {
  let dir: string
  let cleanup: () => void
  const clock = new FakeClock()
  beforeEach(() => ({ dir, cleanup } = tempDir('parley-full-')))
  afterEach(() => cleanup())

  const batch = (n: number, size: number): NormalizedItem[] =>
    Array.from({ length: size }, (_, i) =>
      item({ remoteId: `b${n}-${i}`, conversationKey: `thread-${n % 7}`, text: `batch ${n} item ${i} ${'words that take room '.repeat(60)}` }),
    )

  it('keeps every committed row, stores no part of the failing batch, and says "The disk is full"', async () => {
    const ws = openWorkspace(dir, clock)
    const account = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() })
    const pages = ws.core.db.pragma('page_count', { simple: true }) as number
    // Room for a few dozen batches more, then the "disk" is full.
    ws.core.db.pragma(`max_page_count = ${pages + 600}`)

    const committed: NormalizedItem[] = []
    let failure: unknown = null
    let failedBatch: NormalizedItem[] = []
    for (let n = 0; n < 1_000 && !failure; n++) {
      const items = batch(n, 25)
      try {
        ws.core.stores.ingest.ingest(account, items)
        committed.push(...items)
      } catch (error) {
        failure = error
        failedBatch = items
      }
    }
    expect((failure as { code?: string } | null)?.code).toBe('SQLITE_FULL')
    expect(committed.length).toBeGreaterThan(100)

    const ids = (list: NormalizedItem[]) => list.map((i) => i.remoteId)
    const stored = (remoteIds: string[]) =>
      ws.core.db.prepare(`SELECT remote_id AS r, text FROM messages WHERE remote_id IN (${remoteIds.map(() => '?').join(',')})`).all(...remoteIds) as { r: string; text: string }[]
    // Every committed row is there, word for word; none of the failing batch is.
    const rows = stored(ids(committed))
    expect(rows).toHaveLength(committed.length)
    const byId = new Map(rows.map((r) => [r.r, r.text]))
    for (const i of committed) expect(byId.get(i.remoteId)).toBe(i.text)
    expect(stored(ids(failedBatch))).toEqual([])
    expect(ws.core.db.pragma('integrity_check', { simple: true })).toBe('ok')

    // A user action on a full disk: a plain message, no stack, nothing half-saved.
    const conversations = (ws.core.db.prepare('SELECT id FROM conversations').all() as { id: number }[]).map((r) => r.id)
    const call = typed(ws)
    // Large drafts across the conversations fill what little room the failed batch left, until a save is refused.
    let saved = await call('drafts.save', { conversationId: conversations[0]!, body: 'x'.repeat(40_000) })
    const kept = new Map<number, string>()
    for (let i = 0; saved.ok && i < 100; i++) {
      const conversationId = conversations[i % conversations.length]!
      const body = `${i} ${'y'.repeat(40_000)}`
      saved = await call('drafts.save', { conversationId, body })
      if (saved.ok) kept.set(conversationId, body)
    }
    expect(saved.ok).toBe(false)
    if (!saved.ok) {
      expect(saved.error.code).toBe('unavailable')
      expect(saved.error.message).toBe(
        'The disk is full, so Parley could not save this. Nothing from this step was saved and everything saved before is safe. Free some disk space and try again.',
      )
    }

    // Room again: the same connection writes on, no restart needed.
    ws.core.db.pragma('max_page_count = 1073741823')
    ws.core.stores.ingest.ingest(account, failedBatch)
    expect(stored(ids(failedBatch))).toHaveLength(failedBatch.length)
    const full = await call('system.integrityCheck', {})
    expect(full.ok && full.value.ok).toBe(true)
    await ws.close()

    // And after a restart everything committed is still there, drafts included.
    const raw = new Database(databaseFile(dir), { readonly: true })
    expect((raw.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n).toBe(committed.length + failedBatch.length)
    for (const [conversationId, body] of kept) {
      expect(raw.prepare('SELECT body FROM drafts WHERE conversation_id = ?').get(conversationId)).toEqual({ body })
    }
    raw.close()
  })
})
