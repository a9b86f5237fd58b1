import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runCli } from '../../src/main/hosts/cli/main'
import { openApprovalCore } from '../support/approval-workspace'
import { tempDir } from '../support/workspace'

const ctx = { version: '9.9.9', rendererDir: '/nonexistent', workerEntry: '/nonexistent/worker.js' }

/** `parley profiles set-passphrase`: the first-run step from a terminal, the passphrase from a file (never argv). */
describe('parley profiles', () => {
  let output: string[]
  let errors: string[]
  let t: ReturnType<typeof tempDir>
  beforeEach(() => {
    output = []
    errors = []
    t = tempDir('parley-cli-profiles-')
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (output.push(String(s)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (errors.push(String(s)), true))
  })
  afterEach(() => {
    vi.restoreAllMocks()
    t.cleanup()
  })

  const file = (name: string, text: string): string => {
    const path = join(t.dir, name)
    writeFileSync(path, `${text}\n`)
    return path
  }
  const run = (...args: string[]) => runCli(['profiles', ...args, '--data-dir', join(t.dir, 'ws'), '--vault', 'keychain'], ctx)

  it('sets the admin passphrase; changing it needs the current one; the app then unlocks with it', async () => {
    expect(await run('set-passphrase', '--passphrase-file', file('new', 'ours is a long one'))).toBe(0)
    expect(output.join('')).toMatch(/Me's passphrase is set/)
    expect(await run('list')).toBe(0)
    expect(output.join('')).toMatch(/Me\tadmin\tpassphrase set/)

    expect(await run('set-passphrase', '--passphrase-file', file('next', 'a second long one'), '--current-passphrase-file', file('wrong', 'not the one'))).toBe(2)
    expect(errors.join('')).toMatch(/That passphrase is not the one for Me/)
    expect(await run('set-passphrase', '--passphrase-file', file('short', 'short'), '--current-passphrase-file', file('cur', 'ours is a long one'))).toBe(2)
    expect(errors.join('')).toMatch(/A passphrase needs at least 8 characters\. Nothing was changed\./)

    const ws = openApprovalCore(join(t.dir, 'ws'))
    try {
      expect(await ws.ok('profiles.current', {})).toMatchObject({ name: 'Me', hasPassphrase: true, locked: true })
      await ws.ok('profiles.unlock', { passphrase: 'ours is a long one' })
    } finally {
      await ws.client.close()
    }
  })
})
