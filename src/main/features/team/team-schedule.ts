import type { Timers } from '../../base/timers'
import type { TeamWorkspace } from './team-workspace'

export const TEAM_SYNC_INTERVAL_MS = 5_000

/**
 * Keeps a joined workspace in step with its team while Parley runs (`parley serve`, the app):
 * push and pull every few seconds. A failed round is recorded as the last sync's problem (the
 * changes stay local) and the next round simply tries again.
 */
export class TeamSyncSchedule {
  private handle: unknown = null
  private running: Promise<void> | null = null
  private stopped = false

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
        this.schedule(this.intervalMs)
      })
    }, ms)
  }

  private async round(): Promise<void> {
    if (!this.team.membership()) return
    // syncOnce records a failure as the last sync's problem; nothing more to do here.
    await this.team.syncOnce().catch(() => undefined)
  }
}
