import Database from 'better-sqlite3'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { listBackups, rotateBackups } from '../../../src/main/features/backup/files'
import { databaseFile } from '../../../src/main/base/paths'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

const DAY = 24 * 60 * 60_000

function count(file: string, table: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('backups with the online backup API', () => {
  let dir: string
  let cleanup: () => void
  let clock: FakeClock
  let ws: ReturnType<typeof openWorkspace>
  beforeEach(async () => {
    ;({ dir, cleanup } = tempDir('parley-backup-'))
    clock = new FakeClock()
    ws = openWorkspace(dir, clock)
    const loaded = await typed(ws)('workspace.loadDemo', { conversations: 30 })
    expect(loaded.ok).toBe(true)
  })
  afterEach(async () => {
    await ws.close()
    cleanup()
  })

  it('writes a checked, self-contained copy that holds every committed message', async () => {
    const made = await ws.core.backups.backupNow('manual')
    expect(made.kind).toBe('manual')
    expect(made.file.startsWith(join(dir, 'backups'))).toBe(true)
    // One file: no -wal or -shm travels with it, and no ".partial" is left behind.
    expect(readdirSync(join(dir, 'backups'))).toEqual([made.name])
    const raw = new Database(made.file, { readonly: true })
    expect(raw.pragma('journal_mode', { simple: true })).toBe('delete')
    expect(raw.pragma('quick_check', { simple: true })).toBe('ok')
    raw.close()
    const live = (ws.core.db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n
    expect(live).toBeGreaterThan(50)
    expect(count(made.file, 'messages')).toBe(live)
  })

  it('keeps answering while a backup runs, and the copy is consistent', async () => {
    const call = typed(ws)
    const backup = ws.core.backups.backupNow('manual')
    // Calls interleave with the page-by-page copy.
    const conversations = await call('conversations.list', { view: 'inbox', limit: 5 })
    expect(conversations.ok).toBe(true)
    const id = conversations.ok ? conversations.value.items[0]!.id : 0
    expect((await call('drafts.save', { conversationId: id, body: 'written during the backup' })).ok).toBe(true)
    const made = await backup
    const db = new Database(made.file, { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
  })

  it('stops a backup in progress when Parley closes, leaving nothing half-written', async () => {
    const backup = ws.core.backups.backupNow('manual')
    // What closing does first; before the fix closing waited for the whole copy (minutes for a 4 GB workspace).
    await ws.core.backups.stop()
    await expect(backup).rejects.toThrow(/Parley is closing; the backup in progress was stopped/)
    expect(existsSync(join(dir, 'backups')) ? readdirSync(join(dir, 'backups')) : []).toEqual([])
  })

  it('makes a daily backup once a day, a weekly copy every seventh day, and rotates 7 daily + 4 weekly', async () => {
    const first = await ws.core.backups.runDaily()
    expect(first?.kind).toBe('daily')
    expect(await ws.core.backups.runDaily()).toBeNull()
    clock.advance(DAY - 1)
    expect(await ws.core.backups.runDaily()).toBeNull()
    for (let day = 1; day <= 40; day++) {
      clock.time = first!.at + day * DAY
      expect((await ws.core.backups.runDaily())?.kind).toBe('daily')
    }
    const kinds = listBackups(dir).map((b) => b.kind)
    expect(kinds.filter((k) => k === 'daily')).toHaveLength(7)
    expect(kinds.filter((k) => k === 'weekly')).toHaveLength(4)
    // Newest first, and the newest daily is today's.
    expect(listBackups(dir)[0]!.at).toBe(first!.at + 40 * DAY)
    const weekly = listBackups(dir).filter((b) => b.kind === 'weekly').map((b) => (b.at - first!.at) / DAY)
    expect(weekly).toEqual([35, 28, 21, 14])
  })

  it('keeps 5 manual backups and removes leftovers of an interrupted one', async () => {
    for (let i = 0; i < 7; i++) {
      clock.advance(1_000)
      await ws.core.backups.backupNow('manual')
    }
    expect(listBackups(dir).filter((b) => b.kind === 'manual')).toHaveLength(5)
    expect(rotateBackups(dir)).toEqual([])
  })

  it('answers system.backups, system.backupNow and system.status through the router', async () => {
    const call = typed(ws)
    const made = await call('system.backupNow', {})
    expect(made.ok && made.value.kind).toBe('manual')
    const listed = await call('system.backups', {})
    expect(listed.ok && listed.value.backups.map((b) => b.name)).toEqual([made.ok && made.value.name])
    const status = await call('system.status', {})
    expect(status.ok && status.value).toMatchObject({ state: 'ok', problem: null, latestBackup: { kind: 'manual' } })
    expect(status.ok && status.value.restoreCommand).toBe(`npx parley restore --latest --data-dir ${dir}`)
    // Never swaps the file of a healthy open workspace.
    const restore = await call('system.restoreLatest', {})
    expect(restore.ok).toBe(false)
    expect(!restore.ok && restore.error.message).toMatch(/quit Parley and run: npx parley restore --latest/)
    expect(existsSync(databaseFile(dir))).toBe(true)
  })
})
