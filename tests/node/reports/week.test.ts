import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BusinessClock } from '../../../src/main/features/reports/business-hours'
import { ReportSettingsStore } from '../../../src/main/features/reports/settings'
import { WeeklyReports } from '../../../src/main/features/reports/summary'
import { ReportsReadModel } from '../../../src/main/store/reports-read'
import { lastFullWeek, parseWeek } from '../../../src/main/features/reports/week'
import { openDatabase, type Db } from '../../../src/main/store/database'
import { SettingsStore } from '../../../src/main/store/settings'
import { ReportRows } from '../../support/report-workspace'
import { tempDir } from '../../support/workspace'

const HOUR = 3_600_000
const utc = (m: number, d: number, h: number, min = 0): number => Date.UTC(2026, m - 1, d, h, min)
const weekdays = { start: '09:00', end: '17:00' }
const monFri = [weekdays, weekdays, weekdays, weekdays, weekdays, null, null]

describe('ISO weeks in a time zone', () => {
  it('parses weeks and refuses bad ones in plain words', () => {
    expect(parseWeek('2026-W47', 'UTC')).toMatchObject({ id: '2026-W47', start: utc(11, 16, 0), end: utc(11, 23, 0) })
    // 2026-W01 starts on Monday 29 December 2025.
    expect(parseWeek('2026-W01', 'UTC').start).toBe(Date.UTC(2025, 11, 29))
    expect(parseWeek('2026-W53', 'UTC').id).toBe('2026-W53')
    expect(() => parseWeek('2025-W53', 'UTC')).toThrow(/2025 has no week 53/)
    expect(() => parseWeek('2026-47', 'UTC')).toThrow(/write it like 2026-W47/)
    expect(() => parseWeek('2026-W00', 'UTC')).toThrow(/has no week 00/)
    expect(() => parseWeek('2026-W10', 'Mars/Olympus')).toThrow(/not a time zone/)
  })

  it('defaults to the last full week, as the workspace zone sees it', () => {
    // Monday 16 Nov 2026 00:30 in Tokyo is still Sunday 15 Nov in UTC.
    const now = utc(11, 15, 15, 30)
    expect(lastFullWeek(now, 'Asia/Tokyo').id).toBe('2026-W46')
    expect(lastFullWeek(now, 'UTC').id).toBe('2026-W45')
  })

  it('gives the week of the Berlin DST change (Sun 25 Oct 2026, in W43) 169 hours and a 25-hour Sunday', () => {
    const w = parseWeek('2026-W43', 'Europe/Berlin')
    expect(w.start).toBe(utc(10, 18, 22)) // Mon 19 Oct 00:00 CEST
    expect(w.end).toBe(utc(10, 25, 23)) // Mon 26 Oct 00:00 CET
    expect(w.end - w.start).toBe(169 * HOUR)
    expect(w.dayStarts[7]! - w.dayStarts[6]!).toBe(25 * HOUR)
    expect(w.dates[6]).toBe('2026-10-25')
    const after = parseWeek('2026-W44', 'Europe/Berlin')
    expect(after.end - after.start).toBe(168 * HOUR)
  })

  it('gives the week of the New York DST change (Sun 1 Nov 2026, in W44) 169 hours', () => {
    const w = parseWeek('2026-W44', 'America/New_York')
    expect(w.start).toBe(utc(10, 26, 4)) // Mon 26 Oct 00:00 EDT
    expect(w.end).toBe(utc(11, 2, 5)) // Mon 2 Nov 00:00 EST
    expect(w.dayStarts[7]! - w.dayStarts[6]!).toBe(25 * HOUR)
    expect(parseWeek('2026-W45', 'America/New_York').end - parseWeek('2026-W45', 'America/New_York').start).toBe(168 * HOUR)
  })

  it('counts business hours on local wall-clock time across the change', () => {
    const clock = new BusinessClock(monFri, 'Europe/Berlin', utc(10, 19, 0), utc(10, 28, 0))
    // Fri 23 Oct 16:00 CEST (14:00Z) to Mon 26 Oct 10:00 CET (09:00Z): 1 h on Friday + 1 h on Monday.
    expect(clock.between(utc(10, 23, 14), utc(10, 26, 9))).toBe(2 * HOUR)
    // Monday 26 Oct 09:00-17:00 CET is 08:00Z-16:00Z.
    expect(clock.between(utc(10, 26, 7), utc(10, 26, 8))).toBe(0)
    expect(clock.between(utc(10, 26, 8), utc(10, 26, 16))).toBe(8 * HOUR)
  })
})

