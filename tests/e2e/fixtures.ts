import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startMastodonFake, type MastodonFake, type MastodonFakeOptions } from '../../src/main/features/connectors/mastodon/fake-server'
import { signIn } from '../support/serve-session'

export interface ParleyServer {
  /** A one-time address for the test's page (opening it again in the same browser context is fine). */
  url: string
  origin: string
  /** A session of this server, for API calls as `Authorization: Bearer …`. */
  token: string
  /** A fresh one-time address, for a second browser context. */
  newAddress(): Promise<string>
  dataDir: string
  process: ChildProcess
  /** What the serve process wrote to stderr so far (its log), to print when a test fails. */
  log(): string
}

/** The passphrase the fixtures give the first-run admin "Me", as a person would on the first-run screen. */
export const ADMIN_PASSPHRASE = 'e2e-admin-passphrase'

/**
 * Starts `parley serve` in its own data folder and waits for its ready line, never a sleep.
 * Unless `firstRun` is asked for, it then acts as the first-run step does: sets the admin's
 * passphrase, which unlocks the admin for this serve process (a restart locks it again).
 */
export async function startParley(args: string[], dataDir: string, env: Record<string, string> = {}, options: { firstRun?: boolean } = {}): Promise<ParleyServer> {
  const child = spawn(process.execPath, ['bin/parley.mjs', 'serve', '--port', '0', '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PARLEY_DATA_DIR: '', ...env },
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    const timer = setTimeout(() => reject(new Error(`parley serve did not become ready:\n${stderr}`)), 60_000)
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString()
      const match = /Parley is ready at (\S+)/.exec(stdout)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`parley serve exited with ${code}:\n${stderr}`))
    })
  })
  // The printed address opens Parley once: the harness takes that session for its API calls and asks for another address for the page.
  const session = await signIn(url)
  const server: ParleyServer = { url: await session.newAddress(), origin: session.origin, token: session.token, newAddress: session.newAddress, dataDir, process: child, log: () => stderr }
  if (!options.firstRun) await claimAdmin(server)
  return server
}

/** The first-run step over the HTTP API: the admin's passphrase, set once per data folder. */
async function claimAdmin(server: ParleyServer): Promise<void> {
  const call = async (op: string, data: unknown): Promise<{ ok: boolean; value: { id: number; hasPassphrase: boolean } }> => {
    const res = await fetch(`${server.origin}/api/call/${op}`, {
      method: 'POST',
      body: JSON.stringify(data),
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    })
    return (await res.json()) as { ok: boolean; value: { id: number; hasPassphrase: boolean } }
  }
  const me = (await call('profiles.current', {})).value
  const done = me.hasPassphrase
    ? await call('profiles.unlock', { passphrase: ADMIN_PASSPHRASE })
    : await call('profiles.setPassphrase', { profileId: me.id, passphrase: ADMIN_PASSPHRASE })
  if (!done.ok) throw new Error('the e2e admin could not be unlocked')
}

export async function stopParley(server: ParleyServer): Promise<number | null> {
  if (server.process.exitCode !== null) return server.process.exitCode
  const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)))
  server.process.kill('SIGTERM')
  return exited
}

export const test = base.extend<{ parley: ParleyServer }>({
  // eslint-disable-next-line no-empty-pattern
  parley: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'))
    const server = await startParley(['--demo'], dataDir)
    await use(server)
    await stopParley(server)
    rmSync(dataDir, { recursive: true, force: true })
  },
})

/**
 * Registers a fresh Mastodon fake and `parley serve` for each test of the enclosing describe. The
 * encrypted file vault stands in for a desktop keychain in this headless run.
 */
export function useMastodonWorkspace(options: MastodonFakeOptions = {}): { fake: MastodonFake; parley: ParleyServer } {
  const ws = {} as { fake: MastodonFake; parley: ParleyServer }
  let dataDir = ''
  test.beforeEach(async () => {
    ws.fake = await startMastodonFake(options)
    dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-ws-'))
    ws.parley = await startParley(['--vault', 'file'], dataDir, { PARLEY_VAULT_PASSPHRASE: 'e2e passphrase' })
  })
  test.afterEach(async () => {
    await stopParley(ws.parley)
    await ws.fake.close()
    rmSync(dataDir, { recursive: true, force: true })
  })
  return ws
}

/** Opens Parley on its first-run screen and connects the fake's brand account with its token; returns the account's id. */
export async function connectMastodon(page: Page, ws: { fake: MastodonFake; parley: ParleyServer }): Promise<number> {
  await page.goto(ws.parley.url)
  await page.getByRole('button', { name: /Connect a channel/ }).click()
  await page.getByTestId('platform-mastodon').click()
  await page.getByTestId('field-instance').fill(ws.fake.url)
  await page.getByTestId('field-token').fill(ws.fake.token)
  await page.getByTestId('connect-submit').click()
  const card = page.getByTestId('account-card').filter({ hasText: 'lumenbikes' })
  await expect(card).toBeVisible()
  return Number(await card.getAttribute('data-account-id'))
}

/** One operation through browser mode's HTTP API, as the page's transport sends it; fails the test on an error reply. */
export async function callApi<T>(request: APIRequestContext, server: ParleyServer, op: string, data: unknown): Promise<T> {
  const res = await request.post(`${server.origin}/api/call/${op}`, { data, headers: { Authorization: `Bearer ${server.token}` } })
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } }
  expect(body.ok, body.error?.message).toBe(true)
  return body.value
}

export { expect }
