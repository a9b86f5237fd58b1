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
    // Only the profile that joined acts for the team from this laptop: another profile here is not that member.
    'team.invite': async (input) => {
      core.team.requireMemberProfile(core.profiles.currentProfile().name)
      return { code: await core.team.invite(input.role, input.name) }
    },
    'team.removeMember': async (input) => {
      core.team.requireMemberProfile(core.profiles.currentProfile().name)
      await core.team.removeMember(input.name)
      return core.team.details()
    },
    'team.syncNow': async () => {
      await core.team.syncOnce().catch(() => undefined)
      return core.team.syncState()
    },
  }
}
