import { databaseFile } from '../base/paths'
import { LiveDatabase } from './backups'
import { takeCleanClose } from './clean-close'
import { attachIntegrity, WorkspaceIntegrity } from './background-check'
import { openCheckedDatabase, type Db } from './database'
import { securePermissions } from './private-files'
import { acquireWorkspaceLock, type WorkspaceLock } from './workspace-lock'
import { acquireWriterLock } from './writer-lock'

export interface OpenedWorkspace {
  db: Db
  lock: WorkspaceLock
  file: string
  /** Where quick_check stands: passed (checkedAt), running in the background, or found damage after open. */
  integrity: WorkspaceIntegrity
}

/**
 * 'at-open': after an unclean close, quick_check runs before the workspace opens (one-shot CLI commands:
 * they end before a background check would, so it would never guard their writes).
 * 'background': only the header and schema are checked before opening, quick_check runs on a read-only
 * connection in a thread of its own while Parley serves (desktop and browser mode).
 */
export type IntegrityCheckMode = 'at-open' | 'background'

/**
 * Opens the workspace database for the core: marks it open (so `parley restore` waits
 * for this process to quit), runs quick_check unless the file is as the last
 * clean close left it (at open, or in the background: IntegrityCheckMode), and hands the file to `beforeMigration` (a backup) before a
 * migration changes its schema. Only one process at a time may own a workspace
 * (the writer lock): a second one gets WorkspaceBusyError naming the first, before anything is read.
 */
export function openWorkspace(options: {
  dataDir: string
  now: () => number
  beforeMigration: (live: LiveDatabase, fromVersion: number) => void
  check?: IntegrityCheckMode
  /** Tests only: the background check starts once this resolves. */
  startCheckAfter?: Promise<void>
}): OpenedWorkspace {
  const { dataDir, now } = options
  const writer = acquireWriterLock(dataDir)
  let opened: WorkspaceLock | null = null
  try {
    // A workspace made by an older Parley had folders 0755 and files 0644; it is private from now on.
    securePermissions(dataDir)
    opened = acquireWorkspaceLock(dataDir)
    const file = databaseFile(dataDir)
    const trusted = takeCleanClose(file, now())
    const background = trusted === null && options.check === 'background'
    const { db, checked } = openCheckedDatabase({
      file,
      check: trusted !== null ? false : background ? 'schema' : true,
      beforeMigration: (db, fromVersion) => options.beforeMigration(new LiveDatabase(db), fromVersion),
    })
    const integrity =
      background && checked !== 'full'
        ? WorkspaceIntegrity.inBackground({ db, file, now, startAfter: options.startCheckAfter })
        : WorkspaceIntegrity.checked(trusted ?? now())
    attachIntegrity(db, integrity)
    const shared = opened
    const lock: WorkspaceLock = {
      release() {
        integrity.stop()
        shared.release()
        writer.release()
      },
    }
    return { db, lock, file, integrity }
  } catch (error) {
    opened?.release()
    writer.release()
    throw error
  }
}
