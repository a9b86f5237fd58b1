import { CoverageStore } from '../store/coverage'
import type { PeopleStore } from '../store/profiles'
import type { Db } from '../store/database'
import type { EventBus } from '../base/event-bus'
import { realTimers } from '../base/timers'
import { backfillLimitDays, type CoverageDeps } from '../features/coverage/context'
import { CoverageMonitor } from '../features/coverage/monitor'
import { CoverageRecorder } from '../features/coverage/recorder'
import { CoverageService } from '../features/coverage/service'
import { SilenceSettingsStore } from '../features/coverage/settings'
import type { ConnectorRegistry } from '../features/connectors/registry'
import type { Stores } from './compose'
import type { CoreConfig } from './config'

export interface CoverageParts {
  coverage: CoverageService
  coverageMonitor: CoverageMonitor
}

/**
 * Coverage, composed before the sync engine (the recorder observes its polls): the recorder writes what
 * each poll covered, the monitor raises silence and account alerts, the service serves the views.
 * The zone (the reports' setting) is read when used, since it may change while Parley runs.
 */
export function composeCoverage(
  config: CoreConfig,
  parts: {
    db: Db
    stores: Stores
    people: PeopleStore
    events: EventBus
    connectors: ConnectorRegistry
    zone: () => string
    requireSupervisor: (action: string) => void
  },
): CoverageParts & { recorder: CoverageRecorder } {
  const store = new CoverageStore(parts.db)
  const polledThisRun = new Set<string>()
  const deps: CoverageDeps = {
    polledThisRun,
    store,
    accounts: parts.stores.accounts,
    streams: parts.stores.streams,
    connectors: parts.connectors,
    settings: new SilenceSettingsStore(parts.stores.settings),
    profileIds: () => parts.people.list().map((p) => p.id),
    zone: parts.zone,
    clock: config.clock,
    events: parts.events,
  }
  const recorder = new CoverageRecorder({ store, zone: parts.zone, polledThisRun, backfillLimitDays: (platform, stream) => backfillLimitDays(parts.connectors, platform, stream) })
  const monitor = new CoverageMonitor(deps, config.timers ?? realTimers)
  const coverage = new CoverageService(deps, monitor, parts.requireSupervisor)
  return { coverage, coverageMonitor: monitor, recorder }
}
