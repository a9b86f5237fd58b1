import { writePreMigrationBackup } from '../features/backup/backup'
import { BackupService } from '../features/backup/service'
import { databaseFile } from '../base/paths'
import { takeCleanClose } from '../store/clean-close'
import { openDatabase, type Db } from '../store/database'
import { securePermissions } from '../store/private-files'
import { acquireWorkspaceLock, type WorkspaceLock } from '../store/workspace-lock'
import { acquireWriterLock } from '../store/writer-lock'
import type { CoreConfig } from './config'

export interface SystemParts {
  backups: BackupService
}

/**
 * Opens the workspace for the core: marks it open (so `parley restore` waits
 * for this process to quit), runs quick_check unless the file is as the last
 * clean close left it, and copies the file to backups/ before a migration
 * changes its schema. `checkedAt` is when quick_check last passed.
 * Only one process at a time may own a workspace (the writer lock): a second
 * one gets WorkspaceBusyError naming the first, before anything is read.
 */
export function openWorkspaceDb(config: CoreConfig): { db: Db; lock: WorkspaceLock; file: string; checkedAt: number } {
  const writer = acquireWriterLock(config.dataDir)
  let opened: WorkspaceLock | null = null
  try {
    // A workspace made by an older Parley had folders 0755 and files 0644; it is private from now on.
    securePermissions(config.dataDir)
    opened = acquireWorkspaceLock(config.dataDir)
    const file = databaseFile(config.dataDir)
    const trusted = takeCleanClose(file, config.clock.now())
    const db = openDatabase({
      file,
      check: trusted === null,
      beforeMigration: (db, fromVersion) => writePreMigrationBackup(db, config.dataDir, fromVersion, config.clock.now()),
    })
    const shared = opened
    const lock: WorkspaceLock = {
      release() {
        shared.release()
        writer.release()
      },
    }
    return { db, lock, file, checkedAt: trusted ?? config.clock.now() }
  } catch (error) {
    opened?.release()
    writer.release()
    throw error
  }
}

/** Backups and integrity checks; the daily schedule runs only in long-lived hosts (desktop, browser mode). */
export function composeSystem(config: CoreConfig, db: Db): SystemParts {
  const backups = new BackupService(db, config.dataDir, config.clock, console.error, config.timers)
  if (config.autoSync && config.backupSchedule !== false) backups.start(config.backupSchedule)
  return { backups }
}
