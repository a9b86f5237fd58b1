import type { Clock } from '../../base/clock'
import type { ActivityLog } from '../../store/activity'
import type { Db } from '../../store/database'
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
  private readonly due
  private readonly soonest
  private readonly wake
  private readonly wakeUp: DueTimer

  constructor(
    private readonly deps: {
      db: Db
      clock: Clock
      timers: Timers
      activity: ActivityLog
      /** Conversations that just woke (for events and counts). */
      onWoke(ids: number[]): void
    },
  ) {
    const { db } = deps
    this.wakeUp = new DueTimer(deps.timers, deps.clock, () => this.runDue())
    this.due = db.prepare<[number], { id: number; snoozed_until: number }>(
      "SELECT id, snoozed_until FROM conversations WHERE status = 'snoozed' AND snoozed_until <= ? ORDER BY snoozed_until",
    )
    this.soonest = db.prepare<[], { at: number | null }>("SELECT MIN(snoozed_until) AS at FROM conversations WHERE status = 'snoozed'")
    // A woken conversation comes back unread, so it is noticed again.
    this.wake = db.prepare("UPDATE conversations SET status = 'open', snoozed_until = NULL, unread = 1 WHERE id = ? AND status = 'snoozed'")
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
    const woken = this.deps.db.transaction(() => {
      const ids: number[] = []
      for (const row of this.due.all(now)) {
        if (!this.wake.run(row.id).changes) continue
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
      return ids
    })()
    if (woken.length) this.deps.onWoke(woken)
    if (this.wakeUp.isRunning) this.schedule()
    return woken
  }

  private schedule(): void {
    const at = this.soonest.get()?.at ?? null
    if (at === null) return this.wakeUp.disarm()
    this.wakeUp.after(Math.min(Math.max(at - this.deps.clock.now(), 0), MAX_WAIT_MS))
  }
}
