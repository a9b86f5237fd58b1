/**
 * When conversations start: spread over the window with more activity in
 * daytime and on weekdays. Mapping evenly spaced quantiles through the
 * inverse CDF keeps start times sorted, so output is oldest first.
 */
import { searchCdf } from './prng'

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

// Relative activity per local hour (0-23): quiet nights, busy lunch and evening.
const HOUR_WEIGHT = [
  0.18, 0.1, 0.06, 0.05, 0.05, 0.1, 0.3, 0.65, 0.95, 1.05, 1.1, 1.15, 1.25, 1.2, 1.1, 1.05, 1.05, 1.15, 1.25, 1.3, 1.2, 0.95, 0.6, 0.32,
]
// Sunday first; weekends are quieter for a brand inbox.
const WEEKDAY_WEIGHT = [0.6, 1.05, 1.1, 1.05, 1.0, 0.95, 0.7]
/** The brand's home time zone (CET) drives the daily rhythm. */
const TZ_OFFSET = HOUR
/** Leave a minute of headroom so the newest conversation can still get a reply before `now`. */
const HEADROOM = MINUTE

export class Timeline {
  private readonly start: number
  private readonly end: number
  private readonly cdf: Float64Array
  private readonly weights: Float64Array

  constructor(now: number, days: number) {
    const end = now - HEADROOM
    this.end = end
    this.start = end - days * DAY
    const buckets = Math.max(1, Math.ceil((end - this.start) / HOUR))
    this.weights = new Float64Array(buckets)
    this.cdf = new Float64Array(buckets)
    let sum = 0
    for (let b = 0; b < buckets; b++) {
      const t0 = this.start + b * HOUR
      const len = Math.min(HOUR, end - t0)
      const local = t0 + len / 2 + TZ_OFFSET
      const hour = Math.floor((((local % DAY) + DAY) % DAY) / HOUR)
      const weekday = ((Math.floor(local / DAY) % 7) + 11) % 7 // 1970-01-01 was a Thursday
      const w = (HOUR_WEIGHT[hour] as number) * (WEEKDAY_WEIGHT[weekday] as number) * (len / HOUR)
      this.weights[b] = w
      sum += w
      this.cdf[b] = sum
    }
    for (let b = 0; b < buckets; b++) this.cdf[b] = (this.cdf[b] as number) / sum
    for (let b = 0; b < buckets; b++) this.weights[b] = (this.weights[b] as number) / sum
  }

  /** Time at quantile q in [0, 1). */
  at(q: number): number {
    const b = searchCdf(this.cdf, q)
    const w = this.weights[b] as number
    const before = (this.cdf[b] as number) - w
    const frac = w > 0 ? Math.min(1, Math.max(0, (q - before) / w)) : 0
    const t0 = this.start + b * HOUR
    return Math.floor(t0 + frac * Math.min(HOUR, this.end - t0))
  }
}
