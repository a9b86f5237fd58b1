import type { ProfilesService } from '../features/people/service'
import { ActivityLog } from '../store/activity'
import type { Db } from '../store/database'
import { realTimers } from '../base/timers'
import { TriageService } from '../features/triage/service'
import { SnoozeWaker } from '../features/triage/snooze-waker'
import { TagStore } from '../features/triage/tags'
import type { CoreConfig } from './config'
import type { EventBus } from '../base/event-bus'

export interface TriageParts {
  triage: TriageService
  tags: TagStore
  snoozes: SnoozeWaker
}

/** Triage (status, snooze, assignment, tags, notes) and the snooze wake timer, in the database worker. */
export function composeTriage(
  config: CoreConfig,
  parts: { db: Db; events: EventBus; profiles: ProfilesService; publishCounts(): void },
): TriageParts {
  const { db, events, profiles, publishCounts } = parts
  const activity = new ActivityLog(db)
  const tags = new TagStore(db)
  const snoozes = new SnoozeWaker({
    db,
    clock: config.clock,
    timers: config.timers ?? realTimers,
    activity,
    onWoke: (ids) => {
      events.emit('conversations.changed', { ids, reason: 'update' })
      publishCounts()
    },
  })
  const triage = new TriageService({ db, clock: config.clock, events, profiles, activity, tags, publishCounts, snoozesChanged: () => snoozes.nudge() })
  return { triage, tags, snoozes }
}
