import { AutoExport } from '../features/reports/auto-export'
import { ReportReader } from '../features/reports/reader'
import { ReportSettingsStore } from '../features/reports/settings'
import { WeeklyReports } from '../features/reports/summary'
import type { ReportsReadModel } from '../store/reports-read'
import type { PlatformNames } from '../model/connector'
import { realTimers } from '../base/timers'
import type { Stores } from './compose'
import type { CoreConfig } from './config'

export interface ReportParts {
  reports: WeeklyReports
  autoExport: AutoExport
}

/** Weekly summaries and the Monday export; the export's timer starts with the other schedules. */
export function composeReports(config: CoreConfig, parts: { read: ReportsReadModel; dbFile: string; stores: Stores; connectors: PlatformNames }): ReportParts {
  const log = (line: string): void => void process.stderr.write(`${line}
`)
  const reader = config.reportReaderEntry ? new ReportReader(config.reportReaderEntry, parts.dbFile) : null
  const reports = new WeeklyReports(parts.read, new ReportSettingsStore(parts.stores.settings), () => config.clock.now(), reader, log, parts.connectors)
  const autoExport = new AutoExport({ reports, clock: config.clock, timers: config.timers ?? realTimers, log })
  return { reports, autoExport }
}
