import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { writePrivateFile } from './private-files'

/**
 * quick_check reads every page: seconds on a large workspace. It is skipped at open only when
 * the file is byte-for-byte as this Parley's last clean close left it (same size and mtime, no
 * WAL) and the last check is less than a week old. A crash, a copy, an edit or damage by another
 * program changes one of those, and the check runs. The stamp is consumed at open, so a process
 * that dies leaves none behind.
 */
export const RECHECK_AFTER_MS = 7 * 24 * 3600_000

interface Stamp {
  size: number
  mtimeMs: number
  checkedAt: number
}

const stampFile = (dbFile: string): string => `${dbFile}.clean-close`

/** The time of the last quick_check when it may be trusted now, else null (and the stamp is gone either way). */
export function takeCleanClose(dbFile: string, now: number): number | null {
  const path = stampFile(dbFile)
  if (!existsSync(path)) return null
  let stamp: Partial<Stamp> = {}
  try {
    stamp = JSON.parse(readFileSync(path, 'utf8')) as Partial<Stamp>
  } catch {
    // An unreadable stamp is no stamp.
  }
  rmSync(path, { force: true })
  if (!existsSync(dbFile) || hasWal(dbFile)) return null
  const stat = statSync(dbFile)
  const matches = stat.size === stamp.size && Math.trunc(stat.mtimeMs) === stamp.mtimeMs
  const recent = typeof stamp.checkedAt === 'number' && now - stamp.checkedAt < RECHECK_AFTER_MS && stamp.checkedAt <= now
  return matches && recent ? stamp.checkedAt! : null
}

/** Written after the database is closed, when its file is final; not when no check has passed since open (null). */
export function stampCleanClose(dbFile: string, checkedAt: number | null): void {
  if (checkedAt === null || !existsSync(dbFile) || hasWal(dbFile)) return
  const stat = statSync(dbFile)
  const stamp: Stamp = { size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs), checkedAt }
  const tmp = `${stampFile(dbFile)}.tmp`
  writePrivateFile(tmp, JSON.stringify(stamp))
  renameSync(tmp, stampFile(dbFile))
}

function hasWal(dbFile: string): boolean {
  const wal = `${dbFile}-wal`
  return existsSync(wal) && statSync(wal).size > 0
}
