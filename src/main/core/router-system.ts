import type { systemOperationNames } from '../../shared/contract/names-system'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof systemOperationNames)[number]

/** Handlers of #10 integrity, backups, restore. */
export function systemHandlers(core: Core): { [N in Name]: Handler<N> } {
  void core
  return {}
}
