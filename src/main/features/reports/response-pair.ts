import { DateTime } from 'luxon'
import type { BusinessHours, ResponsePair } from '../../../shared/contract/operations-reports'
import type { DrillMessage } from '../../store/reports-drill-read'
import type { BusinessClock } from './business-hours'
import { duration } from './format'

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const WEEK_MS = 7 * 86_400_000

/** "Fri 18:02" in the workspace's zone; with the date when the two ends are a week or more apart. */
function when(at: number, zone: string, withDate: boolean): string {
  return DateTime.fromMillis(at, { zone }).toFormat(withDate ? 'ccc d LLL HH:mm' : 'ccc HH:mm', { locale: 'en-GB' })
}

/**
 * The wait between an ask and the reply that answered it, with the business-hours rule applied and said:
 * "Fri 18:02 → Mon 09:40, 40 min in business hours (2 d 15 h on the clock)". An unanswered ask says how
 * long it had waited at `until` (the report's cut-off, or the week's end for the backlog).
 */
export function responsePair(asked: DrillMessage, reply: DrillMessage | null, until: number, zone: string, clock: BusinessClock | null): ResponsePair {
  const end = reply?.at ?? until
  const withDate = end - asked.at >= WEEK_MS
  const from = when(asked.at, zone, withDate)
  const wall = end - asked.at
  const business = clock ? clock.between(asked.at, end) : null
  // "0 min", not "0 s": a wait wholly outside business hours is a normal case, not a rounding.
  const inHours = business === 0 ? '0 min' : duration(business)
  const span = clock ? `${inHours} in business hours (${duration(wall)} on the clock)` : duration(wall)
  const explanation = reply
    ? `${from} → ${when(reply.at, zone, withDate)}, ${span}`
    : `${from} → no reply by ${when(until, zone, withDate)}, waiting ${span}`
  return { asked, reply, waitMs: reply ? wall : null, businessMs: reply ? business : null, explanation }
}

/** The business-hours rule in words: "Mon–Fri 09:00–17:00; closed Sat–Sun (Europe/Berlin)". */
export function describeHours(hours: BusinessHours, zone: string): string {
  const spans: { from: number; to: number; text: string }[] = []
  hours.forEach((day, i) => {
    const text = day ? `${day.start}–${day.end}` : 'closed'
    const last = spans[spans.length - 1]
    if (last && last.text === text) last.to = i
    else spans.push({ from: i, to: i, text })
  })
  const days = (s: { from: number; to: number }): string => (s.from === s.to ? DAY_NAMES[s.from]! : `${DAY_NAMES[s.from]}–${DAY_NAMES[s.to]}`)
  const open = spans.filter((s) => s.text !== 'closed').map((s) => `${days(s)} ${s.text}`)
  const closed = spans.filter((s) => s.text === 'closed').map(days)
  return `${open.length ? open.join(', ') : 'never open'}${closed.length ? `; closed ${closed.join(', ')}` : ''} (${zone})`
}
