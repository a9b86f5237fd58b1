import type { Db } from './database'

/**
 * Work that must commit or roll back as one, across several repositories. Nested calls become
 * savepoints (better-sqlite3's behaviour), so a repository method that opens its own transaction
 * can run inside a feature's.
 */
export interface Transactions {
  run<T>(fn: () => T): T
  /** False once the workspace closed: long background jobs stop between batches. */
  isOpen(): boolean
}

export function transactions(db: Db): Transactions {
  return {
    run: <T>(fn: () => T): T => db.transaction(fn)(),
    isOpen: () => db.open,
  }
}
