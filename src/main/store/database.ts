import Database from 'better-sqlite3'
import { dirname } from 'node:path'
import { ParleyError } from '../../shared/contract'
import { latestSchemaVersion, migrations, type Migration } from './migrations'
import { DamagedWorkspaceError, isDamageError, quickCheck } from './integrity'
import { createPrivateFile, ensurePrivateDir, makePrivate } from './private-files'
import { writesStopped } from './write-gate'

export type Db = Database.Database

export interface OpenOptions {
  /** Path of the database file. */
  file: string
  readonly?: boolean
  /** For tests of the migration runner. */
  migrations?: readonly Migration[]
  /**
   * true (default): PRAGMA quick_check before anything else; a damaged file throws DamagedWorkspaceError.
   * 'schema': only what the migrations and every statement rely on (see schemaCheck), unless a migration is
   * pending, when the full check runs first; the caller checks the rest in the background.
   */
  check?: boolean | 'schema'
  /** Called with the version a pending migration starts from, before it runs (the core writes a backup here). */
  beforeMigration?: (db: Db, fromVersion: number) => void
}

/** Opens the workspace database, applies pending migrations, and refuses one written by a newer Parley. */
export function openDatabase(options: OpenOptions): Db {
  return openCheckedDatabase(options).db
}

/** openDatabase, also saying how much of the file was checked: all of it, its header and schema only, or nothing. */
export function openCheckedDatabase({ file, readonly = false, migrations: list = migrations, check = true, beforeMigration }: OpenOptions): {
  db: Db
  checked: 'full' | 'schema' | 'none'
} {
  if (!readonly && !inMemory(file)) {
    // Created 0600 before SQLite touches it: the -wal, -shm and journal files take the database file's mode.
    ensurePrivateDir(dirname(file))
    createPrivateFile(file)
    for (const sidecar of [`${file}-wal`, `${file}-shm`, `${file}-journal`]) makePrivate(sidecar)
  }
  let db: Db
  try {
    db = new Database(file, { readonly, fileMustExist: readonly })
  } catch (error) {
    throw new ParleyError('unavailable', `Cannot open the workspace database at ${file}: ${(error as Error).message}`)
  }
  try {
    if (!readonly) db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    db.pragma('cache_size = -32768')
    db.pragma('temp_store = MEMORY')
    let checked: 'full' | 'schema' | 'none' = 'none'
    if (check === 'schema') {
      schemaCheck(db, file)
      checked = 'schema'
    }
    // A migration rewrites tables and is preceded by a backup: neither may work from a damaged file.
    if (check === true || (check === 'schema' && !readonly && migrationPending(db, list))) {
      const problems = quickCheck(db)
      if (problems.length) throw new DamagedWorkspaceError(file, problems[0]!)
      checked = 'full'
    }
    if (!readonly) migrate(db, list, beforeMigration)
    else checkVersion(db, list)
    return { db, checked }
  } catch (error) {
    db.close()
    if (isDamageError(error)) throw new DamagedWorkspaceError(file, (error as Error).message)
    throw error
  }
}

/**
 * The part of the file everything else stands on, checked in milliseconds whatever the file's size: the
 * header (page size, format, user_version: a file that is not a database fails here) and the schema's
 * b-tree on page 1, with every CREATE statement in it parsed. Migrations read and change exactly these,
 * and every statement the core prepares depends on them, so damage here would fail every call anyway.
 */
function schemaCheck(db: Db, file: string): void {
  const problems = quickCheck(db, 'sqlite_schema')
  if (problems.length) throw new DamagedWorkspaceError(file, problems[0]!)
}

function migrationPending(db: Db, list: readonly Migration[]): boolean {
  const current = db.pragma('user_version', { simple: true }) as number
  return current > 0 && current < knownVersion(list)
}

/** ":memory:" and "" are SQLite's private in-memory and temporary databases: no file of ours to create. */
const inMemory = (file: string): boolean => file === ':memory:' || file === '' || file.startsWith('file:')

function knownVersion(list: readonly Migration[]): number {
  return list.length ? list[list.length - 1]!.version : 0
}

function checkVersion(db: Db, list: readonly Migration[]): number {
  const current = db.pragma('user_version', { simple: true }) as number
  const known = knownVersion(list)
  if (current > known) {
    throw new ParleyError(
      'unavailable',
      `This workspace was written by a newer version of Parley (schema ${current}; this version knows up to ${known}). ` +
        'Update Parley to open it. Nothing was changed.',
    )
  }
  return current
}

/** Closes the workspace database, leaving SQLite's statistics fresh for the next start; a closed one stays closed. */
export function closeDatabase(db: Db): boolean {
  if (!db.open) return false
  // optimize may write statistics: not into a file found damaged.
  if (!writesStopped(db)) db.pragma('optimize')
  db.close()
  return true
}

export function migrate(db: Db, list: readonly Migration[] = migrations, beforeMigration?: (db: Db, fromVersion: number) => void): void {
  const current = checkVersion(db, list)
  // A brand-new file (version 0) has nothing to lose; anything older than this Parley is copied first.
  if (current > 0 && current < knownVersion(list)) beforeMigration?.(db, current)
  for (const m of list) {
    if (m.version <= current) continue
    db.transaction(() => {
      db.exec(typeof m.sql === 'function' ? m.sql(db) : m.sql)
      db.pragma(`user_version = ${m.version}`)
    })()
  }
}

export { latestSchemaVersion }
