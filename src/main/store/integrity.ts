import type { Db } from './database'
import { ParleyError } from '../../shared/contract'

/** SQLite error codes that mean the file itself is damaged or not a database at all. */
const DAMAGE_CODES = /^SQLITE_(CORRUPT|NOTADB)/

export function isDamageError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && DAMAGE_CODES.test(String((error as { code?: unknown }).code ?? ''))
}

/**
 * SQLite's first finding, on one line: quick_check may answer one row of many lines ("*** in database
 * main ***", then a line per broken page), which is for a log, not for a sentence shown to a person.
 */
function firstProblem(detail: string): string {
  const lines = detail.split('\n').map((l) => l.trim()).filter((l) => l && !/^\*\*\* in database/.test(l))
  if (lines.length <= 1) return lines[0] ?? detail.trim()
  return `${lines[0]}, and ${lines.length - 1} more`
}

/**
 * The workspace database cannot be used as it is. Carries what the recovery
 * screen and the CLI need to offer the latest backup; nothing was changed.
 */
export class DamagedWorkspaceError extends ParleyError {
  constructor(
    readonly file: string,
    readonly detail: string,
  ) {
    super('unavailable', `The workspace database is damaged (${firstProblem(detail)}). Parley has not changed it; restoring the latest backup brings the workspace back.`)
    this.name = 'DamagedWorkspaceError'
  }
}

export interface IntegrityReport {
  ok: boolean
  /** At most 20 of SQLite's own descriptions of what is wrong. */
  problems: string[]
  checkedAt: number
  tookMs: number
}

function rows(db: Db, pragma: string): string[] {
  return (db.pragma(pragma) as Record<string, string>[]).map((r) => String(Object.values(r)[0]))
}

/** PRAGMA quick_check: every page and b-tree, no index-to-table cross-check; or one table's b-tree and its indexes. */
export function quickCheck(db: Db, table?: 'sqlite_schema'): string[] {
  return rows(db, table ? `quick_check(${table})` : 'quick_check(20)').filter((r) => r !== 'ok')
}

/** The full check on demand: integrity_check (indexes against tables too) and FTS5's own check of the search index. */
export function fullIntegrityCheck(db: Db, now: () => number = Date.now): IntegrityReport {
  const started = performance.now()
  const problems: string[] = []
  try {
    problems.push(...rows(db, 'integrity_check(20)').filter((r) => r !== 'ok'))
  } catch (error) {
    problems.push((error as Error).message)
  }
  try {
    // Compares the external-content index with the messages table; throws SQLITE_CORRUPT_VTAB when they differ.
    db.prepare("INSERT INTO messages_fts(messages_fts, rank) VALUES ('integrity-check', 1)").run()
  } catch (error) {
    problems.push(`search index: ${(error as Error).message}`)
  }
  return { ok: problems.length === 0, problems, checkedAt: now(), tookMs: Math.round(performance.now() - started) }
}
