import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * A workspace holds private messages: its folders are 0700 and its files 0600, whatever the umask.
 * Explicit modes rather than trusting the process umask, because the desktop app, browser mode and
 * the CLI are started from shells with any umask (022 makes files world-readable).
 */
export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/** Windows has no POSIX modes; its per-user profile folder is private already. */
const posix = process.platform !== 'win32'

/** Creates the folder (and missing parents) as 0700, and tightens it when it already exists. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  tighten(dir, PRIVATE_DIR_MODE)
}

/** chmod to 0600; a file that vanished meanwhile is fine. */
export function makePrivate(file: string): void {
  tighten(file, PRIVATE_FILE_MODE)
}

/** Writes a whole file that is created 0600 (and stays 0600 if it existed). */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  writeFileSync(file, data, { mode: PRIVATE_FILE_MODE })
  tighten(file, PRIVATE_FILE_MODE)
}

/**
 * Creates an empty file as 0600 unless it exists. SQLite gives a database's -wal, -shm and journal
 * files the mode of the database file itself, so creating the database this way keeps all of them private.
 */
export function createPrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE))
  tighten(file, PRIVATE_FILE_MODE)
}

/**
 * Brings a workspace made by an older Parley (folders 0755, files 0644) to 0700/0600: the data folder, Parley's own
 * files in it (the database and its side files, the vault) and the folders Parley keeps there (backups, locks) with
 * their files. Anything else someone keeps in that folder is left as it is (a --data-dir may point at a shared place).
 */
export function securePermissions(dataDir: string): void {
  if (!posix || !existsSync(dataDir)) return
  tighten(dataDir, PRIVATE_DIR_MODE)
  for (const name of safeList(dataDir)) {
    const path = join(dataDir, name)
    const stat = safeStat(path)
    if (!stat) continue
    if (stat.isFile() && OWN_FILE.test(name)) tighten(path, PRIVATE_FILE_MODE)
    else if (stat.isDirectory() && OWN_FOLDERS.has(name)) {
      tighten(path, PRIVATE_DIR_MODE)
      for (const inner of safeList(path)) {
        const innerPath = join(path, inner)
        if (safeStat(innerPath)?.isFile()) tighten(innerPath, PRIVATE_FILE_MODE)
      }
    }
  }
}

/** Parley's files in the data folder: parley.db with its -wal, -shm, -journal, clean-close stamp and temporary copies; the vault and its temporary files. */
const OWN_FILE = /^(parley\.db|secrets\.vault|\.secrets\.vault\.)/

/** The folders Parley creates inside the data folder. */
const OWN_FOLDERS = new Set(['backups', 'locks'])

function tighten(path: string, mode: number): void {
  if (!posix) return
  try {
    const current = statSync(path).mode & 0o777
    if ((current & ~mode) !== 0) chmodSync(path, current & mode)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // Gone meanwhile, or owned by someone else (a shared folder the user pointed at): nothing to tighten here.
    if (code !== 'ENOENT' && code !== 'EPERM') throw error
  }
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

function safeStat(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path)
  } catch {
    return null
  }
}
