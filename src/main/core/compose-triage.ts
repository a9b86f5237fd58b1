import type { ProfilesService } from '../features/people/service'
import { ActivityLog } from '../store/activity'
import type { Db } from '../store/database'
import { realTimers } from '../base/timers'
import { TriageService } from '../features/triage/service'
import { SnoozeWaker } from '../features/triage/snooze-waker'
import { TagStore } from '../store/tags'
import { TriageStore } from '../store/triage'
import type { UnitOfWork } from '../store/unit-of-work'
import type { CoreConfig } from './config'

export interface TriageParts {
  triage: TriageService
  tags: TagStore
  snoozes: SnoozeWaker
}

/** Triage (status, snooze, assignment, tags, notes) and the snooze wake timer, in the database worker. */
export function composeTriage(config: CoreConfig, parts: { db: Db; uow: UnitOfWork; profiles: ProfilesService }): TriageParts {
  const { db, uow, profiles } = parts
  const activity = new ActivityLog(db)
  const tags = new TagStore(db, uow)
  const store = new TriageStore(db)
  const snoozes = new SnoozeWaker({ uow, store, clock: config.clock, timers: config.timers ?? realTimers, activity })
  const triage = new TriageService({ uow, store, clock: config.clock, profiles, activity, tags, snoozesChanged: () => snoozes.nudge() })
  return { triage, tags, snoozes }
}
