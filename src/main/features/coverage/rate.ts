import { DateTime } from 'luxon'

export const HOUR_MS = 3_600_000
export const WEEK_HOURS = 168

/** The hour's place in the week in the zone: 0 is Monday 00:00–01:00, 167 Sunday 23:00–24:00. */
export function hourOfWeek(at: number, zone: string): number {
  const d = DateTime.fromMillis(at, { zone })
  return (d.weekday - 1) * 24 + d.hour
}

/** Hours since the epoch (UTC) holding this instant. */
export const epochHour = (at: number): number => Math.floor(at / HOUR_MS)

/**
 * Counts items per clock hour (hours since the epoch) with each hour's place in the week, for the
 * history the usual rate is learned from. Item times are clamped to [from, now]: a platform's clock
 * ahead of ours counts now, anything before the learning window is left out.
 */
export function countByHour(times: readonly number[], from: number, now: number, zone: string): { hour: number; hourOfWeek: number; items: number }[] {
  const byHour = new Map<number, number>()
  for (const t of times) {
    if (t < from) continue
    const h = epochHour(Math.min(t, now))
    byHour.set(h, (byHour.get(h) ?? 0) + 1)
  }
  return [...byHour].map(([hour, items]) => ({ hour, hourOfWeek: hourOfWeek(hour * HOUR_MS, zone), items }))
}

/**
 * How often each hour of the week came round in [from, to): the denominator of the usual rate.
 * Daylight-saving shifts move an hour's place by one twice a year; the rate is a habit, not a clock.
 */
export function occurrences(from: number, to: number, zone: string): number[] {
  const hours = Math.max(0, Math.floor((to - from) / HOUR_MS))
  const start = hourOfWeek(from, zone)
  const whole = Math.floor(hours / WEEK_HOURS)
  const rest = hours % WEEK_HOURS
  return Array.from({ length: WEEK_HOURS }, (_, k) => whole + ((k - start + WEEK_HOURS) % WEEK_HOURS < rest ? 1 : 0))
}

/** Items per hour for each hour of the week: what came in that hour, over how often it came round. */
export function usualRate(itemsByHourOfWeek: readonly number[], seen: readonly number[]): number[] {
  return itemsByHourOfWeek.map((n, k) => (seen[k]! > 0 ? n / seen[k]! : 0))
}

/**
 * How many items the stream would usually have brought between two instants: the rate of each hour of
 * the week it spans, weighted by how much of that hour lies inside. A night with no items in its history
 * adds nothing, which is why a normal lull never looks like a silence.
 */
export function expectedItems(rate: readonly number[], from: number, to: number, zone: string): number {
  if (to <= from) return 0
  let total = 0
  let how = hourOfWeek(from, zone)
  for (let h = epochHour(from); h * HOUR_MS < to; h++) {
    const start = Math.max(from, h * HOUR_MS)
    const end = Math.min(to, (h + 1) * HOUR_MS)
    total += rate[how]! * ((end - start) / HOUR_MS)
    how = (how + 1) % WEEK_HOURS
  }
  return total
}

/** The usual time between items at this hour of the week; null when the stream is usually quiet then. */
export function usualGapMs(rate: readonly number[], at: number, zone: string): number | null {
  const r = rate[hourOfWeek(at, zone)]!
  return r > 0 ? HOUR_MS / r : null
}
