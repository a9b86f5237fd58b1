/** How Parley prints report figures, the same in the exported reports and on the Reports screen. Pure: no Node, no DOM. */
import type { ReportHeadline } from './contract/operations-reports'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export const kindNames: Record<string, string> = { dm: 'Direct messages', comment: 'Comments', mention: 'Mentions', feed: 'Feed entries' }
export const kindLabel = (k: string): string => kindNames[k] ?? k

/** "—" for no value, "45 min", "3 h 05 min", "2 d 4 h". */
export function duration(ms: number | null): string {
  if (ms === null) return '—'
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ${String(Math.round((ms % HOUR) / MINUTE)).padStart(2, '0')} min`
  return `${Math.floor(ms / DAY)} d ${Math.round((ms % DAY) / HOUR)} h`
}

/** "12.5%", or "—" for no value. */
export const percent = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(1)}%`)
export const number = (n: number): string => n.toLocaleString('en-US')

export type TileKind = 'count' | 'rate' | 'duration'
export type HeadlineKey = keyof ReportHeadline
/** The headline tiles, in order, with how to print each and whether up is good. */
export const headlineTiles: { key: keyof ReportHeadline; label: string; kind: TileKind; upIsGood: boolean }[] = [
  { key: 'received', label: 'Items received', kind: 'count', upIsGood: true },
  { key: 'repliesSent', label: 'Replies sent', kind: 'count', upIsGood: true },
  { key: 'responseRate', label: 'Response rate', kind: 'rate', upIsGood: true },
  { key: 'firstResponseMedianMs', label: 'First response, median', kind: 'duration', upIsGood: false },
  { key: 'firstResponseP90Ms', label: 'First response, p90', kind: 'duration', upIsGood: false },
  { key: 'approvalWaitMedianMs', label: 'Approval wait, median', kind: 'duration', upIsGood: false },
  { key: 'backlogOpen', label: 'Backlog at week’s end', kind: 'count', upIsGood: false },
]

export function formatValue(kind: TileKind, v: number | null): string {
  if (kind === 'rate') return percent(v)
  if (kind === 'duration') return duration(v)
  return v === null ? '—' : number(v)
}

/** "+12 (+8.0%)", "−3.1 pp", "−25 min", or "no change"/"—" against the previous week. */
export function change(kind: TileKind, now: number | null, before: number | null): string {
  if (now === null || before === null) return '—'
  const d = now - before
  if (d === 0) return 'no change'
  const sign = d > 0 ? '+' : '−'
  if (kind === 'rate') return `${sign}${Math.abs(d * 100).toFixed(1)} pp`
  if (kind === 'duration') return `${sign}${duration(Math.abs(d))}`
  const rel = before ? ` (${sign}${Math.abs((d / before) * 100).toFixed(1)}%)` : ''
  return `${sign}${number(Math.abs(d))}${rel}`
}

export function tone(upIsGood: boolean, now: number | null, before: number | null): 'good' | 'bad' | 'flat' {
  if (now === null || before === null || now === before) return 'flat'
  return now > before === upIsGood ? 'good' : 'bad'
}

/** A rounded-up axis maximum with nice steps (1, 2, 5 × 10^n). */
export function niceMax(max: number): number {
  if (max <= 0) return 1
  const pow = 10 ** Math.floor(Math.log10(max))
  for (const m of [1, 2, 5, 10]) if (m * pow >= max) return m * pow
  return 10 * pow
}

/** "2026-W47" one week later or earlier (ISO weeks: Thursday decides the year). */
export function shiftWeek(week: string, by: number): string {
  const [y, w] = week.split('-W').map(Number) as [number, number]
  const jan4 = Date.UTC(y, 0, 4)
  const monday1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY
  const thursday = new Date(monday1 + ((w - 1 + by) * 7 + 3) * DAY)
  const year = thursday.getUTCFullYear()
  const week1 = Date.UTC(year, 0, 4) - ((new Date(Date.UTC(year, 0, 4)).getUTCDay() + 6) % 7) * DAY
  const n = Math.floor((thursday.getTime() - week1) / (7 * DAY)) + 1
  return `${year}-W${String(n).padStart(2, '0')}`
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * The week's days for a header: "Mon 30 Nov – Sun 6 Dec 2026", and the year on both ends when the week spans New Year
 * ("Mon 28 Dec 2026 – Sun 3 Jan 2027"). Days alone ("Mon 30 – Sun 6") leave the reader guessing the months.
 */
export function weekRangeLabel(first: string, last: string): string {
  const day = (date: string): Date => new Date(`${date}T12:00:00Z`)
  const a = day(first)
  const b = day(last)
  const sameYear = a.getUTCFullYear() === b.getUTCFullYear()
  const start = `${dayLabel(first)} ${MONTHS[a.getUTCMonth()]}${sameYear ? '' : ` ${a.getUTCFullYear()}`}`
  return `${start} – ${dayLabel(last)} ${MONTHS[b.getUTCMonth()]} ${b.getUTCFullYear()}`
}

/** "Mon 16" for a yyyy-mm-dd date. */
export function dayLabel(date: string): string {
  const d = new Date(`${date}T12:00:00Z`)
  return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()]} ${d.getUTCDate()}`
}
