import { databaseFile } from '../base/paths'
import { LiveDatabase } from './backups'
import { takeCleanClose } from './clean-close'
import { openDatabase, type Db } from './database'
import { securePermissions } from './private-files'
import { acquireWorkspaceLock, type WorkspaceLock } from './workspace-lock'
import { acquireWriterLock } from './writer-lock'

export interface OpenedWorkspace {
  db: Db
  lock: WorkspaceLock
  file: string
  /** When quick_check last passed. */
  checkedAt: number
}

/**
 * Opens the workspace database for the core: marks it open (so `parley restore` waits
 * for this process to quit), runs quick_check unless the file is as the last
 * clean close left it, and hands the file to `beforeMigration` (a backup) before a
 * migration changes its schema. Only one process at a time may own a workspace
 * (the writer lock): a second one gets WorkspaceBusyError naming the first, before anything is read.
 */
export function openWorkspace(options: { dataDir: string; now: () => number; beforeMigration: (live: LiveDatabase, fromVersion: number) => void }): OpenedWorkspace {
  const { dataDir, now } = options
  const writer = acquireWriterLock(dataDir)
  let opened: WorkspaceLock | null = null
  try {
    // A workspace made by an older Parley had folders 0755 and files 0644; it is private from now on.
    securePermissions(dataDir)
    opened = acquireWorkspaceLock(dataDir)
    const file = databaseFile(dataDir)
    const trusted = takeCleanClose(file, now())
    const db = openDatabase({
      file,
      check: trusted === null,
      beforeMigration: (db, fromVersion) => options.beforeMigration(new LiveDatabase(db), fromVersion),
    })
    const shared = opened
    const lock: WorkspaceLock = {
      release() {
        shared.release()
        writer.release()
      },
    }
    return { db, lock, file, checkedAt: trusted ?? now() }
  } catch (error) {
    opened?.release()
    writer.release()
    throw error
  }
}
