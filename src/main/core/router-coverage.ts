import type { coverageOperationNames } from '../../shared/contract/names-coverage'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof coverageOperationNames)[number]

/** Handlers of coverage: the view, the acting profile's alerts, the silence alarm's settings. */
export function coverageHandlers(core: Core): { [N in Name]: Handler<N> } {
  const c = core.coverage
  return {
    'coverage.list': (input) => c.list(input.accountId),
    'coverage.alerts': () => c.alerts(core.profiles.current().id),
    'coverage.acknowledge': (input) => c.acknowledge(core.profiles.current().id, input.ids),
    'coverage.getSettings': () => c.settings(),
    'coverage.setSettings': (input) => c.setSettings(input),
  }
}
