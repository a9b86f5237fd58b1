/** Times and counts as people read them; absolute forms go in title attributes. */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const dateFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })
const dateYearFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', year: 'numeric' })
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' })

/** Compact, for list rows: "now", "5m", "3h", "2d", "Mar 4", "Mar 4, 2023". */
export function shortAgo(at: number, now: number): string {
  const diff = Math.max(0, now - at)
  if (diff < MINUTE) return 'now'
  if (diff < HOUR) return `${Math.floor(diff / MINUTE)}m`
  if (diff < DAY) return `${Math.floor(diff / HOUR)}h`
  if (diff < 7 * DAY) return `${Math.floor(diff / DAY)}d`
  const sameYear = new Date(at).getFullYear() === new Date(now).getFullYear()
  return (sameYear ? dateFmt : dateYearFmt).format(at)
}

/** Longer, for the thread: "just now", "5 minutes ago", "yesterday", "Mar 4". */
export function longAgo(at: number, now: number): string {
  const diff = Math.max(0, now - at)
  if (diff < MINUTE) return 'just now'
  if (diff < HOUR) return plural(Math.floor(diff / MINUTE), 'minute') + ' ago'
  if (diff < DAY) return plural(Math.floor(diff / HOUR), 'hour') + ' ago'
  if (diff < 2 * DAY) return 'yesterday'
  if (diff < 7 * DAY) return `${Math.floor(diff / DAY)} days ago`
  return shortAgo(at, now)
}

export function absolute(at: number): string {
  return fullFmt.format(at)
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' })

/** A time of day ("14:05" or "2:05 PM", as the locale writes it), with the date when it is not today ("Mar 4, 14:05"). */
export function clockTime(at: number, now: number): string {
  const sameDay = new Date(at).toDateString() === new Date(now).toDateString()
  return sameDay ? timeFmt.format(at) : `${dateFmt.format(at)}, ${timeFmt.format(at)}`
}

/** Times ahead, for schedules: "any moment", "in 5 minutes", "in 2 hours", then the clock time. */
export function fromNow(at: number, now: number): string {
  const diff = at - now
  if (diff < MINUTE) return 'any moment'
  if (diff < HOUR) return `in ${plural(Math.round(diff / MINUTE), 'minute')}`
  if (diff < DAY) return `in ${plural(Math.round(diff / HOUR), 'hour')}`
  return clockTime(at, now)
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

const countFmt = new Intl.NumberFormat()
export function count(n: number): string {
  return countFmt.format(n)
}

/** First non-empty line, for one-line previews. */
export function firstLine(text: string): string {
  for (const line of text.split('\n')) {
    const trimmed = line.trim()
    if (trimmed) return trimmed
  }
  return ''
}

/** Two letters for an avatar placeholder; remote avatars are not loaded straight from channels. */
export function initials(name: string): string {
  // Letters and digits only, so emoji or decorations in display names don't become the avatar.
  const parts = name
    .split(/\s+/)
    .map((p) => p.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean)
  const letters = parts.length ? parts.slice(0, 2) : ['?']
  return letters
    .map((p) => Array.from(p ?? '')[0] ?? '')
    .join('')
    .toUpperCase()
}
