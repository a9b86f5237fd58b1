import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startMastodonFake, type MastodonFake } from '../../src/main/features/connectors/mastodon/fake-server'
import { tempDir } from '../support/workspace'

/**
 * The CLI as a user runs it on a shared machine: the built launcher in its own process, real files,
 * fakes on loopback. Secrets, the data folder, the port and a second Parley on the same workspace.
 */
interface Run {
  code: number | null
  stdout: string
  stderr: string
}

const PASSPHRASE = 'local users test passphrase'
const STACK = /\n\s+at /

function parley(args: string[], options: { env?: Record<string, string | undefined>; input?: string; uid?: number } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/parley.mjs', ...args], {
      env: { ...process.env, PARLEY_DATA_DIR: '', PARLEY_VAULT_PASSPHRASE: '', ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
    })
    if (options.input !== undefined) child.stdin!.end(options.input)
    // A command that should have been refused but runs on (a server) must not outlive the test.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

/** `parley serve` until its ready line; stop() sends SIGTERM and waits. */
function serve(dataDir: string, extra: string[] = []): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/parley.mjs', 'serve', '--data-dir', dataDir, '--port', '0', ...extra], {
      env: { ...process.env, PARLEY_DATA_DIR: '', PARLEY_VAULT_PASSPHRASE: PASSPHRASE },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString()
      const m = /Parley is ready at (\S+)/.exec(stdout)
      if (m) {
        const stop = (): Promise<void> =>
          new Promise((done) => {
            if (child.exitCode !== null) return done()
            child.once('exit', () => done())
            child.kill('SIGTERM')
          })
        resolve({ url: m[1]!, child, stop })
      }
    })
    child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${stderr}`)))
  })
}

describe('secrets never need the command line', () => {
  let mastodon: MastodonFake
  let ws: ReturnType<typeof tempDir>
  beforeAll(async () => {
    mastodon = await startMastodonFake()
  })
  afterAll(async () => {
    await mastodon.close()
  })
  beforeEach(() => (ws = tempDir('parley-secrets-')))
  afterEach(() => ws.cleanup())

  const add = (extra: string[], options: { input?: string } = {}): Promise<Run> =>
    parley(['accounts', 'add', 'mastodon', '--instance', mastodon.url, '--data-dir', ws.dir, '--vault', 'file', ...extra], {
      env: { PARLEY_VAULT_PASSPHRASE: PASSPHRASE },
      ...options,
    })

  it('--token-file FILE reads the token from a file, without any warning', async () => {
    const file = join(ws.dir, 'token.txt')
    writeFileSync(join(ws.dir, 'token.txt'), `${mastodon.token}\n`, { mode: 0o600 })
    const result = await add(['--token-file', file])
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/^Connected #1\s+mastodon/)
    expect(result.code).toBe(0)
  })

  it('--token-file - reads standard input', async () => {
    const result = await add(['--token-file', '-'], { input: `${mastodon.token}\n` })
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/^Connected #1\s+mastodon/)
  })

  it('--token still works, and warns that other users can read it', async () => {
    const result = await add(['--token', mastodon.token])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Connected #1\s+mastodon/)
    expect(result.stderr).toMatch(/Warning: --token puts the Mastodon access token on the command line, where other users of this machine can read it \(ps, \/proc\)/)
    expect(result.stderr).toMatch(/--token-file FILE/)
  })

  it('without a token and without a terminal, says which option to use and stores nothing', async () => {
    const result = await add([])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/The Mastodon access token is missing: give it with --token-file FILE \(or --token-file - to read standard input\)/)
    const bluesky = await parley(['accounts', 'add', 'bluesky', '--handle', 'x.bsky.social', '--data-dir', ws.dir, '--vault', 'file'], { env: { PARLEY_VAULT_PASSPHRASE: PASSPHRASE } })
    expect(bluesky.code).toBe(2)
    expect(bluesky.stderr).toMatch(/The Bluesky app password is missing: give it with --app-password-file FILE/)
    const missingFile = await add(['--token-file', join(ws.dir, 'nope.txt')])
    expect(missingFile.code).toBe(2)
    expect(missingFile.stderr).toMatch(/Cannot read the Mastodon access token from .*nope\.txt: there is no such file/)
    const list = await parley(['accounts', 'list', '--json', '--data-dir', ws.dir], { env: { PARLEY_VAULT_PASSPHRASE: PASSPHRASE } })
    expect(JSON.parse(list.stdout)).toEqual([])
  })

  it('the workspace remembers its file vault: sync without --vault uses it, and no message suggests browser mode', async () => {
    const file = join(ws.dir, 'token.txt')
    writeFileSync(file, mastodon.token, { mode: 0o600 })
    expect((await add(['--token-file', file])).code).toBe(0)
    // No --vault from here on; the passphrase is still needed, and asked for by name.
    const noPassphrase = await parley(['sync', '--once', '--data-dir', ws.dir])
    expect(noPassphrase.code).toBe(1)
    expect(noPassphrase.stderr).toMatch(/The file vault needs its passphrase: set PARLEY_VAULT_PASSPHRASE/)
    const synced = await parley(['sync', '--once', '--data-dir', ws.dir], { env: { PARLEY_VAULT_PASSPHRASE: PASSPHRASE } })
    expect(synced.stderr).toBe('')
    expect(synced.stdout).toMatch(/Lumen Bikes \(mastodon\) notifications: \d+ fetched/)
    expect(synced.code).toBe(0)
    for (const r of [noPassphrase, synced]) expect(`${r.stdout}${r.stderr}`).not.toMatch(/browser mode/i)
  })
})

describe('one Parley at a time on a workspace', () => {
  let ws: ReturnType<typeof tempDir>
  beforeEach(() => (ws = tempDir('parley-one-')))
  afterEach(() => ws.cleanup())

  it('a second serve, a sync, an accounts add, a restore and the approval commands are refused with the running address; the token is nowhere on disk', async () => {
    const first = await serve(ws.dir, ['--vault', 'file'])
    try {
      const address = first.url.slice(0, first.url.indexOf('?'))
      const token = new URL(first.url).searchParams.get('token')!
      const env = { PARLEY_VAULT_PASSPHRASE: PASSPHRASE }
      const attempts = [
        await parley(['serve', '--data-dir', ws.dir, '--port', '0'], { env }),
        await parley(['sync', '--once', '--data-dir', ws.dir], { env }),
        await parley(['accounts', 'add', 'feed', '--url', 'http://127.0.0.1:9/feed.xml', '--data-dir', ws.dir], { env }),
        await parley(['restore', '--latest', '--data-dir', ws.dir], { env }),
        await parley(['approvals', 'list', '--data-dir', ws.dir], { env }),
        await parley(['reply', '1', '--text', 'On our way.', '--data-dir', ws.dir], { env }),
      ]
      for (const refused of attempts) {
        expect(refused.code).toBe(1)
        expect(refused.stderr).toContain(`Parley is already running on this workspace at ${address} (process `)
        expect(refused.stderr).not.toContain(token)
        expect(refused.stderr).not.toMatch(STACK)
        expect(refused.stdout).toBe('')
      }
      const instance = join(ws.dir, 'locks', 'instance.json')
      expect(JSON.parse(readFileSync(instance, 'utf8'))).toMatchObject({ command: 'parley serve', address })
      expect(readFileSync(instance, 'utf8')).not.toContain(token)
      if (process.platform !== 'win32') expect(statSync(instance).mode & 0o777).toBe(0o600)
    } finally {
      await first.stop()
    }
    // Once it has stopped, the workspace is free again.
    expect(existsSync(join(ws.dir, 'locks', 'instance.json'))).toBe(false)
    const after = await parley(['sync', '--once', '--data-dir', ws.dir], { env: { PARLEY_VAULT_PASSPHRASE: PASSPHRASE } })
    expect(after.stdout).toMatch(/No active channel accounts to poll/)
    expect(after.code).toBe(0)
  })
})

describe('plain words instead of stack traces', () => {
  let ws: ReturnType<typeof tempDir>
  let blocker: Server | null = null
  beforeEach(() => (ws = tempDir('parley-words-')))
  afterEach(async () => {
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()))
    blocker = null
    ws.cleanup()
  })

  it('--port takes digits only', async () => {
    for (const bad of ['0x50', '1e3', '80.0', '-1', '65536', ' 80']) {
      const result = await parley(['serve', `--port=${bad}`, '--data-dir', ws.dir])
      expect(result.code, bad).toBe(2)
      expect(result.stderr).toContain(`--port must be a whole number from 0 to 65535 written in digits (0 takes a free port), not "${bad}".`)
    }
    // Nothing was opened for a refused port.
    expect(existsSync(join(ws.dir, 'parley.db'))).toBe(false)
  })

  it('a port in use is one sentence that says what to do', async () => {
    blocker = createServer()
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', () => resolve()))
    const port = (blocker.address() as { port: number }).port
    const result = await parley(['serve', '--port', String(port), '--data-dir', ws.dir])
    expect(result.code).toBe(1)
    expect(result.stderr.trim()).toBe(
      `Port ${port} on 127.0.0.1 is already in use by another program (or another Parley). Choose another with --port N, or leave --port out to take a free one.`,
    )
    expect(result.stdout).toBe('')
  })

  it('an unwritable data folder is named, with what to do, for serve and for every command', async () => {
    // A folder this user may not write: as root (in containers), run Parley as "nobody" instead.
    const asRoot = process.getuid?.() === 0
    const parent = join(ws.dir, 'locked')
    mkdirSync(parent, { mode: 0o755 })
    if (!asRoot) chmodSync(parent, 0o555)
    const dataDir = join(parent, 'workspace')
    const options = asRoot ? { uid: 65534 } : {}
    if (asRoot) chmodSync(ws.dir, 0o755)
    try {
      for (const args of [['accounts', 'list'], ['serve', '--port', '0'], ['sync', '--once'], ['demo', '--size', '1'], ['inbox', 'list']]) {
        const result = await parley([...args, '--data-dir', dataDir], options)
        expect(result.code, args.join(' ')).toBe(1)
        expect(result.stderr.trim()).toBe(
          `Parley cannot use its data folder ${dataDir}: permission denied. Give it a folder you own with --data-dir DIR (or the PARLEY_DATA_DIR environment variable), or make this one writable for your user.`,
        )
      }
    } finally {
      chmodSync(parent, 0o755)
    }
  })
})
