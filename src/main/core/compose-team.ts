import type { EventBus } from '../base/event-bus'
import { realTimers } from '../base/timers'
import { TeamLocalApply, type LocalApplyDeps } from '../features/team/local-apply'
import { TeamSyncSchedule } from '../features/team/team-schedule'
import { TeamWorkspace } from '../features/team/team-workspace'
import type { Db } from '../store/database'
import { TeamEntityStore } from '../store/team-entities'
import { TeamOpLogStore } from '../store/team-op-log'
import type { CoreConfig } from './config'

export interface TeamParts {
  team: TeamWorkspace
  teamSync: TeamSyncSchedule
}

/** The team store's laptop side, composed first: its op recorder is the unit of work's participant. */
export function composeTeam(config: CoreConfig, db: Db, events: EventBus): TeamParts & { entities: TeamEntityStore; log: TeamOpLogStore } {
  const entities = new TeamEntityStore(db)
  const log = new TeamOpLogStore(db)
  const team = new TeamWorkspace(log, config.vault ?? null, config.clock, entities, (state) => events.emit('team.changed', state))
  const teamSync = new TeamSyncSchedule(team, config.timers ?? realTimers)
  return { team, teamSync, entities, log }
}

/** Last: the applier needs the domain services, which are built on the unit of work the recorder joined. */
export function composeTeamApply(team: TeamWorkspace, deps: LocalApplyDeps): void {
  team.setApplier(new TeamLocalApply(deps))
}
