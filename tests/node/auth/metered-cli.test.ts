import { createServer } from 'node:net'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runCli } from '../../../src/main/hosts/cli/main'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FAKE_REDDIT_CLIENT_ID, startRedditFake, type RedditFake } from '../../../src/main/features/connectors/reddit/fake-server'
import { FAKE_X_CLIENT_ID, startXFake } from '../../../src/main/features/connectors/x/fake-server'
import { FAKE_YT_CLIENT_ID, FAKE_YT_CLIENT_SECRET, startYouTubeFake } from '../../../src/main/features/connectors/youtube/fake-server'
import { tempDir } from '../../support/workspace'

const ctx = { version: '9.9.9', rendererDir: '/nonexistent', workerEntry: '/nonexistent/worker.js' }

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('parley accounts add reddit --client-id ID --redirect-port N', () => {
  let output: string[]
  let errors: string[]
  let fake: RedditFake
  let port: number
  let dir: ReturnType<typeof tempDir>
  beforeEach(async () => {
    output = []
    errors = []
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (output.push(String(s)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (errors.push(String(s)), true))
    vi.stubEnv('PARLEY_VAULT_PASSPHRASE', 'cli reddit test passphrase')
    port = await freePort()
    fake = await startRedditFake({ redirectUri: `http://127.0.0.1:${port}/callback` })
    dir = tempDir()
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    vi.unstubAllEnvs()
    await fake.close()
    dir.cleanup()
  })

  const args = (...more: string[]) => ['accounts', 'add', 'reddit', '--client-id', FAKE_REDDIT_CLIENT_ID, '--api-base', fake.url, '--data-dir', dir.dir, '--vault', 'file', ...more]

  async function printedUrl(): Promise<string> {
    for (let i = 0; i < 300; i++) {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/api\/v1\/authorize\?\S+)/.exec(output.join(''))
      if (match) return match[1]!
      await new Promise((r) => setTimeout(r, 10))
    }
    throw new Error(`no address printed:\n${output.join('')}\n${errors.join('')}`)
  }

  it('signs in through the browser at the registered redirect (no --oauth needed: there is no other way in) and prints the account', async () => {
    const run = runCli(args('--redirect-port', String(port), '--subreddits', 'lumenbikes'), ctx)
    const url = new URL(await printedUrl())
    expect(url.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/callback`)
    const page = await (await fetch(url)).text()
    expect(page).toContain('Parley is now connected to LumenBikes (u/LumenBikes)')
    expect(await run).toBe(0)
    expect(output.join('')).toMatch(/Connected #\d+\s+reddit\s+LumenBikes \(u\/LumenBikes\)/)
  })

  it('asks for the redirect port before anything starts', async () => {
    expect(await runCli(args(), ctx)).toBe(2)
    expect(errors.join('')).toContain('needs --redirect-port')
  })
})

describe('parley accounts add youtube --client-id ID --client-secret-file F', () => {
  it('signs in through the browser with the Desktop client’s secret read from the file, never from argv', async () => {
    const output: string[] = []
    const errors: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (output.push(String(s)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (errors.push(String(s)), true))
    vi.stubEnv('PARLEY_VAULT_PASSPHRASE', 'cli youtube test passphrase')
    const fake = await startYouTubeFake()
    const dir = tempDir()
    try {
      const secretFile = join(dir.dir, 'google-secret.txt')
      writeFileSync(secretFile, `${FAKE_YT_CLIENT_SECRET}\n`)
      const run = runCli(['accounts', 'add', 'youtube', '--client-id', FAKE_YT_CLIENT_ID, '--client-secret-file', secretFile, '--api-base', fake.url, '--data-dir', dir.dir, '--vault', 'file'], ctx)
      let url: string | null = null
      for (let i = 0; i < 300 && !url; i++) {
        url = /(http:\/\/127\.0\.0\.1:\d+\/o\/oauth2\/v2\/auth\?\S+)/.exec(output.join(''))?.[1] ?? null
        if (!url) await new Promise((r) => setTimeout(r, 10))
      }
      expect(url, errors.join('')).toBeTruthy()
      expect(await (await fetch(url!)).text()).toContain('Parley is now connected to Lumen Bikes')
      expect(await run).toBe(0)
      // Google's token endpoint got the secret from the file.
      expect(new URLSearchParams(fake.requests.find((r) => r.path === '/token')!.body).get('client_secret')).toBe(FAKE_YT_CLIENT_SECRET)
    } finally {
      vi.restoreAllMocks()
      vi.unstubAllEnvs()
      await fake.close()
      dir.cleanup()
    }
  })
})

describe('parley accounts add x --client-id ID --monthly-cap N', () => {
  it('signs in through the browser at the callback registered with the app and keeps the monthly cap', async () => {
    const output: string[] = []
    const errors: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (output.push(String(s)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (errors.push(String(s)), true))
    vi.stubEnv('PARLEY_VAULT_PASSPHRASE', 'cli x test passphrase')
    const port = await freePort()
    // X refuses any callback but the registered one, port and path included.
    const fake = await startXFake({ redirectUri: `http://127.0.0.1:${port}/callback` })
    const dir = tempDir()
    try {
      const run = runCli(['accounts', 'add', 'x', '--client-id', FAKE_X_CLIENT_ID, '--monthly-cap', '500', '--redirect-port', String(port), '--api-base', fake.url, '--data-dir', dir.dir, '--vault', 'file'], ctx)
      let url: string | null = null
      for (let i = 0; i < 300 && !url; i++) {
        url = /(http:\/\/127\.0\.0\.1:\d+\/i\/oauth2\/authorize\?\S+)/.exec(output.join(''))?.[1] ?? null
        if (!url) await new Promise((r) => setTimeout(r, 10))
      }
      expect(url, errors.join('')).toBeTruthy()
      expect(new URL(url!).searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/callback`)
      expect(await (await fetch(url!)).text()).toContain('Parley is now connected to Lumen Bikes')
      expect(await run).toBe(0)
      expect(output.join('')).toMatch(/Connected #\d+\s+x\s+Lumen Bikes \(@lumenbikes\)/)
      const listed = output.length
      expect(await runCli(['accounts', 'list', '--json', '--data-dir', dir.dir, '--vault', 'file'], ctx)).toBe(0)
      const [account] = JSON.parse(output.slice(listed).join('')) as { platform: string; health: { budget?: { limit: number; period: string } | null } | null }[]
      expect(account).toMatchObject({ platform: 'x', health: { budget: { limit: 500, period: 'month' } } })
    } finally {
      vi.restoreAllMocks()
      vi.unstubAllEnvs()
      await fake.close()
      dir.cleanup()
    }
  })
})
