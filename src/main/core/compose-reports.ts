import { AutoExport } from '../reports/auto-export'
import { ReportSettingsStore } from '../reports/settings'
import { WeeklyReports } from '../reports/summary'
import type { Db } from '../store/database'
import { realTimers } from '../sync/timers'
import type { Stores } from './compose'
import type { CoreConfig } from './config'

export interface ReportParts {
  reports: WeeklyReports
  autoExport: AutoExport
}

/** Weekly summaries (#8) and the Monday export; the export's timer starts with the other schedules. */
export function composeReports(config: CoreConfig, parts: { db: Db; stores: Stores }): ReportParts {
  const reports = new WeeklyReports(parts.db, new ReportSettingsStore(parts.stores.settings), () => config.clock.now())
  const autoExport = new AutoExport({
    reports,
    clock: config.clock,
    timers: config.timers ?? realTimers,
    log: (line) => process.stderr.write(`${line}\n`),
  })
  return { reports, autoExport }
}
