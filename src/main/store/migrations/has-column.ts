import type { Db } from '../database'

/** Whether a table has a column: SQLite has no ADD COLUMN IF NOT EXISTS, so a re-runnable step asks first. */
export const hasColumn = (db: Db, table: string, column: string): boolean =>
  (db.pragma(`table_info(${table})`) as { name: string }[]).some((c) => c.name === column)