describe('weekly summaries across a DST change and in an empty week', () => {
  let t: ReturnType<typeof tempDir>
  let db: Db
  let reports: WeeklyReports
  beforeEach(() => {
    t = tempDir()
    db = openDatabase({ file: join(t.dir, 'parley.db') })
    reports = new WeeklyReports(new ReportsReadModel(db), new ReportSettingsStore(new SettingsStore(db)), () => utc(11, 20, 12))
  })
  afterEach(() => {
    db.close()
    t.cleanup()
  })

  it('puts items on their local day in Berlin and measures waits in real time', async () => {
    reports.settings.set({ timeZone: 'Europe/Berlin', businessHours: monFri })
    const r = new ReportRows(db)
    const acc = r.account('mastodon')
    const c = r.conversation(acc, 'comment', { createdAt: utc(10, 23, 14) })
    r.message(c, 'in', utc(10, 23, 14)) // Fri 16:00 CEST
    r.message(c, 'out', utc(10, 26, 9)) // Mon 26 Oct 10:00 CET (next week)
    const d = r.conversation(acc, 'dm', { createdAt: utc(10, 24, 21, 30) })
    r.message(d, 'in', utc(10, 24, 21, 30)) // Sat 23:30 CEST
    r.message(d, 'in', utc(10, 24, 22, 30)) // Sun 00:30 CEST
    r.message(d, 'in', utc(10, 25, 22, 30)) // Sun 23:30 CET: still Sunday thanks to the extra hour
    r.message(d, 'in', utc(10, 25, 23, 30)) // Mon 26 Oct 00:30 CET: next week
    const s = await reports.weekly('2026-W43')
    expect(s.days.map((x) => x.received)).toEqual([0, 0, 0, 0, 1, 1, 2])
    expect(s.headline.received).toBe(4)
    expect(s.firstResponse).toMatchObject({ answered: 1, medianMs: 67 * HOUR, businessHours: { medianMs: 2 * HOUR, p90Ms: 2 * HOUR } })
    expect((await reports.weekly('2026-W44')).headline.received).toBe(1)
  })

  it('puts items on their local day in New York around 1 Nov', async () => {
    reports.settings.set({ timeZone: 'America/New_York' })
    const r = new ReportRows(db)
    const c = r.conversation(r.account('bluesky'), 'mention', { createdAt: utc(11, 2, 4, 30) })
    r.message(c, 'in', utc(11, 2, 4, 30)) // Sun 1 Nov 23:30 EST: still W44's Sunday
    r.message(c, 'in', utc(11, 2, 5, 30)) // Mon 2 Nov 00:30 EST: W45
    r.message(c, 'in', utc(10, 26, 3, 30)) // Sun 25 Oct 23:30 EDT: W43
    const s = await reports.weekly('2026-W44')
    expect(s.days.map((x) => x.received)).toEqual([0, 0, 0, 0, 0, 0, 1])
    expect(s.firstResponse.businessHours).toBeNull()
  })

  it('reports an empty week as zeros and blanks, not errors', async () => {
    const s = await reports.weekly('2026-W30')
    expect(s.headline).toEqual({ received: 0, repliesSent: 0, responseRate: null, firstResponseMedianMs: null, firstResponseP90Ms: null, approvalWaitMedianMs: null, backlogOpen: 0 })
    expect(s.days).toHaveLength(7)
    expect(s.sentiment.current).toEqual({ negative: 0, neutral: 0, positive: 0, unknown: 0 })
    expect(s.notable).toEqual({ mostActive: [], longestWaiting: [] })
    expect(s.approvals.sentBackOrRejectedShare).toBeNull()
  })
})
