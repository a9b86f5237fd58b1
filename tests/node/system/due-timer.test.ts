import { AsyncLocalStorage } from 'node:async_hooks'
import { describe, expect, it } from 'vitest'
import { DueTimer } from '../../../src/main/base/due-timer'
import { realTimers, type Timers } from '../../../src/main/base/timers'

/** Timers driven by hand: what is pending, and fire() runs the soonest. */
function manualTimers(clock: { now: () => number; set: (t: number) => void }) {
  const pending = new Map<number, { at: number; fn: () => void }>()
  let next = 1
  const timers: Timers = {
    set: (fn, ms) => {
      const id = next++
      pending.set(id, { at: clock.now() + ms, fn })
      return id
    },
    clear: (handle) => void pending.delete(handle as number),
  }
  const fire = (): void => {
    const [id, soonest] = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? []
    if (id === undefined || !soonest) throw new Error('nothing pending')
    pending.delete(id)
    clock.set(soonest.at)
    soonest.fn()
  }
  return { timers, pending, fire }
}

function setup() {
  let t = 1_000_000
  const clock = { now: () => t, set: (v: number) => void (t = v) }
  const manual = manualTimers(clock)
  const wakes: number[] = []
  const timer = new DueTimer(manual.timers, clock, () => wakes.push(clock.now()))
  return { clock, timer, wakes, ...manual }
}

describe('DueTimer: one pending wake-up for the soonest due thing', () => {
  it('wakes in the async context it was made in, not in the one that armed it', async () => {
    // As the team's op context: a pulled op being applied queues a reply and rings the outbox; the sends
    // of the pass that wakes must not run inside that op's context, where nothing is recorded for the team.
    const context = new AsyncLocalStorage<string>()
    const seen: (string | undefined)[] = []
    let woken!: () => void
    const wake = new Promise<void>((resolve) => (woken = resolve))
    const timer = new DueTimer(realTimers, { now: () => Date.now() }, () => {
      seen.push(context.getStore())
      woken()
    })
    timer.start()
    context.run('applying a pulled team op', () => timer.after(0))
    await wake
    timer.stop()
    expect(seen).toEqual([undefined])
  })

  it('arming again replaces the wait instead of adding a timer', () => {
    const { timer, pending, fire, wakes } = setup()
    timer.start()
    timer.after(5_000)
    timer.after(2_000)
    expect(pending.size).toBe(1)
    fire()
    expect(wakes).toEqual([1_002_000])
  })

  it('atLatest keeps a sooner wake-up and replaces a later one', () => {
    const { timer, pending, fire, wakes } = setup()
    timer.start()
    timer.at(1_003_000)
    timer.atLatest(1_009_000)
    expect([...pending.values()].map((p) => p.at)).toEqual([1_003_000])
    timer.atLatest(1_001_000)
    expect([...pending.values()].map((p) => p.at)).toEqual([1_001_000])
    fire()
    expect(wakes).toEqual([1_001_000])
  })

  it('does nothing before start() or after stop(), and a past time wakes at once', () => {
    const { timer, pending, fire, wakes } = setup()
    timer.after(10)
    expect(pending.size).toBe(0)
    timer.start()
    timer.at(999_000)
    expect([...pending.values()].map((p) => p.at)).toEqual([1_000_000])
    timer.stop()
    expect(pending.size).toBe(0)
    timer.after(10)
    expect(pending.size).toBe(0)
    expect(wakes).toEqual([])
    timer.start()
    timer.after(10)
    fire()
    expect(wakes).toEqual([1_000_010])
  })
})
