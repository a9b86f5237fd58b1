/** The snooze choices offered by s, in local time. */
export interface SnoozePreset {
  id: 'later' | 'tomorrow' | 'next-week'
  label: string
  at: number
}

const HOUR = 3_600_000
const QUARTER = 15 * 60_000

function atNine(date: Date): number {
  const d = new Date(date)
  d.setHours(9, 0, 0, 0)
  return d.getTime()
}

export function snoozePresets(now: number): SnoozePreset[] {
  const today = new Date(now)
  const tomorrow = new Date(today)
  tomorrow.setDate(today.getDate() + 1)
  const monday = new Date(today)
  // Next Monday; a week from today when today is Monday.
  monday.setDate(today.getDate() + (((8 - today.getDay()) % 7) || 7))
  return [
    { id: 'later', label: 'Later today', at: Math.ceil((now + 3 * HOUR) / QUARTER) * QUARTER },
    { id: 'tomorrow', label: 'Tomorrow morning', at: atNine(tomorrow) },
    { id: 'next-week', label: 'Next week', at: atNine(monday) },
  ]
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
