import { writePreMigrationBackup } from '../features/backup/backup'
import { BackupService } from '../features/backup/service'
import type { LiveDatabase } from '../store/backups'
import { openWorkspace, type OpenedWorkspace } from '../store/workspace-open'
import type { CoreConfig } from './config'

export interface SystemParts {
  backups: BackupService
}

/**
 * Opens the workspace for the core (locks, quick_check unless the last close was clean),
 * copying the file to backups/ before a migration changes its schema.
 */
export function openWorkspaceDb(config: CoreConfig): OpenedWorkspace {
  return openWorkspace({
    dataDir: config.dataDir,
    now: () => config.clock.now(),
    check: config.integrityCheck,
    beforeMigration: (live, fromVersion) => writePreMigrationBackup(live, config.dataDir, fromVersion, config.clock.now()),
  })
}

/** Backups and integrity checks; the daily schedule runs only in long-lived hosts (desktop, browser mode). */
export function composeSystem(config: CoreConfig, live: LiveDatabase): SystemParts {
  const backups = new BackupService(live, config.dataDir, config.clock, console.error, config.timers)
  if (config.autoSync && config.backupSchedule !== false) backups.start(config.backupSchedule)
  return { backups }
}
