import Database from 'better-sqlite3'
import type { Db } from './database'
import { fullIntegrityCheck, quickCheck, type IntegrityReport } from './integrity'

/** better-sqlite3's own step size: about 400 KB a turn of the event loop. */
const BACKUP_PAGES_PER_STEP = 100

/**
 * The open workspace database seen as a file: consistent copies of it while it is in use, and its
 * full integrity check. What backups are made of; naming, rotation and scheduling are the backup feature's.
 */
export class LiveDatabase {
  constructor(private readonly db: Db) {}

  /**
   * SQLite's online backup API (better-sqlite3's db.backup): copies the live database page by page
   * between turns of the event loop, so the worker keeps answering calls while it runs.
   */
  copyTo(file: string, signal?: AbortSignal): Promise<unknown> {
    // Throwing from the progress callback ends the copy between two steps (better-sqlite3 then closes it).
    return this.db.backup(file, {
      progress: () => {
        signal?.throwIfAborted()
        return BACKUP_PAGES_PER_STEP
      },
    })
  }

  /** VACUUM INTO, SQLite's other way to write a consistent copy, in one synchronous statement (before a migration). */
  vacuumInto(file: string): void {
    this.db.prepare('VACUUM INTO ?').run(file)
  }

  integrityCheck(now: () => number): IntegrityReport {
    return fullIntegrityCheck(this.db, now)
  }
}

/** Opens a database file, uses it, closes it: what is wrong with it, or [] (a file that cannot be opened or read is the problem). */
function withDatabaseFile(file: string, options: { readonly: boolean }, use: (db: Db) => string[]): string[] {
  let db: Db | null = null
  try {
    db = new Database(file, { ...options, fileMustExist: true })
    return use(db)
  } catch (error) {
    return [(error as Error).message]
  } finally {
    db?.close()
  }
}

/** A rollback journal instead of WAL: the copy is one self-contained file, no sidecar files travel with it. */
const detach = (db: Db): string[] => {
  db.pragma('journal_mode = DELETE')
  return []
}

/** Opens a database file read-only and runs quick_check; returns what is wrong, or [] for a good file. */
export function checkDatabaseFile(file: string): string[] {
  return withDatabaseFile(file, { readonly: true }, quickCheck)
}

/** Makes a copy one self-contained file; what went wrong, or []. Its check is the caller's (a backup checks on a thread). */
export function detachDatabaseCopy(file: string): string[] {
  return withDatabaseFile(file, { readonly: false }, detach)
}

/** Makes a copy one self-contained file, then checks it. */
export function settleDatabaseCopy(file: string): string[] {
  return withDatabaseFile(file, { readonly: false }, (db) => [...detach(db), ...quickCheck(db)])
}

/** The schema version (user_version) a database file was written with. */
export function schemaVersionOf(file: string): number {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    return db.pragma('user_version', { simple: true }) as number
  } finally {
    db.close()
  }
}
