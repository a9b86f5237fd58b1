import { describe, expect, it } from 'vitest'
import { HybridClock, parseHlc } from '../../../src/main/features/team/hlc'

describe('the hybrid logical clock', () => {
  it('orders as strings in the order events happened, within one millisecond too', () => {
    let wall = 1_000
    const clock = new HybridClock('a', () => wall)
    const first = clock.now()
    const second = clock.now()
    wall = 2_000
    const third = clock.now()
    expect([third, first, second].sort()).toEqual([first, second, third])
    expect(parseHlc(second)).toEqual({ wall: 1_000, counter: 1, node: 'a' })
  })

  it('never runs backwards when the wall clock is set back, nor after a restart', () => {
    let wall = 5_000
    const clock = new HybridClock('a', () => wall)
    const before = clock.now()
    wall = 1_000
    const after = clock.now()
    expect(after > before).toBe(true)
    const restarted = new HybridClock('a', () => 1_000, after)
    expect(restarted.now() > after).toBe(true)
  })

  it('moves past a clock received from a laptop that runs ahead', () => {
    const behind = new HybridClock('a', () => 1_000)
    const ahead = new HybridClock('b', () => 9_000).now()
    behind.receive(ahead)
    expect(behind.now() > ahead).toBe(true)
  })
})
