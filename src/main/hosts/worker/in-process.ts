import { createCore, type Core } from '../../core/compose'
import type { CoreConfig } from '../../core/config'
import { createRouter } from '../../core/router'
import type { CoreClient } from './core-client'

/** The core in the calling thread: for the CLI's one-shot commands and for tests. */
export function inProcessCore(config: CoreConfig): CoreClient & { core: Core } {
  const core = createCore(config)
  const router = createRouter(core)
  return {
    core,
    call: (op, input) => router.handle(op, input),
    subscribe: (listener) => core.events.subscribe(listener),
    close: () => core.close(),
  }
}
