import { DateTime } from 'luxon'

/** The snooze choices offered by s, in local time. */
export interface SnoozePreset {
  id: 'this-morning' | 'later' | 'tomorrow' | 'next-week'
  label: string
  at: number
}

const QUARTER = 15 * 60_000
/** Before this hour it is still night: "later today" would be the small hours, so offer this morning instead. */
const NIGHT_ENDS = 5
/** "Later today" lands no later than this hour; past it, tomorrow morning is the sensible choice. */
const EVENING_ENDS = 21
const MORNING = { hour: 9, minute: 0, second: 0, millisecond: 0 }

/**
 * The snooze choices at an instant, in a time zone (the system's by default). Pure, so every hour of a week,
 * DST changes included, can be checked: each choice is in the future, on the day its label names, and
 * different from the others (strictly later in the order shown).
 * - Night (before 5:00): "This morning" at 9:00 today, instead of "Later today" in the small hours.
 * - Day: "Later today", three hours on (rounded up to a quarter), while that is still before 21:00.
 * - "Tomorrow morning": 9:00 the next calendar day.
 * - "Next week": Monday 9:00; on a Sunday that is tomorrow, so the Monday after.
 */
export function snoozePresets(now: number, zone?: string): SnoozePreset[] {
  const local = DateTime.fromMillis(now, zone ? { zone } : {})
  const presets: SnoozePreset[] = []
  if (local.hour < NIGHT_ENDS) {
    presets.push({ id: 'this-morning', label: 'This morning', at: local.set(MORNING).toMillis() })
  } else {
    const later = DateTime.fromMillis(Math.ceil(local.plus({ hours: 3 }).toMillis() / QUARTER) * QUARTER, { zone: local.zone })
    if (later.hasSame(local, 'day') && later <= local.set({ ...MORNING, hour: EVENING_ENDS })) {
      presets.push({ id: 'later', label: 'Later today', at: later.toMillis() })
    }
  }
  const tomorrow = local.plus({ days: 1 }).set(MORNING)
  presets.push({ id: 'tomorrow', label: 'Tomorrow morning', at: tomorrow.toMillis() })
  let monday = local.startOf('week').plus({ weeks: 1 }).set(MORNING)
  if (monday <= tomorrow) monday = monday.plus({ weeks: 1 })
  presets.push({ id: 'next-week', label: 'Next week', at: monday.toMillis() })
  return presets
}

/** A datetime-local value ("2026-11-16T09:00") as a time, or null when it is not one in the future. */
export function parseCustom(value: string, now: number): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null
  const at = new Date(value).getTime()
  return Number.isFinite(at) && at > now ? at : null
}

/** The value a datetime-local input starts with: the later-today preset. */
export function customDefault(now: number): string {
  const d = new Date(snoozePresets(now)[0]!.at)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
