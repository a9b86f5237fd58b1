import { ParleyError } from '../../shared/contract'
import type { systemOperationNames } from '../../shared/contract/names-system'
import { backupInfo, latestBackup, restoreCommand } from '../features/backup/files'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof systemOperationNames)[number]

/** Handlers of integrity, backups, restore, for a workspace that opened cleanly (see host/recovery.ts for a damaged one). */
export function systemHandlers(core: Core): { [N in Name]: Handler<N> } {
  const dataDir = core.config.dataDir
  return {
    'system.status': () => {
      const latest = latestBackup(dataDir)
      return { state: 'ok', problem: null, dataDir, latestBackup: latest && backupInfo(latest), restoreCommand: restoreCommand(dataDir) }
    },
    'system.integrityCheck': () => core.backups.integrityCheck(),
    'system.backups': () => ({ folder: core.backups.folder, backups: core.backups.list().map(backupInfo) }),
    'system.backupNow': async () => backupInfo(await core.backups.backupNow('manual')),
    'system.restoreLatest': () => {
      throw new ParleyError(
        'conflict',
        `The workspace is open and in good order, so it is not replaced while in use. To go back to a backup, quit Parley and run: ${restoreCommand(dataDir)}`,
      )
    },
  }
}
