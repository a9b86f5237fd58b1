import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ParleyError } from '../../../shared/contract'
import { databaseFile } from '../../base/paths'
import { latestSchemaVersion } from '../../store/migrations'
import { otherOpeners } from '../../store/workspace-lock'
import { ensurePrivateDir, makePrivate } from '../../store/private-files'
import { schemaVersionOf } from '../../store/backups'
import { checkBackupFile } from './backup'
import { backupName, backupsDir, listBackups, rotateBackups } from './files'

export interface RestoreResult {
  /** The backup that is now the workspace. */
  restoredFrom: string
  /** Where the file it replaced was kept (null when there was none). */
  previousCopy: string | null
}

/** Why this file cannot be restored, or null when it can. */
function unusable(file: string): string | null {
  if (!existsSync(file) || !statSync(file).isFile()) return 'there is no such file'
  const problems = checkBackupFile(file)
  if (problems.length) return `it is damaged too (${problems[0]})`
  const version = schemaVersionOf(file)
  if (version > latestSchemaVersion) return `it was written by a newer Parley (schema ${version})`
  if (version === 0) return 'it is not a Parley workspace'
  return null
}

/** The newest backup that passes its check; copies kept by earlier restores are skipped. */
export function latestGoodBackup(dataDir: string): string | null {
  for (const b of listBackups(dataDir)) {
    if (b.kind === 'pre-restore') continue
    if (unusable(b.file) === null) return b.file
  }
  return null
}

/**
 * Puts a backup in place of the workspace database. Refuses while another
 * Parley process has the workspace open. The current file (with its WAL) is
 * copied to backups/ first, so a restore can itself be undone.
 */
export function restoreBackup(options: { dataDir: string; from?: string; now?: number }): RestoreResult {
  const { dataDir } = options
  const others = otherOpeners(dataDir)
  if (others.length) {
    throw new ParleyError(
      'conflict',
      `Parley is still open on this workspace (process ${others.join(', ')}). Quit it first, then restore again. Nothing was changed.`,
    )
  }
  let source: string
  if (options.from) {
    source = resolve(options.from)
    const why = unusable(source)
    if (why) throw new ParleyError('bad_input', `Cannot restore ${source}: ${why}. Nothing was changed.`)
  } else {
    const latest = latestGoodBackup(dataDir)
    if (!latest) throw new ParleyError('not_found', `There is no usable backup in ${backupsDir(dataDir)}. Nothing was changed.`)
    source = latest
  }

  const target = databaseFile(dataDir)
  const at = options.now ?? Date.now()
  let previousCopy: string | null = null
  ensurePrivateDir(backupsDir(dataDir))
  if (existsSync(target)) {
    // A plain file copy: the current file may be too damaged for SQLite to read.
    previousCopy = join(backupsDir(dataDir), backupName('pre-restore', at))
    copyFileSync(target, previousCopy)
    if (existsSync(`${target}-wal`)) copyFileSync(`${target}-wal`, `${previousCopy}-wal`)
    for (const f of [previousCopy, `${previousCopy}-wal`]) makePrivate(f)
  }
  const incoming = `${target}.restoring`
  copyFileSync(source, incoming)
  // A copy takes the mode of its source, which may be an older Parley's 0644 backup.
  makePrivate(incoming)
  // The old WAL belongs to the old file; left in place SQLite would replay it into the restored one.
  rmSync(`${target}-wal`, { force: true })
  rmSync(`${target}-shm`, { force: true })
  renameSync(incoming, target)
  rotateBackups(dataDir)
  return { restoredFrom: source, previousCopy }
}
