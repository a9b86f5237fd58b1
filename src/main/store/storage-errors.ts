import { ParleyError } from '../../shared/contract'
import type { Db } from './database'
import { isDamageError } from './integrity'
import { WritesStoppedError, writesStopped } from './write-gate'

const code = (error: unknown): string => String((error as { code?: unknown } | null)?.code ?? '')

/**
 * Plain words for what the disk or the file refused. A failed write rolls its
 * transaction back, so what was saved before stays saved; the message says so.
 */
export function plainStorageError(error: unknown, db?: Db): ParleyError | null {
  const c = code(error)
  // query_only refuses with SQLITE_READONLY once the file was found damaged (write-gate.ts): say why.
  const damage = db ? writesStopped(db) : null
  if (damage && c.startsWith('SQLITE_READONLY')) return new WritesStoppedError(damage)
  if (c === 'SQLITE_FULL') {
    return new ParleyError('unavailable', 'The disk is full, so Parley could not save this. Nothing from this step was saved and everything saved before is safe. Free some disk space and try again.')
  }
  if (c.startsWith('SQLITE_IOERR')) {
    return new ParleyError('unavailable', 'Parley could not write to the disk. Nothing from this step was saved and everything saved before is safe. Check the disk and try again.')
  }
  if (c.startsWith('SQLITE_READONLY')) {
    return new ParleyError('unavailable', 'The workspace folder is read-only, so Parley could not save this. Nothing was changed.')
  }
  if (isDamageError(error)) {
    return new ParleyError('unavailable', 'The workspace database is damaged. Restart Parley to restore the latest backup.')
  }
  return null
}
