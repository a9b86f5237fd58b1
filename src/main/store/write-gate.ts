import { ParleyError } from '../../shared/contract'
import type { Db } from './database'
import type { DamagedWorkspaceError } from './integrity'

/** Connections whose file was found damaged after they opened: nothing more is written through them. */
const stopped = new WeakMap<Db, DamagedWorkspaceError>()

/** A write refused because the workspace database was found damaged while Parley was running. */
export class WritesStoppedError extends ParleyError {
  constructor(readonly damage: DamagedWorkspaceError) {
    super(
      'unavailable',
      `Parley could not save this: the workspace database is damaged (${damage.detail}), so Parley stopped writing to it. ` +
        'Nothing was changed. Restore the latest backup to go on.',
    )
    this.name = 'WritesStoppedError'
  }
}

/**
 * Stops every write on this connection from now on. `query_only` makes SQLite itself refuse any statement
 * that would change the file, whatever code runs it (a repository, a migration, a pragma), so no write can
 * slip past a check that some caller forgot; the unit of work refuses earlier with a plain message.
 */
export function stopWrites(db: Db, damage: DamagedWorkspaceError): void {
  stopped.set(db, damage)
  if (db.open) db.pragma('query_only = ON')
}

/** The damage that stopped writes on this connection, or null while it may write. */
export function writesStopped(db: Db): DamagedWorkspaceError | null {
  return stopped.get(db) ?? null
}

/** Throws WritesStoppedError when writes on this connection were stopped. */
export function refuseIfStopped(db: Db): void {
  const damage = stopped.get(db)
  if (damage) throw new WritesStoppedError(damage)
}
