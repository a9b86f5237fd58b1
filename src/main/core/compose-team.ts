import { realTimers } from '../base/timers'
import { TeamLocalApply, type LocalApplyDeps } from '../features/team/local-apply'
import { TeamSyncSchedule } from '../features/team/team-schedule'
import { TeamWorkspace } from '../features/team/team-workspace'
import type { Db } from '../store/database'
import { TeamEntityStore } from '../store/team-entities'
import { TeamOpLogStore } from '../store/team-op-log'
import type { UnitOfWork } from '../store/unit-of-work'
import type { CoreConfig } from './config'

export interface TeamParts {
  team: TeamWorkspace
  teamSync: TeamSyncSchedule
}

/** The team store's laptop side; its recorder joins every transaction of the unit of work. */
export function composeTeam(config: CoreConfig, db: Db, uow: UnitOfWork): TeamParts & { entities: TeamEntityStore; log: TeamOpLogStore } {
  const entities = new TeamEntityStore(db)
  const log = new TeamOpLogStore(db)
  const team = new TeamWorkspace(log, config.vault ?? null, config.clock, entities)
  uow.participate(team.participant())
  const teamSync = new TeamSyncSchedule(team, config.timers ?? realTimers)
  return { team, teamSync, entities, log }
}

/** Late: the applier needs the domain services, which are built after the recorder joined the unit of work. */
export function composeTeamApply(team: TeamWorkspace, deps: LocalApplyDeps): void {
  team.setApplier(new TeamLocalApply(deps))
}
