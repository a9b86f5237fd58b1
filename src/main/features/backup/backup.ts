import { renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { quickCheckOnThread } from '../../store/background-check'
import { checkDatabaseFile, detachDatabaseCopy, settleDatabaseCopy, type LiveDatabase } from '../../store/backups'
import { createPrivateFile, ensurePrivateDir, makePrivate } from '../../store/private-files'
import { backupName, backupsDir, listBackups, rotateBackups, type BackupFile, type BackupKind } from './files'

/** Opens a backup read-only and runs quick_check; returns what is wrong, or [] for a good file. */
export const checkBackupFile = checkDatabaseFile

function finish(partial: string, final: string, dataDir: string, problems: string[]): BackupFile {
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
 * so the worker keeps answering calls while it runs. Written as ".partial", checked on a thread of its
 * own, then renamed. `signal` stops it (Parley closes): the partial file is removed, nothing else changes.
 */
export async function writeBackup(source: Pick<LiveDatabase, 'copyTo'>, dataDir: string, kind: BackupKind, at: number, signal?: AbortSignal): Promise<BackupFile> {
  const dir = backupsDir(dataDir)
  ensurePrivateDir(dir)
  const final = join(dir, backupName(kind, at))
  const partial = `${final}.partial`
  let problems: string[]
  try {
    createPrivateFile(partial)
    await source.copyTo(partial, signal)
    // A backup is one self-contained file: no WAL sidecar travels with it.
    problems = detachDatabaseCopy(partial)
    if (!problems.length) problems = await quickCheckOnThread(partial, signal)
    signal?.throwIfAborted()
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
  return finish(partial, final, dataDir, problems)
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
  // At open, before anything is served: checked here, synchronously.
  return finish(partial, final, dataDir, settleDatabaseCopy(partial))
}
