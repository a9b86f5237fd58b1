import { DateTime } from 'luxon'
import type { BusinessHours } from '../../../shared/contract/operations-reports'

/**
 * Business time between two instants: only the minutes inside the workspace's business hours
 * (per weekday, local wall-clock time, DST-aware through luxon) count.
 */
export class BusinessClock {
  private readonly starts: number[] = []
  private readonly ends: number[] = []
  /** prefix[i] = business ms in windows 0..i-1 */
  private readonly prefix: number[] = [0]

  /** Windows are laid out once for [from, to]; intervals outside that range are clipped to it. */
  constructor(hours: BusinessHours, timeZone: string, from: number, to: number) {
    let day = DateTime.fromMillis(from, { zone: timeZone }).startOf('day')
    const last = DateTime.fromMillis(to, { zone: timeZone })
    while (day <= last) {
      const open = hours[day.weekday - 1]
      if (open) {
        const start = at(day, open.start)
        const end = at(day, open.end)
        if (end > start) {
          this.starts.push(start)
          this.ends.push(end)
          this.prefix.push(this.prefix[this.prefix.length - 1]! + (end - start))
        }
      }
      day = day.plus({ days: 1 })
    }
  }

  /** Business milliseconds in [a, b). */
  between(a: number, b: number): number {
    if (b <= a) return 0
    return this.upTo(b) - this.upTo(a)
  }

  /** Business milliseconds from the first window up to t. */
  private upTo(t: number): number {
    // Windows are sorted and disjoint: find the last one starting before t.
    let lo = 0
    let hi = this.starts.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.starts[mid]! < t) lo = mid + 1
      else hi = mid
    }
    if (lo === 0) return 0
    const i = lo - 1
    return this.prefix[i]! + Math.min(t, this.ends[i]!) - this.starts[i]!
  }
}

function at(day: DateTime, hhmm: string): number {
  if (hhmm === '24:00') return day.plus({ days: 1 }).startOf('day').toMillis()
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number]
  return day.set({ hour, minute }).toMillis()
}
