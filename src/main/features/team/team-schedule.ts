import type { Timers } from '../../base/timers'
import type { TeamWorkspace } from './team-workspace'

export const TEAM_SYNC_INTERVAL_MS = 5_000
/** However long the service stays away, a laptop asks again at least this often. */
export const TEAM_SYNC_MAX_BACKOFF_MS = 60_000

/**
 * Keeps a joined workspace in step with its team while Parley runs (`parley serve`, the app):
 * push and pull every few seconds. A failed round is recorded as the last sync's problem (the
 * changes stay local) and the next round simply tries again.
 */
export class TeamSyncSchedule {
  private handle: unknown = null
  private running: Promise<void> | null = null
  private stopped = false
  private failures = 0

  constructor(
    private readonly team: TeamWorkspace,
    private readonly timers: Timers,
    private readonly intervalMs = TEAM_SYNC_INTERVAL_MS,
  ) {}

  start(): void {
    this.stopped = false
    this.schedule(0)
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.handle !== null) this.timers.clear(this.handle)
    this.handle = null
    await this.running
  }

  private schedule(ms: number): void {
    if (this.stopped) return
    this.handle = this.timers.set(() => {
      this.running = this.round().finally(() => {
        this.running = null
        this.schedule(this.nextDelay())
      })
    }, ms)
  }

  /** The interval while the service answers; doubling after each failed round (offline, service down), up to a minute. */
  nextDelay(): number {
    return Math.min(this.intervalMs * 2 ** Math.min(this.failures, 16), Math.max(TEAM_SYNC_MAX_BACKOFF_MS, this.intervalMs))
  }

  private async round(): Promise<void> {
    if (!this.team.membership()) return
    try {
      await this.team.syncOnce()
      this.failures = 0
    } catch {
      // syncOnce recorded the problem as the last sync's; local changes wait for the next round.
      this.failures++
    }
  }
}
