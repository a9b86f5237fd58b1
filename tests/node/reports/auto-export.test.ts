import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AutoExport } from '../../../src/main/features/reports/auto-export'
import { ReportSettingsStore } from '../../../src/main/features/reports/settings'
import { WeeklyReports } from '../../../src/main/features/reports/summary'
import { ReportsReadModel } from '../../../src/main/store/reports-read'
import { openDatabase, type Db } from '../../../src/main/store/database'
import { SettingsStore } from '../../../src/main/store/settings'
import type { Timers } from '../../../src/main/base/timers'
import { FakeClock, tempDir } from '../../support/workspace'

/** Timers that only record what was asked; the test fires them. */
class ManualTimers implements Timers {
  pending: { fn: () => void; ms: number }[] = []
  set(fn: () => void, ms: number): unknown {
    const entry = { fn, ms }
    this.pending.push(entry)
    return entry
  }
  clear(handle: unknown): void {
    this.pending = this.pending.filter((e) => e !== handle)
  }
}

describe('the Monday export', () => {
  let t: ReturnType<typeof tempDir>
  let db: Db
  let clock: FakeClock
  let timers: ManualTimers
  let reports: WeeklyReports
  let auto: AutoExport
  const folder = (): string => join(t.dir, 'exports')

  beforeEach(() => {
    t = tempDir()
    db = openDatabase({ file: join(t.dir, 'parley.db') })
    // Sunday 22 Nov 2026 23:00 in Berlin (22:00Z): W47 is not over yet.
    clock = new FakeClock(Date.UTC(2026, 10, 22, 22))
    timers = new ManualTimers()
    reports = new WeeklyReports(new ReportsReadModel(db), new ReportSettingsStore(new SettingsStore(db)), () => clock.now())
    reports.settings.set({ timeZone: 'Europe/Berlin', autoExport: { enabled: true, folder: folder(), formats: ['html', 'csv'] } })
    auto = new AutoExport({ reports, clock, timers, log: () => {} })
  })
  afterEach(() => {
    auto.stop()
    db.close()
    t.cleanup()
  })

  it('waits for Monday 07:00 local time, exports the week just ended once, then waits a week', async () => {
    reports.settings.setLastExportedWeek('2026-W46')
    auto.start()
    expect(await auto.runDue()).toBeNull()
    expect(existsSync(folder())).toBe(false)
    // Due Monday 23 Nov 07:00 CET = 06:00Z, 8 hours from now.
    expect(timers.pending).toHaveLength(1)
    expect(timers.pending[0]!.ms).toBe(8 * 3_600_000)
    clock.time = Date.UTC(2026, 10, 23, 6)
    timers.pending[0]!.fn()
    expect((await auto.runDue())?.week).toBe('2026-W47')
    expect(readdirSync(folder()).sort()).toEqual(['parley-weekly-2026-W47-conversations.csv', 'parley-weekly-2026-W47-days.csv', 'parley-weekly-2026-W47.html'])
    expect(reports.settings.lastExportedWeek()).toBe('2026-W47')
    // Again the same morning: nothing new, next run in a week.
    expect(await auto.runDue()).toBeNull()
    expect(timers.pending.at(-1)!.ms).toBe(7 * 24 * 3_600_000)
  })

  it('catches up on start when Parley was closed on Monday morning', async () => {
    reports.settings.setLastExportedWeek('2026-W46')
    clock.time = Date.UTC(2026, 10, 25, 15) // Wednesday
    auto.start()
    expect((await auto.runDue())?.week).toBe('2026-W47')
    expect(existsSync(join(folder(), 'parley-weekly-2026-W47.html'))).toBe(true)
  })

  it('exports the last full week right away when first turned on', async () => {
    auto.start()
    // runDue joins the pass start() began rather than starting a second one.
    expect((await auto.runDue())?.week).toBe('2026-W46')
    expect(readdirSync(folder())).toContain('parley-weekly-2026-W46.html')
    expect(reports.settings.lastExportedWeek()).toBe('2026-W46')
  })

  it('does nothing while turned off', async () => {
    reports.settings.set({ autoExport: { enabled: false, folder: folder(), formats: ['html'] } })
    clock.time = Date.UTC(2026, 10, 25, 15)
    expect(await auto.runDue()).toBeNull()
    expect(existsSync(folder())).toBe(false)
  })
})
