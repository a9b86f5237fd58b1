import { spawn, type ChildProcess } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { databaseFile } from '../../../src/main/base/paths'
import { scramblePages, scrambleTablePages } from '../../support/damage'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'
import { signIn } from '../../support/serve-session'

const VAULT = ['--vault', 'file']
const env = { ...process.env, PARLEY_VAULT_PASSPHRASE: 'recovery test passphrase' }

/** The real launcher (built bundle), as a user runs it. */
function parley(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/parley.mjs', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

/** `parley serve` until its ready line; returns the address and its token. */
function serve(dir: string): Promise<{ child: ChildProcess; origin: string; token: string; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/parley.mjs', 'serve', '--data-dir', dir, '--port', '0', ...VAULT], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      const m = /Parley is ready at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(stdout)
      // The printed address opens Parley once; its session is this test's bearer token.
      if (m) void signIn(m[1]!).then((session) => resolve({ child, origin: session.origin, token: session.token, stderr: () => stderr }), reject)
    })
    child.on('exit', (code) => reject(new Error(`serve exited (${code}) before it was ready: ${stderr}`)))
  })
}

/** Waits for something the server reports by itself (not a timing assertion: the deadline only ends a hung run). */
async function until(done: () => boolean, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!done()) {
    if (Date.now() > end) throw new Error('gave up waiting')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('a damaged workspace, with real processes', () => {
  let dir: string
  let cleanup: () => void
  beforeEach(async () => {
    ;({ dir, cleanup } = tempDir('parley-recovery-'))
    const ws = openWorkspace(dir, new FakeClock(Date.now() - 60_000))
    expect((await typed(ws)('workspace.loadDemo', { conversations: 40 })).ok).toBe(true)
    await ws.core.backups.backupNow('daily')
    await ws.close()
    scramblePages(databaseFile(dir), { fromFraction: 0.3, pages: 8 })
  })
  afterEach(() => cleanup())

  it('the CLI prints the problem and the restore command; restore brings the workspace back', async () => {
    const broken = await parley(['inbox', 'list', '--data-dir', dir, ...VAULT])
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/^The workspace database is damaged/)
    expect(broken.stderr).toContain(`To restore the latest backup, quit Parley and run:\n  npx parley restore --latest --data-dir ${dir}`)
    expect(broken.stderr).not.toMatch(/\n\s+at /)

    const restored = await parley(['restore', '--latest', '--data-dir', dir])
    expect(restored.stderr).toBe('')
    expect(restored.code).toBe(0)
    expect(restored.stdout).toMatch(/^Restored the workspace from .*parley-daily-.*\.db\.\nThe database it replaced was kept as .*parley-pre-restore-.*\.db\.\n$/)

    const listed = await parley(['inbox', 'list', '--json', '--data-dir', dir, ...VAULT])
    expect(listed.code).toBe(0)
    expect((JSON.parse(listed.stdout) as unknown[]).length).toBeGreaterThan(0)
  })

  it('browser mode after an unclean close: damage in the data, found by the background check, stops writes and offers the backup', async () => {
    // Restore the beforeEach's damage away, then damage only the messages' pages: the header and schema stay sound.
    expect((await parley(['restore', '--latest', '--data-dir', dir])).code).toBe(0)
    scrambleTablePages(databaseFile(dir), 'messages', { pages: 4 })
    const server = await serve(dir)
    try {
      // The header and schema are sound, so only the background check can find this (at-open is tested in background-check.test.ts).
      await until(() => /Open the address below/.test(server.stderr()))
      expect(server.stderr()).toMatch(/The workspace database is damaged \(.+\)\. .*\nParley found this while running and stopped writing to the workspace at once\.\nOpen the address below to restore the latest backup, or quit and run:\n {2}npx parley restore --latest/)
      const call = async (op: string, body = '{}'): Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } }> => {
        const res = await fetch(`${server.origin}/api/call/${op}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
          body,
        })
        return (await res.json()) as never
      }
      expect((await call('system.status')).value).toMatchObject({ state: 'damaged', latestBackup: { kind: 'daily' } })
      const write = await call('drafts.save', JSON.stringify({ conversationId: 1, body: 'typed after the damage' }))
      expect(write).toMatchObject({ ok: false, error: { code: 'unavailable' } })
      expect(write.error!.message).toMatch(/^The workspace database is damaged/)
      const restored = await call('system.restoreLatest')
      expect(restored.ok).toBe(true)
      expect((await call('system.status')).value).toMatchObject({ state: 'ok' })
    } finally {
      const exited = new Promise((resolve) => server.child.once('exit', resolve))
      server.child.kill('SIGTERM')
      await exited
    }
  })

  it('browser mode serves the recovery operations; restore is refused from another process while it runs', async () => {
    const server = await serve(dir)
    const call = async (op: string): Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } }> => {
      const res = await fetch(`${server.origin}/api/call/${op}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` },
        body: '{}',
      })
      return (await res.json()) as never
    }
    try {
      // Found at open when the damage reaches the schema, else by the check that runs in the background once serving.
      await until(() => /Open the address below/.test(server.stderr()))
      expect(server.stderr()).toMatch(/The workspace database is damaged.*\n(?:Parley found this while running.*\n)?Open the address below to restore the latest backup, or quit and run:\n {2}npx parley restore --latest/)
      const status = await call('system.status')
      expect(status.value).toMatchObject({ state: 'damaged', latestBackup: { kind: 'daily' } })
      const info = await call('app.info')
      expect(info).toMatchObject({ ok: false, error: { code: 'unavailable' } })
      expect(info.error!.message).toMatch(/^The workspace database is damaged/)

      // A second process must not swap the file under the running one.
      const refused = await parley(['restore', '--latest', '--data-dir', dir])
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain(`Parley is still open on this workspace (process ${server.child.pid})`)

      // The recovery screen's button: the running process restores and reopens.
      const restored = await call('system.restoreLatest')
      expect(restored.ok).toBe(true)
      expect((await call('system.status')).value).toMatchObject({ state: 'ok', problem: null })
      const reopened = await call('app.info')
      expect(reopened).toMatchObject({ ok: true, value: { isEmpty: false } })
      expect((await call('system.integrityCheck')).value).toMatchObject({ ok: true })
    } finally {
      const exited = new Promise((resolve) => server.child.once('exit', resolve))
      server.child.kill('SIGTERM')
      await exited
    }
  })
})
