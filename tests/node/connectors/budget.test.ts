import { describe, expect, it } from 'vitest'
import { BudgetSpentError, MeteredBudget, periodOf, resetOf } from '../../../src/main/features/connectors/budget'

const ledger = (limit: number, reserve: number, used = 0, now = Date.UTC(2026, 11, 7, 12)) =>
  new MeteredBudget({ unit: 'units', window: 'day-pacific', limit, reserve }, null, { budget: { period: periodOf('day-pacific', now), used } }, { platform: 'YouTube', what: 'of the daily quota' })

describe('the metered budget ledger', () => {
  it('ends the YouTube day at midnight in Los Angeles, winter and summer time alike', () => {
    // 7 December, 12:00 UTC is 04:00 PST: the day ends at 08:00 UTC on the 8th.
    expect(new Date(resetOf('day-pacific', Date.UTC(2026, 11, 7, 12))).toISOString()).toBe('2026-12-08T08:00:00.000Z')
    // 1 July (PDT, UTC−7): midnight is 07:00 UTC.
    expect(new Date(resetOf('day-pacific', Date.UTC(2026, 6, 1, 20))).toISOString()).toBe('2026-07-02T07:00:00.000Z')
    // The evening before DST starts (8 March 2026): the next midnight is already PDT.
    expect(new Date(resetOf('day-pacific', Date.UTC(2026, 2, 8, 6))).toISOString()).toBe('2026-03-08T08:00:00.000Z')
    expect(new Date(resetOf('day-pacific', Date.UTC(2026, 2, 8, 9))).toISOString()).toBe('2026-03-09T07:00:00.000Z')
    // 03:00 UTC on the 8th is still the 7th in Los Angeles.
    expect(periodOf('day-pacific', Date.UTC(2026, 11, 8, 3))).toBe('2026-12-07')
    expect(new Date(resetOf('month-utc', Date.UTC(2026, 11, 31, 23))).toISOString()).toBe('2027-01-01T00:00:00.000Z')
  })

  it('keeps the reserve from polling, and paces polling so the rest lasts, never past the reset', () => {
    const now = Date.UTC(2026, 11, 7, 12)
    const b = ledger(100, 20, 79, now)
    expect(b.pollingLeft(now)).toBe(1)
    expect(() => b.assertCanPoll(1, now)).not.toThrow()
    expect(() => b.assertCanPoll(2, now)).toThrow(BudgetSpentError)
    expect(b.canSend(21, now)).toBe(true)
    expect(b.canSend(22, now)).toBe(false)
    const until = resetOf('day-pacific', now) - now
    expect(b.paceMs(60_000, 3, 2, now)).toBe(until)
    expect(ledger(10_000, 1_000, 0, now).paceMs(300_000, 1, 2, now)).toBe(300_000)
  })

  it('starts a new day at zero', () => {
    const now = Date.UTC(2026, 11, 7, 12)
    const b = ledger(100, 20, 90, now)
    expect(b.used(now)).toBe(90)
    expect(b.used(resetOf('day-pacific', now))).toBe(0)
  })
})
