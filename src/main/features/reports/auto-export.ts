import { DateTime } from 'luxon'
import type { Clock } from '../../base/clock'
import { DueTimer } from '../../base/due-timer'
import type { Timers } from '../../base/timers'
import { exportFiles, writeFiles } from './export'
import type { WeeklyReports } from './summary'
import { lastFullWeek, weekContaining } from './week'

/** Monday 07:00 local: the week just ended is complete and the report is there when people start. */
const EXPORT_HOUR = 7
const RETRY_MS = 60 * 60_000

export interface AutoExportResult {
  week: string
  paths: string[]
}

/**
 * The Monday-morning export. Runs in the core on its clock and timers; on start it catches up on the
 * last full week when the machine was off at export time (the last exported week is kept in settings).
 */
export class AutoExport {
  private readonly wakeUp: DueTimer
  private running: Promise<AutoExportResult | null> | null = null

  constructor(
    private readonly deps: { reports: WeeklyReports; clock: Clock; timers: Timers; log: (line: string) => void },
  ) {
    this.wakeUp = new DueTimer(deps.timers, deps.clock, () => void this.runDue())
  }

  start(): void {
    this.wakeUp.start()
    void this.runDue()
  }

  stop(): void {
    this.wakeUp.stop()
  }

  /** When the export of a week is due: its end (Monday 00:00) at 07:00 local time. */
  static dueAt(weekEnd: number, timeZone: string): number {
    return DateTime.fromMillis(weekEnd, { zone: timeZone }).set({ hour: EXPORT_HOUR, minute: 0 }).toMillis()
  }

  /** Exports the last full week if it is due and not yet exported, then waits for the next Monday. */
  runDue(): Promise<AutoExportResult | null> {
    this.running ??= this.pass().finally(() => (this.running = null))
    return this.running
  }

  private async pass(): Promise<AutoExportResult | null> {
    const { reports, clock } = this.deps
    const settings = reports.settings.get()
    const zone = reports.settings.timeZone()
    const now = clock.now()
    let result: AutoExportResult | null = null
    let retry = false
    const target = lastFullWeek(now, zone)
    const last = reports.settings.lastExportedWeek()
    if (settings.autoExport.enabled && settings.autoExport.folder && now >= AutoExport.dueAt(target.end, zone) && (last === null || last < target.id)) {
      try {
        const summary = await reports.weekly(target.id)
        const paths: string[] = []
        for (const format of settings.autoExport.formats) paths.push(...writeFiles(settings.autoExport.folder, await exportFiles(summary, format, reports.queries)))
        reports.settings.setLastExportedWeek(target.id)
        result = { week: target.id, paths }
        this.deps.log(`Weekly summary ${target.id} exported to ${settings.autoExport.folder}.`)
      } catch (error) {
        retry = true
        this.deps.log(`The weekly export of ${target.id} failed: ${(error as Error).message} Parley tries again in an hour.`)
      }
    }
    this.schedule(retry ? now + RETRY_MS : AutoExport.dueAt(weekContaining(now, zone).end, zone), now)
    return result
  }

  private schedule(at: number, now: number): void {
    this.wakeUp.after(Math.max(1_000, at - now))
  }
}
