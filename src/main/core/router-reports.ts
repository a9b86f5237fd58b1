import type { reportsOperationNames } from '../../shared/contract/names-reports'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof reportsOperationNames)[number]

/** Handlers of #8 weekly summaries and exports. */
export function reportsHandlers(core: Core): { [N in Name]: Handler<N> } {
  void core
  return {}
}
