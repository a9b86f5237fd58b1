import { describe, expect, it } from 'vitest'
import { formatHlc, HybridLogicalClock, parseHlc } from '../../../src/main/base/hlc'

describe('hybrid logical clock', () => {
  it('follows the wall clock and counts within one millisecond', () => {
    let wall = 1_000
    const hlc = new HybridLogicalClock(() => wall)
    expect(hlc.tick()).toBe(formatHlc({ ms: 1_000, counter: 0 }))
    expect(hlc.tick()).toBe(formatHlc({ ms: 1_000, counter: 1 }))
    wall = 2_000
    expect(hlc.tick()).toBe(formatHlc({ ms: 2_000, counter: 0 }))
  })

  it('keeps growing when the wall clock goes backwards', () => {
    let wall = 5_000
    const hlc = new HybridLogicalClock(() => wall)
    const stamps = [hlc.tick()]
    wall = 1_000
    stamps.push(hlc.tick(), hlc.tick())
    wall = 5_000
    stamps.push(hlc.tick())
    wall = 5_001
    stamps.push(hlc.tick())
    expect([...stamps].sort()).toEqual(stamps)
    expect(new Set(stamps).size).toBe(stamps.length)
    expect(parseHlc(stamps[3])).toEqual({ ms: 5_000, counter: 3 })
  })

  it('continues after the newest stamp it is given, and after stamps it observes', () => {
    const hlc = new HybridLogicalClock(() => 10, { ms: 50, counter: 7 })
    expect(hlc.tick()).toBe(formatHlc({ ms: 50, counter: 8 }))
    hlc.observe(formatHlc({ ms: 90, counter: 2 }))
    expect(hlc.tick()).toBe(formatHlc({ ms: 90, counter: 3 }))
    hlc.observe('not a stamp')
    expect(hlc.tick()).toBe(formatHlc({ ms: 90, counter: 4 }))
  })

  it('reads back what it writes, and nothing else', () => {
    expect(parseHlc(formatHlc({ ms: 1_765_000_000_000, counter: 12 }))).toEqual({ ms: 1_765_000_000_000, counter: 12 })
    expect(parseHlc('12-3')).toBeNull()
    expect(parseHlc(null)).toBeNull()
  })
})
