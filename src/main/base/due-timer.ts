import { AsyncResource } from 'node:async_hooks'
import type { Clock } from './clock'
import type { Timers } from './timers'

/**
 * One timer that waits for the soonest due thing (the next poll, outbox item, snooze, weekly export
 * or backup): arming it again replaces the wait, never adds a second timer, and nothing fires after
 * stop(). Callers decide what is due; this only keeps the single pending wake-up honest.
 */
export class DueTimer {
  private handle: unknown = null
  /** When the pending wake-up is due (ms epoch), Infinity when none. */
  private dueAt = Infinity
  private running = false
  private readonly wake: () => void

  constructor(
    private readonly timers: Timers,
    private readonly clock: Clock,
    wake: () => void,
  ) {
    // Wakes in the async context the timer was made in, never in the one that armed it: a team op being
    // applied (a context of its own, whose changes are not recorded) queues a reply and rings the outbox,
    // and the sends of that pass are this laptop's own, to be shared with the team.
    this.wake = AsyncResource.bind(wake)
  }

  get isRunning(): boolean {
    return this.running
  }

  /** Allows arming; idempotent. Returns false when it was already running. */
  start(): boolean {
    if (this.running) return false
    this.running = true
    return true
  }

  /** Disarms and refuses further arming until start(). */
  stop(): void {
    this.running = false
    this.disarm()
  }

  /** Wakes after `delayMs`, replacing any pending wake-up. Ignored while stopped. */
  after(delayMs: number): void {
    if (!this.running) return
    this.disarm()
    const wait = Math.max(0, delayMs)
    this.dueAt = this.clock.now() + wait
    this.handle = this.timers.set(() => {
      this.handle = null
      this.dueAt = Infinity
      if (this.running) this.wake()
    }, wait)
  }

  /** Wakes at `at` (ms epoch), replacing any pending wake-up. */
  at(at: number): void {
    this.after(at - this.clock.now())
  }

  /** Like at(), but keeps a pending wake-up that comes no later (several callers may ask for one). */
  atLatest(at: number): void {
    if (this.handle !== null && this.dueAt <= at) return
    this.at(at)
  }

  disarm(): void {
    if (this.handle !== null) this.timers.clear(this.handle)
    this.handle = null
    this.dueAt = Infinity
  }
}
