import type { listeningOperationNames } from '../../shared/contract/names-listening'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof listeningOperationNames)[number]

/** Handlers of #7 tracked topics, rules, moderation, sentiment, spam. */
export function listeningHandlers(core: Core): { [N in Name]: Handler<N> } {
  void core
  return {}
}
