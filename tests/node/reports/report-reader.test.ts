import { spawn } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../../src/main/base/clock'
import { inProcessCore } from '../../../src/main/hosts/worker/in-process'
import { databaseFile } from '../../../src/main/base/paths'
import { ReportReader } from '../../../src/main/features/reports/reader'
import { WeeklyReports } from '../../../src/main/features/reports/summary'
import { ReportsReadModel } from '../../../src/main/store/reports-read'
import type { WeeklySummary } from '../../../src/shared/contract/operations-reports'
import { tempDir } from '../../support/workspace'

/** The built launcher, as a user runs it. */
function parley(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/parley.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

/** What comes from the previous week, the part the reader thread computes. */
const previousPart = (s: WeeklySummary) => ({ week: s.previousWeek, previous: s.previous, sentiment: s.sentiment.previous, headline: s.headline })

describe('the weekly summary’s reader thread', () => {
  let t: ReturnType<typeof tempDir>
  let dataDir: string
  /** The summary of the last full week with one thread doing both weeks (no reader entry). */
  let oneThread: WeeklySummary

  beforeAll(async () => {
    t = tempDir('parley-reader-')
    dataDir = join(t.dir, 'data')
    const demo = await parley(['demo', '--size', '400', '--data-dir', dataDir])
    expect(demo.code, demo.stderr).toBe(0)
    const core = inProcessCore({ dataDir, version: 'test', clock: systemClock, vault: null })
    try {
      oneThread = await core.core.reports.weekly()
    } finally {
      await core.close()
    }
    expect(oneThread.previous.received).toBeGreaterThan(0)
  }, 60_000)
  afterAll(() => t.cleanup())

  it('gives the previous week from the built bundle’s second thread, equal to one thread doing both', async () => {
    const out = join(t.dir, 'out')
    const result = await parley(['report', 'weekly', '--week', oneThread.week, '--format', 'json', '--out', out, '--data-dir', dataDir])
    expect(result.code, result.stderr).toBe(0)
    // The reader ran: a failure to start or to answer would be logged and the numbers computed on one thread.
    expect(result.stderr).not.toMatch(/report reader failed/)
    const file = readdirSync(out).find((f) => f.endsWith('.json'))!
    const summary = JSON.parse(readFileSync(join(out, file), 'utf8')) as WeeklySummary
    expect(previousPart(summary)).toEqual(previousPart(oneThread))
  }, 60_000)

  it('computes the previous week on its own thread, with the same numbers, when the reader cannot start', async () => {
    const core = inProcessCore({ dataDir, version: 'test', clock: systemClock, vault: null })
    const logged: string[] = []
    const reader = new ReportReader(join(t.dir, 'missing-worker.js'), databaseFile(dataDir))
    const reports = new WeeklyReports(new ReportsReadModel(core.core.db), core.core.reports.settings, () => Date.now(), reader, (line) => logged.push(line))
    try {
      const summary = await reports.weekly(oneThread.week)
      expect(previousPart(summary)).toEqual(previousPart(oneThread))
      expect(logged.join('\n')).toMatch(/The report reader failed \(.*missing-worker\.js.*\); the previous week is computed here instead\./)
    } finally {
      await reports.close()
      await core.close()
    }
  })
})
