import type { teamOperationNames } from '../../shared/contract/names-team'
import type { Core } from './compose'
import type { Handler } from './handler'

type Name = (typeof teamOperationNames)[number]

/** Settings → Team and the top bar's sync indicator. */
export function teamHandlers(core: Core): { [N in Name]: Handler<N> } {
  return {
    'team.sync': () => core.team.syncState(),
    'team.status': () => core.team.details(),
    'team.join': async (input) => {
      await core.team.join({ serverUrl: input.serverUrl, code: input.code, passphrase: input.passphrase, profile: core.profiles.currentProfile().name })
      // The first round at once; a failure is kept as the last sync's problem and shown.
      await core.team.syncOnce().catch(() => undefined)
      return core.team.details()
    },
    'team.syncNow': async () => {
      await core.team.syncOnce().catch(() => undefined)
      return core.team.syncState()
    },
  }
}
