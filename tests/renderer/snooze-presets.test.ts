import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { snoozePresets } from '@renderer/lib/snooze-presets'

const HOUR = 3_600_000

/** Weeks with a DST change in each zone (2026), and a plain week; every quarter hour of each is checked. */
const cases: { zone: string; monday: string }[] = [
  { zone: 'Europe/Berlin', monday: '2026-03-23' }, // clocks go forward Sun 29 Mar 02:00
  { zone: 'Europe/Berlin', monday: '2026-10-19' }, // clocks go back Sun 25 Oct 03:00
  { zone: 'America/New_York', monday: '2026-03-02' }, // forward Sun 8 Mar
  { zone: 'America/New_York', monday: '2026-10-26' }, // back Sun 1 Nov
  { zone: 'Australia/Sydney', monday: '2026-03-30' }, // back Sun 5 Apr
  { zone: 'UTC', monday: '2026-11-30' },
]

function check(now: number, zone: string): void {
  const local = DateTime.fromMillis(now, { zone })
  const presets = snoozePresets(now, zone)
  const at = (p: { at: number }): DateTime => DateTime.fromMillis(p.at, { zone })
  const where = `${local.toISO()} (${zone}): ${presets.map((p) => `${p.label} ${at(p).toFormat('ccc HH:mm')}`).join(', ')}`
  // Tomorrow morning and next week are always there; late in the evening they are the only sensible ones.
  expect(presets.map((p) => p.id).filter((id) => id === 'tomorrow' || id === 'next-week'), where).toEqual(['tomorrow', 'next-week'])
  if (local.hour >= 5 && local.hour < 17) expect(presets[0]!.id, where).toBe('later')
  // In the future, each later than the one before: no two choices are the same time.
  let previous = now
  for (const p of presets) {
    expect(p.at, where).toBeGreaterThan(previous)
    previous = p.at
  }
  expect(new Set(presets.map((p) => p.id)).size, where).toBe(presets.length)
  for (const p of presets) {
    const t = at(p)
    switch (p.id) {
      case 'later':
        // Today for real, at least an hour and a half away, and not in the small hours or late at night.
        expect(t.hasSame(local, 'day'), where).toBe(true)
        expect(p.at - now, where).toBeGreaterThanOrEqual(1.5 * HOUR)
        expect(t.hour * 60 + t.minute, where).toBeLessThanOrEqual(21 * 60)
        expect(t.hour, where).toBeGreaterThanOrEqual(8)
        break
      case 'this-morning':
        expect(t.hasSame(local, 'day') && t.hour === 9 && t.minute === 0, where).toBe(true)
        break
      case 'tomorrow':
        expect(t.hasSame(local.plus({ days: 1 }), 'day') && t.hour === 9 && t.minute === 0, where).toBe(true)
        break
      case 'next-week':
        expect(t.weekday === 1 && t.hour === 9 && t.minute === 0, where).toBe(true)
        expect(t.startOf('day') > local.plus({ days: 1 }).startOf('day'), where).toBe(true)
        expect(p.at - now, where).toBeLessThanOrEqual(9 * 24 * HOUR)
        break
    }
  }
}

describe('snooze choices', () => {
  for (const { zone, monday } of cases) {
    it(`are distinct and sensible at every quarter hour of the week of ${monday} in ${zone}`, () => {
      const start = DateTime.fromISO(monday, { zone }).toMillis()
      for (let now = start; now < start + 7 * 24 * HOUR; now += HOUR / 4) check(now, zone)
    })
  }

  it('on a Sunday night offer tomorrow morning and the Monday after, never "later today" at 2:30 AM', () => {
    const now = DateTime.fromISO('2026-12-06T23:30', { zone: 'Europe/Berlin' }).toMillis()
    const presets = snoozePresets(now, 'Europe/Berlin')
    const shown = presets.map((p) => `${p.label} ${DateTime.fromMillis(p.at, { zone: 'Europe/Berlin' }).toFormat('ccc d LLL HH:mm')}`)
    expect(shown).toEqual(['Tomorrow morning Mon 7 Dec 09:00', 'Next week Mon 14 Dec 09:00'])
  })

  it('in the small hours offer this morning first', () => {
    const now = DateTime.fromISO('2026-12-08T01:10', { zone: 'UTC' }).toMillis()
    expect(snoozePresets(now, 'UTC').map((p) => p.id)).toEqual(['this-morning', 'tomorrow', 'next-week'])
  })
})
