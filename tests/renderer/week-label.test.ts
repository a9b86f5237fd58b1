import { describe, expect, it } from 'vitest'
import { weekRangeLabel } from '@renderer/lib/report-format'

describe('the Reports header’s week label', () => {
  it('names the months on both ends of a week that spans two months', () => {
    expect(weekRangeLabel('2026-11-30', '2026-12-06')).toBe('Mon 30 Nov – Sun 6 Dec 2026')
  })

  it('names the month in a week within one month', () => {
    expect(weekRangeLabel('2026-11-16', '2026-11-22')).toBe('Mon 16 Nov – Sun 22 Nov 2026')
  })

  it('names both years across New Year', () => {
    expect(weekRangeLabel('2026-12-28', '2027-01-03')).toBe('Mon 28 Dec 2026 – Sun 3 Jan 2027')
  })
})
