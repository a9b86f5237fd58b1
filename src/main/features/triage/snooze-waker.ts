import type { Clock } from '../../base/clock'
import type { ActivityLog } from '../../store/activity'
import type { TriageStore } from '../../store/triage'
import type { UnitOfWork } from '../../store/unit-of-work'
import { DueTimer } from '../../base/due-timer'
import type { Timers } from '../../base/timers'

/** Re-check at least this often, so a sleeping laptop or a far-off snooze never depends on one long timer. */
const MAX_WAIT_MS = 15 * 60_000

/**
 * Reopens snoozed conversations when their time comes. One timer waits for the soonest snooze (never a
 * busy loop); start() catches up on everything that fell due while Parley was closed. Runs in the
 * database worker with the core's clock and timers, so tests drive it with runDue() and a fake clock.
 */
export class SnoozeWaker {
  private readonly wakeUp: DueTimer

  constructor(
    private readonly deps: {
      uow: UnitOfWork
      store: TriageStore
      clock: Clock
      timers: Timers
      activity: ActivityLog
    },
  ) {
    this.wakeUp = new DueTimer(deps.timers, deps.clock, () => this.runDue())
  }

  start(): void {
    this.wakeUp.start()
    this.runDue()
  }

  stop(): void {
    this.wakeUp.stop()
  }

  /** A snooze was set or cleared: wait for the (possibly new) soonest one. */
  nudge(): void {
    if (this.wakeUp.isRunning) this.schedule()
  }

  /** Wakes everything due now, in one transaction; returns the ids woken. */
  runDue(): number[] {
    const now = this.deps.clock.now()
    const woken = this.deps.uow.run((tx) => {
      const ids: number[] = []
      for (const row of this.deps.store.dueSnoozes(now)) {
        if (!this.deps.store.wake(row.id)) continue
        this.deps.activity.record({
          conversationId: row.id,
          kind: 'status',
          text: 'Snooze ended: back in the inbox',
          profileId: null,
          actorName: 'Parley',
          data: { from: 'snoozed', to: 'open', reason: 'snooze_ended', snoozedUntil: row.snoozed_until },
          at: now,
        })
        ids.push(row.id)
      }
      // The woken conversations and the counts go out once, after the commit.
      if (ids.length) {
        tx.conversationsChanged(ids)
        tx.countsChanged()
      }
      return ids
    })
    if (this.wakeUp.isRunning) this.schedule()
    return woken
  }

  private schedule(): void {
    const at = this.deps.store.soonestSnooze()
    if (at === null) return this.wakeUp.disarm()
    this.wakeUp.after(Math.min(Math.max(at - this.deps.clock.now(), 0), MAX_WAIT_MS))
  }
}
