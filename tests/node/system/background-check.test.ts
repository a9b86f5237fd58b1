import { readFileSync, existsSync, rmSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { databaseFile } from '../../../src/main/base/paths'
import { inProcessCore } from '../../../src/main/hosts/worker/in-process'
import { integrityOf } from '../../../src/main/store/background-check'
import { closeDatabase, openCheckedDatabase } from '../../../src/main/store/database'
import { stampCleanClose, takeCleanClose } from '../../../src/main/store/clean-close'
import { DamagedWorkspaceError } from '../../../src/main/store/integrity'
import { openWorkspace as openWorkspaceFile } from '../../../src/main/store/workspace-open'
import { WritesStoppedError } from '../../../src/main/store/write-gate'
import { item } from '../../support/items'
import { scrambleHeader, scrambleTablePages } from '../../support/damage'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

/** A long-lived host's core (desktop, browser mode): after an unclean close it checks in the background. */
const openServing = (dir: string, clock: FakeClock) => inProcessCore({ dataDir: dir, version: '0.0.0-test', clock, vault: null, integrityCheck: 'background' })

/** The database file and its WAL, byte for byte. */
const snapshot = (file: string): string => [file, `${file}-wal`].map((f) => (existsSync(f) ? readFileSync(f).toString('base64') : '-')).join('|')

describe('quick_check in the background after an unclean close', () => {
  let dir: string
  let cleanup: () => void
  let clock: FakeClock
  let file: string
  beforeEach(async () => {
    ;({ dir, cleanup } = tempDir('parley-background-check-'))
    clock = new FakeClock()
    file = databaseFile(dir)
    const ws = openWorkspace(dir, clock)
    expect((await typed(ws)('workspace.loadDemo', { conversations: 120 })).ok).toBe(true)
    await ws.core.backups.backupNow('daily')
    await ws.close()
    // What a crash leaves: no clean-close stamp to vouch for the file.
    rmSync(`${file}.clean-close`)
    clock.advance(60_000)
  })
  afterEach(() => cleanup())

  it('opens before the check has run and serves reads and writes while it is still to come', async () => {
    let startCheck!: () => void
    const held = new Promise<void>((resolve) => (startCheck = resolve))
    const opened = openWorkspaceFile({ dataDir: dir, now: () => clock.now(), beforeMigration: () => undefined, check: 'background', startCheckAfter: held })
    try {
      // Open returned with the check pending: nothing waited for it.
      expect(opened.integrity.state).toBe('checking')
      expect(opened.integrity.checkedAt).toBeNull()
      const before = (opened.db.prepare('SELECT count(*) AS n FROM conversations WHERE status = ?').get('done') as { n: number }).n
      opened.db.prepare("UPDATE conversations SET status = 'done' WHERE id IN (SELECT id FROM conversations WHERE status <> 'done' LIMIT 3)").run()
      expect((opened.db.prepare('SELECT count(*) AS n FROM conversations WHERE status = ?').get('done') as { n: number }).n).toBeGreaterThan(before)
      await Promise.resolve()
      expect(opened.integrity.state).toBe('checking')

      startCheck()
      await opened.integrity.finished
      expect(opened.integrity.state).toBe('checked')
      expect(opened.integrity.checkedAt).toBe(clock.now())
    } finally {
      closeDatabase(opened.db)
      opened.lock.release()
    }
  })

  it('a sound file passes and its check time is recorded, so the next start after a clean close skips it', async () => {
    const ws = openServing(dir, clock)
    const integrity = integrityOf(ws.core.db)!
    expect(integrity.state).toBe('checking')
    expect((await typed(ws)('conversations.list', { view: 'inbox' })).ok).toBe(true)
    await integrity.finished
    expect(integrity.state).toBe('checked')
    const checkedAt = clock.now()
    expect(integrity.checkedAt).toBe(checkedAt)
    clock.advance(3_600_000)
    await ws.close()
    expect(takeCleanClose(file, clock.now())).toBe(checkedAt)
  })

  it('closing before the check is over leaves no clean-close stamp, so the next start checks again', () => {
    const never = new Promise<void>(() => undefined)
    const opened = openWorkspaceFile({ dataDir: dir, now: () => clock.now(), beforeMigration: () => undefined, check: 'background', startCheckAfter: never })
    closeDatabase(opened.db)
    stampCleanClose(file, opened.integrity.checkedAt)
    opened.lock.release()
    expect(opened.integrity.state).toBe('unchecked')
    expect(existsSync(`${file}.clean-close`)).toBe(false)
  })

  it('damage found in the background stops every write with a plain message and tells the screens', async () => {
    scrambleTablePages(file, 'messages', { pages: 4 })
    // A one-shot CLI command still checks first and refuses the file.
    expect(() => openWorkspace(dir, clock)).toThrow(DamagedWorkspaceError)

    const ws = openServing(dir, clock)
    const told: unknown[] = []
    ws.subscribe((name, payload) => {
      if (name === 'system.damaged') told.push(payload)
    })
    const integrity = integrityOf(ws.core.db)!
    expect(integrity.state).toBe('checking')
    await integrity.finished
    expect(integrity.state).toBe('damaged')
    expect(told).toEqual([{ problem: expect.stringMatching(/^The workspace database is damaged \(.+\)/) }])

    const after = snapshot(file)
    // Through the contract: a plain refusal.
    const conversationId = (ws.core.db.prepare('SELECT id FROM conversations LIMIT 1').get() as { id: number }).id
    const saved = await typed(ws)('drafts.save', { conversationId, body: 'A reply typed after the damage was found' })
    expect(saved.ok).toBe(false)
    expect(!saved.ok && saved.error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^Parley could not save this: the workspace database is damaged .*stopped writing to it\. Nothing was changed\. Restore the latest backup/) })
    const read = await typed(ws)('conversations.markRead', { id: conversationId, read: true })
    expect(!read.ok && read.error.message).toMatch(/stopped writing to it/)
    // The unit of work, ingest and the outbox's marks (all written through the unit of work) refuse before any SQL.
    expect(() => ws.core.uow.run(() => undefined)).toThrow(WritesStoppedError)
    const account = ws.core.db.prepare('SELECT id FROM channel_accounts LIMIT 1').get() as { id: number }
    expect(() => ws.core.stores.ingest.ingest(account.id, [item({ remoteId: 'after-damage' })])).toThrow(WritesStoppedError)
    // Whatever runs SQL directly is refused by SQLite itself.
    expect(() => ws.core.db.prepare("UPDATE settings SET value = 'x' WHERE 0").run()).toThrow(/readonly/)
    expect(snapshot(file)).toBe(after)

    await ws.close()
    expect(existsSync(`${file}.clean-close`)).toBe(false)
  })

  it('a file that is not a database is still refused at open: the header is checked before serving', () => {
    scrambleHeader(file)
    expect(() => openServing(dir, clock)).toThrow(DamagedWorkspaceError)
  })

  it('checks only the header and schema before opening, unless a migration is pending: then all of it, first', () => {
    const t = tempDir('parley-schema-check-')
    try {
      const small = `${t.dir}/small.db`
      const one = [{ version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' }]
      const two = [...one, { version: 2, name: 'two', sql: 'CREATE TABLE b (y INTEGER);' }]
      closeDatabase(openCheckedDatabase({ file: small, migrations: one }).db)
      const pending = openCheckedDatabase({ file: small, migrations: two, check: 'schema' })
      expect(pending.checked).toBe('full')
      closeDatabase(pending.db)
      const current = openCheckedDatabase({ file: small, migrations: two, check: 'schema' })
      expect(current.checked).toBe('schema')
      closeDatabase(current.db)
    } finally {
      t.cleanup()
    }
  })
})
