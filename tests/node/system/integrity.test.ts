import Database from 'better-sqlite3'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { spawn } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listBackups } from '../../../src/main/features/backup/files'
import { restoreBackup } from '../../../src/main/features/backup/restore'
import { databaseFile } from '../../../src/main/base/paths'
import { openDatabase } from '../../../src/main/store/database'
import { DamagedWorkspaceError } from '../../../src/main/store/integrity'
import { migrations } from '../../../src/main/store/migrations'
import { acquireWorkspaceLock, otherOpeners } from '../../../src/main/store/workspace-lock'
import { scrambleHeader, scramblePages } from '../../support/damage'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

/** The per-opener marks in locks/ ("<pid>.<random>.lock"), not the writer lock's own files. */
const openerMarks = (dir: string): string[] => readdirSync(join(dir, 'locks')).filter((name) => /^\d+\./.test(name))

const messages = (file: string): number => {
  const db = new Database(file, { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('integrity checks, damaged files and restore', () => {
  let dir: string
  let cleanup: () => void
  const clock = new FakeClock()
  beforeEach(() => ({ dir, cleanup } = tempDir('parley-integrity-')))
  afterEach(() => cleanup())

  /** A workspace with demo data and one backup, closed. Returns how many messages the backup holds. */
  async function workspaceWithBackup(): Promise<number> {
    const ws = openWorkspace(dir, clock)
    expect((await typed(ws)('workspace.loadDemo', { conversations: 60 })).ok).toBe(true)
    const made = await ws.core.backups.backupNow('daily')
    await ws.close()
    return messages(made.file)
  }

  it('the full check passes on a good workspace and finds a search index that no longer matches its messages', async () => {
    const ws = openWorkspace(dir, clock)
    await typed(ws)('workspace.loadDemo', { conversations: 10 })
    const good = await typed(ws)('system.integrityCheck', {})
    expect(good.ok && good.value).toMatchObject({ ok: true, problems: [] })
    // An index entry for a message that does not exist: what a torn write to the FTS shadow tables leaves.
    ws.core.db.prepare("INSERT INTO messages_fts(rowid, text, author_name) VALUES (987654, 'ghost words', 'nobody')").run()
    const bad = await typed(ws)('system.integrityCheck', {})
    expect(bad.ok && bad.value.ok).toBe(false)
    expect(bad.ok && bad.value.problems.join(' ')).toMatch(/search index/)
    await ws.close()
  })

  it('refuses to open a file with scrambled pages: DamagedWorkspaceError, the file untouched', async () => {
    await workspaceWithBackup()
    scramblePages(databaseFile(dir), { fromFraction: 0.4, pages: 6 })
    // Any open consumes the clean-close stamp (clean-close.test.ts); nothing else may change.
    const before = readdirSync(dir)
      .filter((name) => !name.endsWith('.clean-close'))
      .sort()
    expect(() => openWorkspace(dir, clock)).toThrow(DamagedWorkspaceError)
    try {
      openWorkspace(dir, clock)
    } catch (error) {
      expect((error as Error).message).toMatch(/^The workspace database is damaged \(.+\)\. Parley has not changed it/)
    }
    // Nothing was created or changed beside it, and no lock was left behind.
    expect(readdirSync(dir).sort()).toEqual(before)
    expect(openerMarks(dir)).toEqual([])
  })

  it('a file that is not a database at all is reported the same way', () => {
    writeFileSync(databaseFile(dir), 'x'.repeat(8192))
    scrambleHeader(databaseFile(dir))
    expect(() => openWorkspace(dir, clock)).toThrow(DamagedWorkspaceError)
  })

  it('restore --latest keeps a copy of the damaged file, and the workspace opens with the backup’s data', async () => {
    const backedUp = await workspaceWithBackup()
    scramblePages(databaseFile(dir))
    const result = restoreBackup({ dataDir: dir, now: clock.now() + 1 })
    expect(result.previousCopy).toMatch(/parley-pre-restore-\d{8}-\d{6}-\d{3}\.db$/)
    expect(existsSync(result.previousCopy!)).toBe(true)
    expect(listBackups(dir).map((b) => b.kind).sort()).toEqual(['daily', 'pre-restore'])
    const ws = openWorkspace(dir, clock)
    expect((ws.core.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n).toBe(backedUp)
    expect((await typed(ws)('system.integrityCheck', {})).ok).toBe(true)
    await ws.close()
  })

  it('skips a damaged backup and restores the newest good one; --from a damaged file is refused', async () => {
    await workspaceWithBackup()
    const ws = openWorkspace(dir, clock)
    clock.advance(60_000)
    const newer = await ws.core.backups.backupNow('manual')
    await ws.close()
    scramblePages(newer.file, { pages: 8 })
    expect(() => restoreBackup({ dataDir: dir, from: newer.file })).toThrow(/it is damaged too/)
    const result = restoreBackup({ dataDir: dir })
    expect(result.restoredFrom).toMatch(/parley-daily-/)
  })

  it('says so plainly when there is no backup', () => {
    expect(() => restoreBackup({ dataDir: dir })).toThrow(/There is no usable backup in .*backups\. Nothing was changed\./)
  })

  it('refuses while another process has the workspace open, and goes ahead once it has gone', async () => {
    await workspaceWithBackup()
    // A real second process holding the workspace lock.
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', `import { writeFileSync, mkdirSync } from 'node:fs'; mkdirSync(process.argv[1] + '/locks', { recursive: true }); writeFileSync(process.argv[1] + '/locks/' + process.pid + '.x.lock', '{}'); console.log('held'); setInterval(() => {}, 1000)`, dir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))
    try {
      expect(otherOpeners(dir)).toEqual([child.pid])
      const before = messages(databaseFile(dir))
      expect(() => restoreBackup({ dataDir: dir })).toThrow(new RegExp(`Parley is still open on this workspace \\(process ${child.pid}\\)`))
      expect(messages(databaseFile(dir))).toBe(before)
    } finally {
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))
    }
    // Its lock file is stale now: removed, and the restore proceeds.
    expect(otherOpeners(dir)).toEqual([])
    expect(restoreBackup({ dataDir: dir }).previousCopy).not.toBeNull()
  })

  it('this process’s own lock does not block it; the core releases its lock on close', async () => {
    const lock = acquireWorkspaceLock(dir)
    expect(otherOpeners(dir)).toEqual([])
    lock.release()
    const ws = openWorkspace(dir, clock)
    expect(openerMarks(dir)).toHaveLength(1)
    await ws.close()
    expect(openerMarks(dir)).toHaveLength(0)
  })

  it('copies the file to backups/ before a migration changes its schema', async () => {
    const file = databaseFile(dir)
    const older = migrations.slice(0, 1)
    openDatabase({ file, migrations: older }).close()
    const raw = new Database(file)
    raw.prepare("INSERT INTO settings(key, value) VALUES ('before-migration', '1')").run()
    raw.close()
    const ws = openWorkspace(dir, clock)
    const copies = listBackups(dir).filter((b) => b.kind === 'pre-migration')
    expect(copies).toHaveLength(1)
    expect(copies[0]!.name).toMatch(/-v1\.db$/)
    const copy = new Database(copies[0]!.file, { readonly: true })
    expect(copy.pragma('user_version', { simple: true })).toBe(1)
    expect(copy.prepare("SELECT value FROM settings WHERE key = 'before-migration'").get()).toEqual({ value: '1' })
    copy.close()
    await ws.close()
  })
})
