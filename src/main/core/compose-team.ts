import type { EventBus } from '../base/event-bus'
import { realTimers } from '../base/timers'
import { TeamLocalApply, type LocalApplyDeps } from '../features/team/local-apply'
import { TeamOpJournal } from '../features/team/op-journal'
import { TeamSyncSchedule } from '../features/team/team-schedule'
import { TeamWorkspace } from '../features/team/team-workspace'
import type { Db } from '../store/database'
import { TeamDigestStore } from '../store/team-digest'
import { TeamEntityStore } from '../store/team-entities'
import { TeamOpLogStore } from '../store/team-op-log'
import type { CoreConfig } from './config'

export interface TeamJournalParts {
  journal: TeamOpJournal
  entities: TeamEntityStore
  log: TeamOpLogStore
  digests: TeamDigestStore
}

export interface TeamParts {
  team: TeamWorkspace
  teamSync: TeamSyncSchedule
}

/** First: the journal's op recorder is the unit of work's participant, so it exists before any transaction. */
export function composeTeamJournal(config: CoreConfig, db: Db, events: EventBus): TeamJournalParts {
  const entities = new TeamEntityStore(db)
  const log = new TeamOpLogStore(db)
  const journal = new TeamOpJournal(log, config.clock, entities, (state) => events.emit('team.changed', state))
  return { journal, entities, log, digests: new TeamDigestStore(db) }
}

/**
 * After the domain services (the applier applies pulled ops through them) and before the sync engine
 * and the outbox engine (which poll and send under the team's leases): push, pull and apply.
 */
export function composeTeam(config: CoreConfig, journal: TeamJournalParts, apply: Omit<LocalApplyDeps, 'log' | 'entities'>): TeamParts {
  const applier = new TeamLocalApply({ ...apply, log: journal.log, entities: journal.entities })
  const team = new TeamWorkspace(journal.journal, journal.log, config.vault ?? null, config.clock, journal.entities, applier, journal.digests)
  const teamSync = new TeamSyncSchedule(team, config.timers ?? realTimers)
  return { team, teamSync }
}
