import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { builtInConnectors } from '../../../src/main/features/connectors'
import { exportFiles } from '../../../src/main/features/reports/export'
import { runCli } from '../../../src/main/hosts/cli/main'
import { inProcessCore } from '../../../src/main/hosts/worker/in-process'
import { ReportRows } from '../../support/report-workspace'
import { FakeClock, tempDir, typed } from '../../support/workspace'
import { exampleForumConnector, exampleForumManifest } from '../../support/fake-connector'

/**
 * Adding a platform is one folder (tests/support/fake-connector) plus one line in a connector list
 * (here, CoreConfig.connectors and CliContext.connectors): it then shows up in connectors.list, the
 * CLI's help and flags, and the reports, with no other file naming it.
 */
const connectors = [...builtInConnectors, exampleForumConnector]
const cliCtx = { version: '9.9.9', rendererDir: '/nonexistent', workerEntry: '/nonexistent/worker.js', connectors }

describe('a new connector, given only through the connector list', () => {
  let dir: ReturnType<typeof tempDir>
  let output: string[]
  let errors: string[]
  beforeEach(() => {
    dir = tempDir()
    output = []
    errors = []
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllEnvs()
    dir.cleanup()
  })

  const quiet = (): void => {
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (output.push(String(s)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (errors.push(String(s)), true))
  }

  it('is served by connectors.list with its whole manifest', async () => {
    const client = inProcessCore({ dataDir: dir.dir, version: '0.0.0-test', clock: new FakeClock(), vault: null, connectors })
    try {
      const listed = await typed(client)('connectors.list', {})
      if (!listed.ok) throw new Error(listed.error.message)
      const forum = listed.value.find((c) => c.platform === 'example-forum')
      expect(forum).toEqual({ ...exampleForumManifest, platform: 'example-forum', canReply: true })
      expect(listed.value.map((c) => c.platform)).toEqual(['mastodon', 'bluesky', 'feed', 'email', 'example-forum'])
    } finally {
      await client.close()
    }
  })

  it('appears in `accounts --help` and takes its own flags, its secret from a file only', async () => {
    quiet()
    expect(await runCli(['accounts', '--help'], cliCtx)).toBe(0)
    const help = output.join('')
    expect(help).toContain('Example Forum (example-forum):')
    expect(help).toContain('parley accounts add example-forum --forum-url URL [--api-key-file FILE|-]')
    expect(help).toContain('--api-key-file: From your forum profile, under API keys.')
    expect(help).toContain(`e.g. ${exampleForumManifest.connect.cliExample}`)
    expect(help).toContain('parley accounts add <mastodon|bluesky|feed|email|example-forum>')

    output.length = 0
    expect(await runCli(['accounts', 'add', 'example-forum', '--data-dir', dir.dir], cliCtx)).toBe(2)
    expect(errors.join('')).toContain('Adding an example-forum account needs --forum-url.')
    errors.length = 0
    expect(await runCli(['accounts', 'add', 'example-forum', '--forum-url', 'https://forum.example', '--api-key', 'k', '--data-dir', dir.dir], cliCtx)).toBe(2)
    expect(errors.join('')).toMatch(/Unknown option '--api-key'/)
    errors.length = 0
    expect(await runCli(['accounts', 'add', 'example-forum', '--forum-url', 'https://forum.example', '--handle', 'x', '--data-dir', dir.dir], cliCtx)).toBe(2)
    expect(errors.join('')).toContain('An example-forum account takes no --handle.')

    vi.stubEnv('PARLEY_VAULT_PASSPHRASE', 'new connector test passphrase')
    const keyFile = join(dir.dir, 'forum-key.txt')
    writeFileSync(keyFile, 'k-123\n')
    errors.length = 0
    const code = await runCli(['accounts', 'add', 'example-forum', '--forum-url', 'https://forum.example', '--api-key-file', keyFile, '--data-dir', dir.dir, '--vault', 'file'], cliCtx)
    expect(errors.join('')).toBe('')
    expect(code).toBe(0)
    expect(output.join('')).toMatch(/Connected #1\s+example-forum\s+Example Forum \(@brand@forum\.example\)\. Its secrets are in: /)
  })

  it('is named and coloured by its manifest in the weekly report', async () => {
    const at = (day: number, hh: number): number => Date.UTC(2026, 10, day, hh)
    const client = inProcessCore({ dataDir: dir.dir, version: '0.0.0-test', clock: new FakeClock(at(25, 12)), vault: null, connectors })
    try {
      const { reports, db } = client.core
      reports.settings.set({ timeZone: 'UTC' })
      const rows = new ReportRows(db)
      const forum = rows.conversation(rows.account('example-forum', 'Brand'), 'comment', { createdAt: at(16, 10), subject: 'Gear question' })
      rows.message(forum, 'in', at(16, 10))
      const toot = rows.conversation(rows.account('mastodon', 'Brand'), 'mention', { createdAt: at(17, 10) })
      rows.message(toot, 'in', at(17, 10))
      const summary = await reports.weekly('2026-W47')
      expect(summary.channels['example-forum']).toEqual({ label: 'Example Forum', colour: '#0a7d5c' })
      expect(summary.channels.mastodon).toEqual({ label: 'Mastodon', colour: '#6364ff' })
      const [html] = await exportFiles(summary, 'html', reports.queries)
      expect(html!.content).toContain('fill="#0a7d5c"')
      expect(html!.content).toContain('<td>Example Forum</td>')
    } finally {
      await client.close()
    }
  })
})
