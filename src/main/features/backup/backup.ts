import Database from 'better-sqlite3'
import { renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Db } from '../../store/database'
import { quickCheck } from '../../store/integrity'
import { createPrivateFile, ensurePrivateDir, makePrivate } from '../../store/private-files'
import { backupName, backupsDir, listBackups, rotateBackups, type BackupFile, type BackupKind } from './files'

/** Opens a backup read-only and runs quick_check; returns what is wrong, or [] for a good file. */
export function checkBackupFile(file: string): string[] {
  let db: Database.Database | null = null
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
    return quickCheck(db)
  } catch (error) {
    return [(error as Error).message]
  } finally {
    db?.close()
  }
}

/** A backup is one self-contained file: rollback journal instead of WAL, so no sidecar files travel with it. */
function settle(file: string): string[] {
  let db: Database.Database | null = null
  try {
    db = new Database(file, { fileMustExist: true })
    db.pragma('journal_mode = DELETE')
    return quickCheck(db)
  } catch (error) {
    return [(error as Error).message]
  } finally {
    db?.close()
  }
}

function finish(partial: string, final: string, dataDir: string): BackupFile {
  const problems = settle(partial)
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
 * SQLite's online backup API (better-sqlite3's db.backup): copies the live
 * database page by page between turns of the event loop, so the worker keeps
 * answering calls while it runs. Written as ".partial", checked, then renamed.
 */
export async function writeBackup(db: Db, dataDir: string, kind: BackupKind, at: number): Promise<BackupFile> {
  const dir = backupsDir(dataDir)
  ensurePrivateDir(dir)
  const final = join(dir, backupName(kind, at))
  const partial = `${final}.partial`
  try {
    createPrivateFile(partial)
    await db.backup(partial)
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
export function writePreMigrationBackup(db: Db, dataDir: string, fromVersion: number, at: number): BackupFile {
  const dir = backupsDir(dataDir)
  ensurePrivateDir(dir)
  const final = join(dir, backupName('pre-migration', at, fromVersion))
  const partial = `${final}.partial`
  rmSync(partial, { force: true })
  // VACUUM INTO accepts an empty file, and keeps its mode.
  createPrivateFile(partial)
  db.prepare('VACUUM INTO ?').run(partial)
  return finish(partial, final, dataDir)
}
