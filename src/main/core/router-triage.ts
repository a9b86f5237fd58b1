import type { triageOperationNames } from '../../shared/contract/names-triage'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof triageOperationNames)[number]

/** Handlers of #6 triage: status, snooze, assignment, tags, notes, activity, bulk, read state. */
export function triageHandlers(core: Core): { [N in Name]: Handler<N> } {
  void core
  return {}
}
