import type { CoverageGap } from '@shared/contract'

const DAY = 86_400_000

/** "Mon"…"Sun", Monday first like the usual-rate array. */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const

/** The hour of the week (0 = Monday 00:00) of an instant in a zone, as the core counts it. */
export function hourOfWeek(at: number, timeZone: string | null): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timeZone ?? undefined, weekday: 'short', hour: '2-digit', hourCycle: 'h23' }).formatToParts(at)
  const day = WEEKDAYS.indexOf((parts.find((p) => p.type === 'weekday')?.value ?? 'Mon') as (typeof WEEKDAYS)[number])
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0)
  return Math.max(0, day) * 24 + (hour % 24)
}

/** Items per hour as people say it: "about 2 an hour", "about 1 every 3 hours", "rarely". */
export function rateWords(perHour: number): string {
  if (perHour <= 0) return 'none usually'
  if (perHour >= 1.5) return `about ${Math.round(perHour)} an hour`
  if (perHour >= 0.75) return 'about 1 an hour'
  const hours = Math.round(1 / perHour)
  return hours >= 48 ? 'rarely' : `about 1 every ${hours} hours`
}

/** A stretch of days, "14 days", "a day", "5 hours". */
export function spanWords(ms: number): string {
  if (ms >= 1.5 * DAY) return `${Math.round(ms / DAY)} days`
  if (ms >= 0.75 * DAY) return 'a day'
  const hours = Math.max(1, Math.round(ms / 3_600_000))
  return hours === 1 ? 'an hour' : `${hours} hours`
}

export const GAP_LABELS: Record<CoverageGap['kind'], string> = {
  cooldown: 'Rate limited',
  outage: 'Polls failed',
  auth: 'Sign-in refused',
  platform: 'Platform skipped items',
  backfill_limit: 'Beyond what the platform keeps',
}

export function gapOutcome(gap: CoverageGap): string {
  if (gap.outcome === 'caught_up') return 'caught up afterwards'
  if (gap.outcome === 'lost') return 'items from it may be missing'
  return 'still going on'
}
