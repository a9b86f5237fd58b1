import { parseArgs } from 'node:util'
import { writePreMigrationBackup } from '../../../features/backup/backup'
import { listBackups } from '../../../features/backup/files'
import { restoreBackup } from '../../../features/backup/restore'
import { databaseFile } from '../../../base/paths'
import { openDatabase } from '../../../store/database'
import { LiveDatabase } from '../../../store/backups'
import type { CliContext } from '../context'
import { acquireWriterLock } from '../../../store/writer-lock'
import { prepareDataDir, resolveDataDir } from '../data-dir'
import { out, UsageError } from '../output'

export const restoreHelp = `parley restore (--latest | --from FILE | --list) [--data-dir DIR]

Puts a backup in place of the workspace database. Quit Parley first: the
restore refuses while another Parley process has the workspace open. The file
it replaces is kept in the backups folder (as parley-pre-restore-….db).
  --latest          the newest backup that passes its check
  --from FILE       a backup file of your choice
  --list            list the backups (newest first) and change nothing
  --data-dir DIR    workspace folder (default: PARLEY_DATA_DIR or the per-user app data folder)

Backups live in <data dir>/backups: daily (7 kept), weekly (4), before each
schema migration (4), manual (5) and copies of files a restore replaced (3).`

const size = (bytes: number): string => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`)

export async function restore(argv: string[], ctx: CliContext): Promise<number> {
  void ctx
  const { values } = parseArgs({
    args: argv,
    options: {
      latest: { type: 'boolean', default: false },
      from: { type: 'string' },
      list: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
    },
    strict: true,
  })
  const dataDir = resolveDataDir(values['data-dir'])
  const chosen = [values.latest, values.from !== undefined, values.list].filter(Boolean).length
  if (chosen !== 1) throw new UsageError('Say which backup: --latest, --from FILE, or --list to see them.')
  if (values.list) {
    const backups = listBackups(dataDir)
    if (!backups.length) out(`No backups yet in ${dataDir}.`)
    for (const b of backups) out(`${new Date(b.at).toISOString()}  ${b.kind.padEnd(13)} ${size(b.bytes).padStart(9)}  ${b.file}`)
    return 0
  }
  prepareDataDir(dataDir)
  // The workspace is this command's alone while it swaps the file: a running Parley is named and nothing changes.
  const lock = acquireWriterLock(dataDir)
  let result: ReturnType<typeof restoreBackup>
  try {
    result = restoreBackup({ dataDir, from: values.from })
    // Open it once now: a backup from an older Parley is migrated (and copied first), and a problem shows here, not at the next start.
    const db = openDatabase({
      file: databaseFile(dataDir),
      beforeMigration: (d, fromVersion) => writePreMigrationBackup(new LiveDatabase(d), dataDir, fromVersion, Date.now()),
    })
    db.close()
  } finally {
    lock.release()
  }
  out(`Restored the workspace from ${result.restoredFrom}.`)
  if (result.previousCopy) out(`The database it replaced was kept as ${result.previousCopy}.`)
  return 0
}
