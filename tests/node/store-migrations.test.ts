import Database from 'better-sqlite3'
import { existsSync, readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { databaseFile } from '../../src/main/base/paths'
import { latestSchemaVersion, migrate, openDatabase } from '../../src/main/store/database'
import { migrations } from '../../src/main/store/migrations'
import { brandAccount, item } from '../support/items'
import { openWorkspace, tempDir } from '../support/workspace'

describe('workspace database', () => {
  let dir: string
  let cleanup: () => void
  beforeEach(() => ({ dir, cleanup } = tempDir()))
  afterEach(() => cleanup())

  it('migrates an empty file to the latest schema with WAL and foreign keys', () => {
    const db = openDatabase({ file: databaseFile(dir) })
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name)
    for (const t of [
      'channel_accounts', 'contacts', 'identities', 'conversations', 'messages', 'messages_fts', 'tags',
      'conversation_tags', 'drafts', 'approvals', 'outbox_items', 'audit_events', 'sync_cursors', 'profiles', 'view_counts',
    ]) {
      expect(tables).toContain(t)
    }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
  })

  it('keeps the data when the workspace is reopened', async () => {
    const first = openWorkspace(dir)
    const account = first.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
    first.core.stores.ingest.ingest(account, [item({ conversationKey: 'k1' })])
    const listed = await first.call('conversations.list', { view: 'inbox' })
    expect(listed.ok).toBe(true)
    const id = (listed as { ok: true; value: { items: { id: number }[] } }).value.items[0]!.id
    await first.call('drafts.save', { conversationId: id, body: 'Thanks Inês, checking with the team.' })
    await first.close()

    const second = openWorkspace(dir)
    const draft = await second.call('drafts.get', { conversationId: id })
    expect(draft).toEqual({ ok: true, value: expect.objectContaining({ body: 'Thanks Inês, checking with the team.' }) })
    const again = await second.call('conversations.list', { view: 'inbox' })
    expect((again as { ok: true; value: { items: unknown[] } }).value.items).toHaveLength(1)
    await second.close()
  })

  it('refuses a database written by a newer Parley, with a clear message, and leaves it untouched', () => {
    const file = databaseFile(dir)
    openDatabase({ file }).close()
    const raw = new Database(file)
    raw.pragma(`user_version = ${latestSchemaVersion + 5}`)
    raw.close()
    const before = readFileSync(file)

    expect(() => openDatabase({ file })).toThrow(/newer version of Parley \(schema \d+; this version knows up to \d+\)/)
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(() => openWorkspace(dir)).toThrow(/Update Parley to open it/)
  })

  it('rolls a failing migration back whole and keeps the old version', () => {
    const file = databaseFile(dir)
    openDatabase({ file }).close()
    const broken = [
      ...migrations,
      { version: latestSchemaVersion + 1, name: 'broken', sql: 'CREATE TABLE half_done(x); SELECT * FROM no_such_table;' },
    ]
    expect(() => openDatabase({ file, migrations: broken })).toThrow(/no such table/)
    const db = new Database(file)
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion)
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get()).toEqual({ n: 0 })
    db.close()
  })

  it('applies only the migrations a database has not seen', () => {
    const file = databaseFile(dir)
    const db = openDatabase({ file })
    const extra = [...migrations, { version: latestSchemaVersion + 1, name: 'extra', sql: 'CREATE TABLE extra_things(x)' }]
    migrate(db, extra)
    migrate(db, extra)
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion + 1)
    db.close()
    expect(existsSync(file)).toBe(true)
  })
})
