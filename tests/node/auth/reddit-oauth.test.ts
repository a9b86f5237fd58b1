import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { redditConnector } from '../../../src/main/features/connectors/reddit'
import { FAKE_REDDIT_CLIENT_ID, REDDIT_BRAND, startRedditFake } from '../../../src/main/features/connectors/reddit/fake-server'
import type { EventName, EventPayload } from '../../../src/shared/contract'
import { MemoryVault, syncWorkspace } from '../../support/sync-workspace'
import { typed } from '../../support/workspace'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A port nobody listens on right now (the OS picks it), for the redirect the test "registers". */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

async function setup() {
  const port = await freePort()
  const redirect = `http://127.0.0.1:${port}/callback`
  const fake = await startRedditFake({ redirectUri: redirect })
  const vault = new MemoryVault()
  const ws = syncWorkspace({ connectors: [redditConnector], vault })
  const log = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  cleanups.push(() => fake.close(), () => ws.cleanup(), async () => log.mockRestore())
  const events: { name: EventName; payload: unknown }[] = []
  ws.subscribe((name, payload) => events.push({ name, payload }))
  const finished = (flowId: string) =>
    events.filter((e) => e.name === 'accounts.oauthFinished').map((e) => e.payload as EventPayload<'accounts.oauthFinished'>).filter((p) => p.flowId === flowId)
  const call = typed(ws)
  const fields = { clientId: FAKE_REDDIT_CLIENT_ID, redirectPort: String(port), subreddits: 'lumenbikes', apiBase: fake.url }
  return { port, redirect, fake, vault, ws, call, fields, finished }
}

describe('Reddit sign-in through the registered loopback redirect', () => {
  it('listens at exactly the registered port, connects, keeps tokens in the vault and polls', async () => {
    const s = await setup()
    const begun = await s.call('accounts.beginOAuth', { platform: 'reddit', fields: s.fields })
    if (!begun.ok) throw new Error(begun.error.message)
    expect(begun.value.redirectUri).toBe(s.redirect)
    const landing = await fetch(begun.value.authorizeUrl)
    expect(landing.url.startsWith(`${s.redirect}?`)).toBe(true)
    const [done] = s.finished(begun.value.flowId)
    expect(done).toMatchObject({ error: null, account: { platform: 'reddit', handle: `u/${REDDIT_BRAND}`, status: 'active' } })
    const record = s.ws.core.stores.accounts.get(done!.account!.id)!
    expect(record.secretNames.sort()).toEqual(['accessExpiresAt', 'accessToken', 'clientId', 'refreshToken'])
    expect(JSON.stringify(record.settings)).not.toMatch(/at-|rt-/)
    const polled = await s.ws.core.sync.runDue()
    expect(polled.length).toBe(3)
    expect(polled.map((o) => o.error)).toEqual([null, null, null])
  })

  it('says plainly when another program holds the registered port, and starts nothing', async () => {
    const s = await setup()
    const squatter: Server = createServer()
    await new Promise<void>((resolve) => squatter.listen(s.port, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => squatter.close(() => resolve())))
    const begun = await s.call('accounts.beginOAuth', { platform: 'reddit', fields: s.fields })
    expect(begun.ok).toBe(false)
    if (begun.ok) return
    expect(begun.error.message).toMatch(new RegExp(`Port ${s.port} on this computer is taken by another program`))
    expect(s.ws.core.stores.accounts.list()).toEqual([])
  })

  it('asks for the redirect port before starting anything', async () => {
    const s = await setup()
    const begun = await s.call('accounts.beginOAuth', { platform: 'reddit', fields: { ...s.fields, redirectPort: '' } })
    expect(begun.ok).toBe(false)
    if (begun.ok) return
    expect(begun.error.message).toMatch(/port of the redirect URI you registered/)
  })
})
