import type { reportsOperationNames } from '../../shared/contract/names-reports'
import { exportFiles } from '../features/reports/export'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof reportsOperationNames)[number]

/** Handlers of weekly summaries and exports. */
export function reportsHandlers(core: Core): { [N in Name]: Handler<N> } {
  const { reports, autoExport } = core
  return {
    'reports.weekly': (input) => reports.weekly(input.week),
    'reports.export': async (input) => {
      const summary = await reports.weekly(input.week)
      return { week: summary.week, files: await exportFiles(summary, input.format, reports.queries) }
    },
    'reports.drill': (input) => reports.drill(input),
    'reports.getSettings': () => reports.settings.get(),
    'reports.setSettings': (input) => {
      const next = reports.settings.set(input)
      // A new folder or zone may make an export due now (or move the next one).
      if (core.config.autoSync) void autoExport.runDue()
      return next
    },
  }
}
