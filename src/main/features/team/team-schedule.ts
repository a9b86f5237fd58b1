import type { Timers } from '../../base/timers'
import type { TeamWorkspace } from './team-workspace'

/** Between rounds when the service does not long-poll (one from before `wait`). */
export const TEAM_SYNC_INTERVAL_MS = 5_000
/** However long the service stays away, a laptop asks again at least this often. */
export const TEAM_SYNC_MAX_BACKOFF_MS = 60_000
/** How long one long-poll waits for the team's next op before the laptop asks again. */
export const TEAM_LONG_POLL_SECONDS = 25
/** A burst of local changes (a bulk triage, a poll's items) goes out in one push this long after its first op. */
export const TEAM_PUSH_DEBOUNCE_MS = 30

export type TeamSyncTarget = Pick<TeamWorkspace, 'membership' | 'syncOnce' | 'pushOnce' | 'waitForOps' | 'onOpRecorded'>

/**
 * Keeps a joined workspace in step with its team while Parley runs (`parley serve`, the app). A
 * round pushes, pulls and applies; while the service answers, a long-poll then stays open and the
 * next round starts as soon as the team has a new op. Local changes are pushed a few tens of ms after
 * they commit. A failed round or long-poll is recorded as the last sync's problem (changes stay
 * local) and the next round waits longer each time, up to a minute. A service that does not
 * long-poll answers at once: then rounds run at the interval, as before.
 */
export class TeamSyncSchedule {
  private handle: unknown = null
  /** The current round and the long-poll after it. */
  private running: Promise<void> | null = null
  private stopped = true
  private failures = 0
  private poll: AbortController | null = null
  private pushTimer: unknown = null
  private pushing: Promise<void> | null = null
  private pushAgain = false
  private unsubscribe: (() => void) | null = null

  constructor(
    private readonly team: TeamSyncTarget,
    private readonly timers: Timers,
    private readonly intervalMs = TEAM_SYNC_INTERVAL_MS,
    private readonly longPollSeconds = TEAM_LONG_POLL_SECONDS,
    private readonly pushDebounceMs = TEAM_PUSH_DEBOUNCE_MS,
  ) {}

  start(): void {
    this.stopped = false
    this.unsubscribe ??= this.team.onOpRecorded(() => this.pushSoon())
    this.schedule(0)
  }

  /** Ends the schedule; an open long-poll is aborted, so shutdown never waits on it. */
  async stop(): Promise<void> {
    this.stopped = true
    this.unsubscribe?.()
    this.unsubscribe = null
    if (this.handle !== null) this.timers.clear(this.handle)
    if (this.pushTimer !== null) this.timers.clear(this.pushTimer)
    this.handle = null
    this.pushTimer = null
    this.poll?.abort()
    await Promise.all([this.running, this.pushing])
  }

  private schedule(ms: number): void {
    if (this.stopped) return
    this.handle = this.timers.set(() => {
      this.handle = null
      this.running = this.cycle().finally(() => {
        this.running = null
      })
    }, ms)
  }

  /** The interval while the service answers; doubling after each failed round (offline, service down), up to a minute. */
  nextDelay(): number {
    return Math.min(this.intervalMs * 2 ** Math.min(this.failures, 16), Math.max(TEAM_SYNC_MAX_BACKOFF_MS, this.intervalMs))
  }

  private async cycle(): Promise<void> {
    if (!(await this.round())) return this.schedule(this.nextDelay())
    if (this.stopped) return
    if (this.longPollSeconds <= 0 || !this.team.membership()) return this.schedule(this.intervalMs)
    const poll = new AbortController()
    this.poll = poll
    let answer: 'new' | 'quiet' | 'immediate'
    try {
      answer = await this.team.waitForOps(this.longPollSeconds, poll.signal)
    } catch {
      if (this.stopped) return
      this.failures++
      return this.schedule(this.nextDelay())
    } finally {
      this.poll = null
    }
    this.schedule(answer === 'immediate' ? this.intervalMs : 0)
  }

  /** One push and pull; false when it failed. */
  private async round(): Promise<boolean> {
    if (!this.team.membership()) return true
    try {
      await this.team.syncOnce()
      this.failures = 0
      return true
    } catch {
      // syncOnce recorded the problem as the last sync's; local changes wait for the next round.
      this.failures++
      return false
    }
  }

  /** A local change committed: push it shortly (one push at a time; changes made meanwhile go in the next). */
  private pushSoon(): void {
    if (this.stopped) return
    if (this.pushing) {
      this.pushAgain = true
      return
    }
    if (this.pushTimer !== null) return
    this.pushTimer = this.timers.set(() => {
      this.pushTimer = null
      this.pushing = this.team
        .pushOnce()
        .then(
          () => undefined,
          // Recorded as the last sync's problem; the next round pushes what is left.
          () => undefined,
        )
        .finally(() => {
          this.pushing = null
          if (this.pushAgain) {
            this.pushAgain = false
            this.pushSoon()
          }
        })
    }, this.pushDebounceMs)
  }
}
