import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runCli } from '../../src/main/hosts/cli/main'
import { openWorkspace, tempDir } from '../support/workspace'

const ctx = { version: '9.9.9', rendererDir: '/nonexistent', workerEntry: '/nonexistent/worker.js' }

describe('parley CLI', () => {
  let output: string[]
  let errors: string[]
  beforeEach(() => {
    output = []
    errors = []
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (output.push(String(s)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (errors.push(String(s)), true))
  })
  afterEach(() => vi.restoreAllMocks())

  it('prints usage and its version', async () => {
    expect(await runCli([], ctx)).toBe(0)
    expect(output.join('')).toMatch(/Usage: parley <command>/)
    expect(await runCli(['--version'], ctx)).toBe(0)
    expect(output.join('')).toContain('9.9.9')
  })

  it('refuses a non-loopback address before opening anything', async () => {
    expect(await runCli(['serve', '--host', '0.0.0.0'], ctx)).toBe(2)
    expect(errors.join('')).toMatch(/Refusing to listen on 0\.0\.0\.0.*--allow-remote/s)
  })

  it('explains a bad option with the command help', async () => {
    expect(await runCli(['serve', '--port', 'eighty'], ctx)).toBe(2)
    expect(errors.join('')).toMatch(/--port must be a whole number from 0 to 65535 written in digits/)
    expect(await runCli(['demo', '--bogus'], ctx)).toBe(2)
    expect(errors.join('')).toMatch(/Unknown option '--bogus'/)
    expect(await runCli(['fly'], ctx)).toBe(2)
    expect(errors.join('')).toMatch(/Unknown command "fly"/)
  })

  it('builds a demo workspace of the asked size that the core then serves', async () => {
    const t = tempDir()
    try {
      expect(await runCli(['demo', '--size', '120', '--data-dir', t.dir], ctx)).toBe(0)
      expect(output.join('')).toMatch(/Demo workspace ready in .*: 120 conversations, \d+ messages/)
      const ws = openWorkspace(t.dir)
      const info = await ws.call('app.info', {})
      expect(info).toMatchObject({ ok: true, value: { hasDemo: true, isEmpty: false } })
      const total = ws.core.db.prepare('SELECT count(*) AS n FROM conversations').get() as { n: number }
      expect(total.n).toBe(120)
      await ws.close()
    } finally {
      t.cleanup()
    }
  })
})
