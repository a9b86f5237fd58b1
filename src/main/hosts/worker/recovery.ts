import { isOperationName, ParleyError, type CallResult } from '../../../shared/contract'
import { backupInfo, backupsDir, latestBackup, listBackups, restoreCommand } from '../../features/backup/files'
import { restoreBackup } from '../../features/backup/restore'
import type { Router } from '../../core/router'
import type { DamagedWorkspaceError } from '../../store/integrity'

/**
 * What the worker answers while the workspace database is damaged: the
 * system.* operations that describe the damage and restore the latest backup;
 * every other call gets the same plain message. After a restore `reopen`
 * builds the real core, and the caller swaps routers. A restore first waits for
 * `closed`: the core that found the damage while running must have let go of the file.
 */
export function recoveryRouter(dataDir: string, damage: DamagedWorkspaceError, closed: Promise<void>, reopen: () => void): Router {
  const unavailable = (): CallResult<unknown> => ({ ok: false, error: { code: 'unavailable', message: damage.message } })
  const answer = (value: unknown): CallResult<unknown> => ({ ok: true, value })
  return {
    async handle(op) {
      if (!isOperationName(op)) return { ok: false, error: { code: 'bad_input', message: `Unknown operation "${String(op).slice(0, 80)}".` } }
      try {
        switch (op) {
          case 'system.status': {
            const latest = latestBackup(dataDir)
            return answer({ state: 'damaged', problem: damage.message, dataDir, latestBackup: latest && backupInfo(latest), restoreCommand: restoreCommand(dataDir) })
          }
          case 'system.backups':
            return answer({ folder: backupsDir(dataDir), backups: listBackups(dataDir).map(backupInfo) })
          case 'system.restoreLatest': {
            await closed
            const result = restoreBackup({ dataDir })
            reopen()
            return answer(result)
          }
          default:
            return unavailable()
        }
      } catch (error) {
        if (error instanceof ParleyError) return { ok: false, error: { code: error.code, message: error.message } }
        return { ok: false, error: { code: 'internal', message: `The restore failed: ${error instanceof Error ? error.message : String(error)}` } }
      }
    },
  }
}
