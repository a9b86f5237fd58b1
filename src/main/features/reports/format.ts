import type { ReportHeadline, WeeklySummary } from '../../../shared/contract/operations-reports'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

export const kindNames: Record<string, string> = { dm: 'Direct messages', comment: 'Comments', mention: 'Mentions', feed: 'Feed entries' }
/** The colour of a platform no connector describes (an account of a removed connector). */
export const NEUTRAL_COLOUR = '#7c8594'

/** A platform's label and chart colour as the summary carries them (from the connector manifests). */
export const channelLabel = (s: Pick<WeeklySummary, 'channels'>, c: string): string => s.channels[c]?.label ?? c
export const channelColour = (s: Pick<WeeklySummary, 'channels'>, c: string): string => s.channels[c]?.colour ?? NEUTRAL_COLOUR
export const kindLabel = (k: string): string => kindNames[k] ?? k

/** "—" for no value, "45 min", "3 h 05 min", "2 d 4 h". */
export function duration(ms: number | null): string {
  if (ms === null) return '—'
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ${String(Math.round((ms % HOUR) / MINUTE)).padStart(2, '0')} min`
  return `${Math.floor(ms / DAY)} d ${Math.round((ms % DAY) / HOUR)} h`
}

export function percent(r: number | null): string {
  return r === null ? '—' : `${(r * 100).toFixed(1)}%`
}

export function number(n: number): string {
  return n.toLocaleString('en-US')
}

export type HeadlineKey = keyof ReportHeadline

/** The headline tiles, in order, with how to print each and whether up is good. */
export const headlineTiles: { key: HeadlineKey; label: string; kind: 'count' | 'rate' | 'duration'; upIsGood: boolean }[] = [
  { key: 'received', label: 'Items received', kind: 'count', upIsGood: true },
  { key: 'repliesSent', label: 'Replies sent', kind: 'count', upIsGood: true },
  { key: 'responseRate', label: 'Response rate', kind: 'rate', upIsGood: true },
  { key: 'firstResponseMedianMs', label: 'First response, median', kind: 'duration', upIsGood: false },
  { key: 'firstResponseP90Ms', label: 'First response, p90', kind: 'duration', upIsGood: false },
  { key: 'approvalWaitMedianMs', label: 'Approval wait, median', kind: 'duration', upIsGood: false },
  { key: 'backlogOpen', label: 'Backlog at week’s end', kind: 'count', upIsGood: false },
]

export function formatValue(kind: 'count' | 'rate' | 'duration', v: number | null): string {
  if (kind === 'rate') return percent(v)
  if (kind === 'duration') return duration(v)
  return v === null ? '—' : number(v)
}

/** "+12 (+8.0%)", "−3.1 pp", "−25 min", or "no change"/"—" against the previous week. */
export function change(kind: 'count' | 'rate' | 'duration', now: number | null, before: number | null): string {
  if (now === null || before === null) return '—'
  const d = now - before
  if (d === 0) return 'no change'
  const sign = d > 0 ? '+' : '−'
  if (kind === 'rate') return `${sign}${Math.abs(d * 100).toFixed(1)} pp`
  if (kind === 'duration') return `${sign}${duration(Math.abs(d))}`
  const rel = before ? ` (${sign}${Math.abs((d / before) * 100).toFixed(1)}%)` : ''
  return `${sign}${number(Math.abs(d))}${rel}`
}
