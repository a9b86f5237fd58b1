import { DateTime, IANAZone } from 'luxon'
import { ParleyError } from '../../../shared/contract'

/** One ISO week in one time zone: Monday 00:00 up to the next Monday 00:00, local wall-clock time. */
export interface ReportWeek {
  /** e.g. "2026-W47" */
  id: string
  timeZone: string
  start: number
  end: number
  /** Eight instants: the start of each local day, then the week's end. Days are 23 or 25 hours across a DST change. */
  dayStarts: number[]
  /** yyyy-mm-dd of each of the seven days. */
  dates: string[]
}

const WEEK = /^(\d{4})-W(\d{2})$/

/** The system's zone (the default of a workspace that has not chosen one). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

export function assertTimeZone(zone: string): string {
  if (!IANAZone.isValidZone(zone)) throw new ParleyError('bad_input', `"${zone}" is not a time zone Parley knows; use an IANA name such as Europe/Berlin.`)
  return zone
}

function fromMonday(monday: DateTime): ReportWeek {
  const starts: DateTime[] = []
  for (let i = 0; i <= 7; i++) starts.push(monday.plus({ days: i }))
  return {
    id: `${monday.weekYear}-W${String(monday.weekNumber).padStart(2, '0')}`,
    timeZone: monday.zoneName ?? 'UTC',
    start: starts[0]!.toMillis(),
    end: starts[7]!.toMillis(),
    dayStarts: starts.map((d) => d.toMillis()),
    dates: starts.slice(0, 7).map((d) => d.toISODate()!),
  }
}

/** Parses "2026-W47" (bad strings and week 53 of a 52-week year are refused in plain words). */
export function parseWeek(id: string, timeZone: string): ReportWeek {
  const match = WEEK.exec(id)
  if (!match) throw new ParleyError('bad_input', `"${id}" is not a week; write it like 2026-W47 (ISO week-numbering year, week 01–53).`)
  const weekYear = Number(match[1])
  const weekNumber = Number(match[2])
  const monday = DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone: assertTimeZone(timeZone) })
  if (!monday.isValid || weekNumber < 1 || monday.weekYear !== weekYear || monday.weekNumber !== weekNumber) {
    throw new ParleyError('bad_input', `${weekYear} has no week ${match[2]}; ISO weeks run from 01 to ${DateTime.fromObject({ weekYear }).weeksInWeekYear}.`)
  }
  return fromMonday(monday.startOf('day'))
}

/** The week containing an instant. */
export function weekContaining(at: number, timeZone: string): ReportWeek {
  const local = DateTime.fromMillis(at, { zone: assertTimeZone(timeZone) })
  return fromMonday(local.startOf('week'))
}

/** The last full week before an instant: the default of every report. */
export function lastFullWeek(at: number, timeZone: string): ReportWeek {
  return previousWeek(weekContaining(at, timeZone))
}

export function previousWeek(week: ReportWeek): ReportWeek {
  return fromMonday(DateTime.fromMillis(week.start, { zone: week.timeZone }).minus({ weeks: 1 }))
}
