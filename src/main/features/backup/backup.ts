import { renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { checkDatabaseFile, settleDatabaseCopy, type LiveDatabase } from '../../store/backups'
import { createPrivateFile, ensurePrivateDir, makePrivate } from '../../store/private-files'
import { backupName, backupsDir, listBackups, rotateBackups, type BackupFile, type BackupKind } from './files'

/** Opens a backup read-only and runs quick_check; returns what is wrong, or [] for a good file. */
export const checkBackupFile = checkDatabaseFile

function finish(partial: string, final: string, dataDir: string): BackupFile {
  // A backup is one self-contained file: no WAL sidecar travels with it.
  const problems = settleDatabaseCopy(partial)
  if (problems.length) {
    rmSync(partial, { force: true })
    throw new Error(`The new backup failed its check (${problems[0]}); it was discarded.`)
  }
  // A backup holds every private message, like the database: 0600 whatever SQLite created it with.
  makePrivate(partial)
  renameSync(partial, final)
  rotateBackups(dataDir)
  const made = listBackups(dataDir).find((b) => b.file === final)
  if (!made) throw new Error(`The backup ${final} disappeared right after it was made.`)
  return made
}

/**
 * A copy of the live database made between turns of the event loop (SQLite's online backup API),
 * so the worker keeps answering calls while it runs. Written as ".partial", checked, then renamed.
 */
export async function writeBackup(source: Pick<LiveDatabase, 'copyTo'>, dataDir: string, kind: BackupKind, at: number): Promise<BackupFile> {
  const dir = backupsDir(dataDir)
  ensurePrivateDir(dir)
  const final = join(dir, backupName(kind, at))
  const partial = `${final}.partial`
  try {
    createPrivateFile(partial)
    await source.copyTo(partial)
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
  return finish(partial, final, dataDir)
}

/**
 * Before a migration changes the schema. Opening is synchronous, so this uses
 * VACUUM INTO, SQLite's other way to write a consistent copy in one statement.
 */
export function writePreMigrationBackup(source: Pick<LiveDatabase, 'vacuumInto'>, dataDir: string, fromVersion: number, at: number): BackupFile {
  const dir = backupsDir(dataDir)
  ensurePrivateDir(dir)
  const final = join(dir, backupName('pre-migration', at, fromVersion))
  const partial = `${final}.partial`
  rmSync(partial, { force: true })
  // VACUUM INTO accepts an empty file, and keeps its mode.
  createPrivateFile(partial)
  source.vacuumInto(partial)
  return finish(partial, final, dataDir)
}
