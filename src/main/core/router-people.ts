import type { peopleOperationNames } from '../../shared/contract/names-people'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof peopleOperationNames)[number]

/** Handlers of #6 contacts, saved views, canned replies, presence (collision). */
export function peopleHandlers(core: Core): { [N in Name]: Handler<N> } {
  void core
  return {}
}
