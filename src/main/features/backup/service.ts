import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Clock } from '../../base/clock'
import type { LiveDatabase } from '../../store/backups'
import type { IntegrityReport } from '../../store/integrity'
import { DueTimer } from '../../base/due-timer'
import { realTimers, type Timers } from '../../base/timers'
import { writeBackup } from './backup'
import { backupName, backupsDir, listBackups, rotateBackups, type BackupFile, type BackupKind } from './files'

const DAY_MS = 24 * 60 * 60_000
const WEEK_MS = 7 * DAY_MS

export interface BackupSchedule {
  /** First check after start; later than the first paint, so a backup never competes with opening. */
  firstCheckMs: number
  /** How often the worker asks whether a daily backup is due. */
  everyMs: number
}

export const defaultSchedule: BackupSchedule = { firstCheckMs: 60_000, everyMs: 60 * 60_000 }

/**
 * Backups of the open workspace, in the database worker. One at a time; a
 * daily one when the newest is a day old, and every seventh day that one is
 * also kept as a weekly copy. Rotation keeps 7 daily, 4 weekly, 5 manual,
 * 4 pre-migration and 3 pre-restore copies.
 */
export class BackupService {
  private chain: Promise<unknown> = Promise.resolve()
  /** Ends a backup in progress when Parley closes: a 4 GB workspace's copy takes minutes, and quitting must not wait for it. */
  private readonly closing = new AbortController()
  private readonly wakeUp: DueTimer
  private schedule: BackupSchedule = defaultSchedule

  constructor(
    private readonly live: LiveDatabase,
    private readonly dataDir: string,
    private readonly clock: Clock,
    private readonly log: (message: string) => void = console.error,
    timers: Timers = realTimers,
  ) {
    // A daily backup is checked for every `everyMs`, the next check armed after the last one finished.
    this.wakeUp = new DueTimer(timers, clock, () => {
      void this.runDaily()
        .catch((error: unknown) =>
          this.log(this.closing.signal.aborted
            ? '[parley] The daily backup was stopped because Parley is closing; it is made again after the next start.'
            : `[parley] daily backup failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.wakeUp.after(this.schedule.everyMs))
    })
  }

  list(): BackupFile[] {
    return listBackups(this.dataDir)
  }

  get folder(): string {
    return backupsDir(this.dataDir)
  }

  /** Backups never overlap: each waits for the one before. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task)
    this.chain = run.catch(() => undefined)
    return run
  }

  backupNow(kind: BackupKind = 'manual'): Promise<BackupFile> {
    return this.serial(() => writeBackup(this.live, this.dataDir, kind, this.clock.now(), this.closing.signal))
  }

  /** Makes the daily backup if one is due (and the weekly copy if that is due); null when nothing was due. */
  runDaily(): Promise<BackupFile | null> {
    return this.serial(async () => {
      const now = this.clock.now()
      const all = listBackups(this.dataDir)
      const newest = (kind: BackupKind) => all.find((b) => b.kind === kind)?.at ?? -Infinity
      if (now - newest('daily') < DAY_MS) return null
      const daily = await writeBackup(this.live, this.dataDir, 'daily', now, this.closing.signal)
      if (now - newest('weekly') >= WEEK_MS) {
        copyFileSync(daily.file, join(backupsDir(this.dataDir), backupName('weekly', now)))
        rotateBackups(this.dataDir)
      }
      return daily
    })
  }

  integrityCheck(): IntegrityReport {
    return this.live.integrityCheck(() => this.clock.now())
  }

  start(schedule: BackupSchedule = defaultSchedule): void {
    this.schedule = schedule
    this.wakeUp.start()
    this.wakeUp.after(schedule.firstCheckMs)
  }

  /**
   * Stops the schedule and a backup in progress (its partial file is removed; a daily one is made again
   * after the next start), and waits until it has let go of the database, so the database closes after it.
   */
  async stop(): Promise<void> {
    this.wakeUp.stop()
    this.closing.abort(new Error('Parley is closing; the backup in progress was stopped and is made again after the next start.'))
    await this.chain
  }
}
