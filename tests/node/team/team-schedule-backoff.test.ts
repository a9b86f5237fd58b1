import { describe, expect, it } from 'vitest'
import type { Timers } from '../../../src/main/base/timers'
import { TEAM_SYNC_MAX_BACKOFF_MS, TeamSyncSchedule } from '../../../src/main/features/team/team-schedule'
import type { TeamWorkspace } from '../../../src/main/features/team/team-workspace'

/** Timers fired by hand, remembering each delay asked for. */
class HandTimers implements Timers {
  pending: { fn: () => void; ms: number }[] = []
  delays: number[] = []
  set(fn: () => void, ms: number): unknown {
    const entry = { fn, ms }
    this.pending.push(entry)
    this.delays.push(ms)
    return entry
  }
  clear(handle: unknown): void {
    this.pending = this.pending.filter((e) => e !== handle)
  }
  async fire(schedule: TeamSyncSchedule): Promise<void> {
    const due = this.pending
    this.pending = []
    for (const e of due) e.fn()
    await (schedule as unknown as { running: Promise<void> | null }).running
  }
}

describe('the team sync schedule while the service is away', () => {
  it('waits twice as long after each failed round, up to a minute, and returns to its interval when the service answers', async () => {
    let online = false
    let rounds = 0
    const team = {
      membership: () => ({}),
      syncOnce: async () => {
        rounds++
        if (!online) throw new Error('The team service at http://127.0.0.1:9 cannot be reached.')
        return {}
      },
    } as unknown as TeamWorkspace
    const timers = new HandTimers()
    const schedule = new TeamSyncSchedule(team, timers, 5_000)
    schedule.start()
    for (let i = 0; i < 6; i++) await timers.fire(schedule)
    expect(rounds).toBe(6)
    // First round at once, then 10 s, 20 s, 40 s, and never more than a minute.
    expect(timers.delays).toEqual([0, 10_000, 20_000, 40_000, TEAM_SYNC_MAX_BACKOFF_MS, TEAM_SYNC_MAX_BACKOFF_MS, TEAM_SYNC_MAX_BACKOFF_MS])
    online = true
    await timers.fire(schedule)
    expect(timers.delays.at(-1)).toBe(5_000)
    await schedule.stop()
  })
})
