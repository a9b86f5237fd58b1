import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runCli } from '../../../src/main/hosts/cli/main'
import { ReportRows } from '../../support/report-workspace'
import { FakeClock, openWorkspace, tempDir } from '../../support/workspace'

const ctx = { version: '9.9.9', rendererDir: '/nonexistent', workerEntry: '/nonexistent/worker.js' }
const at = (day: number, hh: number): number => Date.UTC(2026, 10, day, hh)

describe('parley report weekly', () => {
  let output: string[]
  let errors: string[]
  let t: ReturnType<typeof tempDir>
  beforeEach(async () => {
    output = []
    errors = []
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (output.push(String(s)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (errors.push(String(s)), true))
    t = tempDir()
    const ws = openWorkspace(join(t.dir, 'data'), new FakeClock(at(25, 12)))
    const r = new ReportRows(ws.core.db)
    const c = r.conversation(r.account('mastodon'), 'comment', { createdAt: at(16, 10) })
    r.message(c, 'in', at(16, 10))
    r.message(c, 'out', at(16, 11))
    expect((await ws.call('reports.setSettings', { timeZone: 'UTC' })).ok).toBe(true)
    await ws.close()
  })
  afterEach(() => {
    vi.restoreAllMocks()
    t.cleanup()
  })

  const run = (...args: string[]): Promise<number> => runCli(['report', 'weekly', '--data-dir', join(t.dir, 'data'), ...args], ctx)

  it('writes every format into the folder and prints the paths', async () => {
    const out = join(t.dir, 'out', 'nested')
    expect(await run('--week', '2026-W47', '--format', 'html,pdf,csv,json', '--out', out)).toBe(0)
    expect(readdirSync(out).sort()).toEqual([
      'parley-weekly-2026-W47-conversations.csv',
      'parley-weekly-2026-W47-days.csv',
      'parley-weekly-2026-W47.html',
      'parley-weekly-2026-W47.json',
      'parley-weekly-2026-W47.pdf',
    ])
    expect(output.join('')).toContain(join(out, 'parley-weekly-2026-W47.pdf'))
    expect(readFileSync(join(out, 'parley-weekly-2026-W47.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
    const json = JSON.parse(readFileSync(join(out, 'parley-weekly-2026-W47.json'), 'utf8')) as { headline: { received: number; repliesSent: number } }
    expect(json.headline).toMatchObject({ received: 1, repliesSent: 1 })
  })

  it('refuses a bad week string with exit code 2 and says how to write one', async () => {
    expect(await run('--week', '2026-47', '--out', join(t.dir, 'o'))).toBe(2)
    expect(errors.join('')).toMatch(/"2026-47" is not a week; write it like 2026-W47/)
    expect(await run('--week', '2025-W53', '--out', join(t.dir, 'o'))).toBe(2)
    expect(errors.join('')).toMatch(/2025 has no week 53/)
    expect(existsSync(join(t.dir, 'o', 'parley-weekly-2025-W53.html'))).toBe(false)
  })

  it('refuses an unwritable folder with a clear message and exit code 1, as the README says', async () => {
    const locked = join(t.dir, 'locked')
    expect(await run('--out', join(t.dir, 'ok'))).toBe(0)
    writeFileSync(join(t.dir, 'a-file'), 'x')
    expect(await run('--week', '2026-W47', '--out', join(t.dir, 'a-file'))).toBe(1)
    expect(errors.join('')).toMatch(/Cannot write the report to .*a-file: it is not a folder/)
    if (process.getuid?.() !== 0) {
      expect(await run('--week', '2026-W47', '--out', locked)).toBe(0)
      chmodSync(locked, 0o500)
      expect(await run('--week', '2026-W47', '--out', locked)).toBe(1)
      expect(errors.join('')).toMatch(/Cannot write the report to .*locked: permission denied/)
      chmodSync(locked, 0o700)
    }
  })

  it('refuses an unknown format before opening the workspace', async () => {
    expect(await run('--format', 'docx', '--out', join(t.dir, 'o'))).toBe(2)
    expect(errors.join('')).toMatch(/--format must be html, pdf, csv or json/)
  })
})
