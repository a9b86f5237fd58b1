import { describe, expect, it } from 'vitest'
import type { Timers } from '../../../src/main/base/timers'
import { TEAM_PUSH_DEBOUNCE_MS, TEAM_SYNC_MAX_BACKOFF_MS, TeamSyncSchedule, type TeamSyncTarget } from '../../../src/main/features/team/team-schedule'

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
  async fire(schedule: TeamSyncSchedule, ms?: number): Promise<void> {
    const due = ms === undefined ? this.pending : this.pending.filter((e) => e.ms === ms)
    this.pending = this.pending.filter((e) => !due.includes(e))
    for (const e of due) e.fn()
    await settle(schedule)
  }
}

const settle = async (schedule: TeamSyncSchedule): Promise<void> => {
  const s = schedule as unknown as { running: Promise<void> | null; pushing: Promise<void> | null }
  await Promise.all([s.running, s.pushing])
}

/** A workspace stand-in: the schedule's side of the contract, with the service's answers set by the test. */
function fakeTeam() {
  const team = {
    online: false,
    rounds: 0,
    pushes: 0,
    /** What the next long-poll answers; 'hang' waits until aborted. */
    poll: 'immediate' as 'new' | 'quiet' | 'immediate' | 'hang' | 'fail',
    aborted: 0,
    listener: null as (() => void) | null,
    pushGate: null as Promise<void> | null,
    membership: () => ({}),
    syncOnce: async () => {
      team.rounds++
      if (!team.online) throw new Error('The team service at http://127.0.0.1:9 cannot be reached.')
      return {}
    },
    pushOnce: async () => {
      team.pushes++
      await team.pushGate
      return 1
    },
    waitForOps: (_s: number, signal?: AbortSignal) =>
      new Promise((resolve, reject) => {
        if (team.poll === 'fail') return reject(new Error('cannot be reached'))
        if (team.poll !== 'hang') return resolve(team.poll)
        signal?.addEventListener('abort', () => {
          team.aborted++
          reject(new Error('aborted'))
        })
      }),
    onOpRecorded: (fn: () => void) => {
      team.listener = fn
      return () => (team.listener = null)
    },
  }
  return team
}

describe('the team sync schedule', () => {
  it('waits twice as long after each failed round, up to a minute, and returns to its interval when the service answers', async () => {
    const team = fakeTeam()
    const timers = new HandTimers()
    const schedule = new TeamSyncSchedule(team as unknown as TeamSyncTarget, timers, 5_000)
    schedule.start()
    for (let i = 0; i < 6; i++) await timers.fire(schedule)
    expect(team.rounds).toBe(6)
    // First round at once, then 10 s, 20 s, 40 s, and never more than a minute.
    expect(timers.delays).toEqual([0, 10_000, 20_000, 40_000, TEAM_SYNC_MAX_BACKOFF_MS, TEAM_SYNC_MAX_BACKOFF_MS, TEAM_SYNC_MAX_BACKOFF_MS])
    // Back online, against a service that answers a long-poll at once (one from before `wait`): rounds at the interval.
    team.online = true
    await timers.fire(schedule)
    expect(timers.delays.at(-1)).toBe(5_000)
    await schedule.stop()
  })

  it('keeps a long-poll open while online: the next round starts when it answers, and a failed one backs off', async () => {
    const team = fakeTeam()
    team.online = true
    team.poll = 'new'
    const timers = new HandTimers()
    const schedule = new TeamSyncSchedule(team as unknown as TeamSyncTarget, timers, 5_000)
    schedule.start()
    await timers.fire(schedule)
    expect(timers.delays).toEqual([0, 0])
    team.poll = 'quiet'
    await timers.fire(schedule)
    expect(timers.delays.at(-1)).toBe(0)
    team.poll = 'fail'
    await timers.fire(schedule)
    expect(timers.delays.at(-1)).toBe(10_000)
    expect(team.rounds).toBe(3)
    await schedule.stop()
  })

  it('aborts the open long-poll on stop, so shutdown does not wait for it', async () => {
    const team = fakeTeam()
    team.online = true
    team.poll = 'hang'
    const timers = new HandTimers()
    const schedule = new TeamSyncSchedule(team as unknown as TeamSyncTarget, timers, 5_000)
    schedule.start()
    timers.pending.shift()!.fn()
    await new Promise((r) => setTimeout(r, 10))
    expect(team.rounds).toBe(1)
    await schedule.stop()
    expect(team.aborted).toBe(1)
    expect(timers.pending).toHaveLength(0)
  })

  it('pushes shortly after a local change, one push at a time, and again for changes made during a push', async () => {
    const team = fakeTeam()
    team.online = true
    team.poll = 'hang'
    const timers = new HandTimers()
    const schedule = new TeamSyncSchedule(team as unknown as TeamSyncTarget, timers, 5_000)
    schedule.start()
    team.listener!()
    team.listener!()
    expect(timers.pending.filter((e) => e.ms === TEAM_PUSH_DEBOUNCE_MS)).toHaveLength(1)
    let open: () => void = () => undefined
    team.pushGate = new Promise((r) => (open = r))
    timers.pending.find((e) => e.ms === TEAM_PUSH_DEBOUNCE_MS)!.fn()
    timers.pending = timers.pending.filter((e) => e.ms !== TEAM_PUSH_DEBOUNCE_MS)
    expect(team.pushes).toBe(1)
    // A change committed while the push is on the wire goes in the next push.
    team.listener!()
    expect(timers.pending.filter((e) => e.ms === TEAM_PUSH_DEBOUNCE_MS)).toHaveLength(0)
    team.pushGate = null
    open()
    await settle(schedule)
    await timers.fire(schedule, TEAM_PUSH_DEBOUNCE_MS)
    expect(team.pushes).toBe(2)
    await schedule.stop()
  })
})
