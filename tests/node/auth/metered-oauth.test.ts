import { createServer } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { challengeS256 } from '../../../src/main/features/auth/pkce'
import { xConnector } from '../../../src/main/features/connectors/x'
import { FAKE_X_CLIENT_ID, startXFake } from '../../../src/main/features/connectors/x/fake-server'
import { youtubeConnector } from '../../../src/main/features/connectors/youtube'
import { FAKE_YT_CLIENT_ID, FAKE_YT_CLIENT_SECRET, startYouTubeFake } from '../../../src/main/features/connectors/youtube/fake-server'
import type { FakeOAuth2 } from '../../../src/main/features/connectors/testing/fake-oauth2'
import type { RecordedRequest } from '../../../src/main/features/connectors/testing/fake-http'
import type { EventName, EventPayload, Platform } from '../../../src/shared/contract'
import { MemoryVault, syncWorkspace } from '../../support/sync-workspace'
import { typed } from '../../support/workspace'

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Sign-in with the person's own OAuth client, through Parley's loopback flow (accounts.beginOAuth), against each fake. */
interface Case {
  platform: Platform
  start(): Promise<{ url: string; oauth: FakeOAuth2; requests: RecordedRequest[]; close(): Promise<void>; fields(url: string): Record<string, string>; tokenPath: string; secretNames: string[] }>
}

const cases: Case[] = [
  {
    platform: 'youtube',
    async start() {
      const f = await startYouTubeFake()
      return {
        url: f.url,
        oauth: f.oauth,
        requests: f.requests,
        close: () => f.close(),
        fields: (url) => ({ clientId: FAKE_YT_CLIENT_ID, clientSecret: FAKE_YT_CLIENT_SECRET, apiBase: url }),
        tokenPath: '/token',
        secretNames: ['accessExpiresAt', 'accessToken', 'clientId', 'clientSecret', 'refreshToken'],
      }
    },
  },
  {
    platform: 'x',
    async start() {
      // X accepts only the callback registered with the app, port and path exactly: the fake is told which one, Parley gets its port.
      const port = await freePort()
      const f = await startXFake({ redirectUri: `http://127.0.0.1:${port}/callback` })
      return {
        url: f.url,
        oauth: f.oauth,
        requests: f.requests,
        close: () => f.close(),
        fields: (url) => ({ clientId: FAKE_X_CLIENT_ID, apiBase: url, monthlyCap: '3000', redirectPort: String(port) }),
        tokenPath: '/2/oauth2/token',
        secretNames: ['accessExpiresAt', 'accessToken', 'clientId', 'refreshToken'],
      }
    },
  },
]

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

describe.each(cases)('$platform sign-in through the loopback redirect', ({ platform, start }) => {
  async function setup() {
    const fake = await start()
    const vault = new MemoryVault()
    const ws = syncWorkspace({ connectors: [youtubeConnector, xConnector], vault })
    const log = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    cleanups.push(() => fake.close(), () => ws.cleanup(), async () => log.mockRestore())
    const events: { name: EventName; payload: unknown }[] = []
    ws.subscribe((name, payload) => events.push({ name, payload }))
    const finished = (flowId: string) =>
      events.filter((e) => e.name === 'accounts.oauthFinished').map((e) => e.payload as EventPayload<'accounts.oauthFinished'>).filter((p) => p.flowId === flowId)
    const call = typed(ws)
    const begin = async () => {
      const result = await call('accounts.beginOAuth', { platform, fields: fake.fields(fake.url) })
      if (!result.ok) throw new Error(result.error.message)
      return result.value
    }
    return { fake, vault, ws, begin, finished }
  }

  it('connects with PKCE and the person’s own client id, stores tokens in the vault only, and polls', async () => {
    const s = await setup()
    const flow = await s.begin()
    const authorize = new URL(flow.authorizeUrl)
    expect(authorize.searchParams.get('redirect_uri')).toBe(flow.redirectUri)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    // The fake approves at once and redirects to Parley's loopback listener; fetch follows both hops.
    const landing = await fetch(flow.authorizeUrl)
    expect(landing.url.startsWith(`${flow.redirectUri}?`)).toBe(true)
    expect(await landing.text()).toContain('You can close this tab and return to Parley')
    const form = new URLSearchParams(s.fake.requests.find((r) => r.path === s.fake.tokenPath)!.body)
    expect(challengeS256(form.get('code_verifier')!)).toBe(authorize.searchParams.get('code_challenge'))
    const [done] = s.finished(flow.flowId)
    expect(done).toMatchObject({ error: null, account: { platform, displayName: 'Lumen Bikes', status: 'active' } })
    const record = s.ws.core.stores.accounts.get(done!.account!.id)!
    expect(record.secretNames.sort()).toEqual(s.fake.secretNames)
    expect(JSON.stringify(record.settings)).not.toMatch(/at-|rt-/)
    const polled = await s.ws.core.sync.runDue()
    expect(polled.length).toBeGreaterThan(1)
    expect(polled.map((o) => o.error)).toEqual(polled.map(() => null))
  })

  it('listens where the platform expects: X at the registered callback port (65011 unless another is given), YouTube on any free port', () => {
    if (platform === 'x') {
      expect(xConnector.oauth!.redirectPort!({ clientId: FAKE_X_CLIENT_ID })).toBe(65011)
      expect(xConnector.oauth!.redirectPort!({ clientId: FAKE_X_CLIENT_ID, redirectPort: '50123' })).toBe(50123)
      expect(() => xConnector.oauth!.redirectPort!({ clientId: FAKE_X_CLIENT_ID, redirectPort: 'eighty' })).toThrow(/whole number from 1024 to 65535/)
    } else {
      expect(youtubeConnector.oauth!.redirectPort).toBeUndefined()
    }
  })

  it('stores nothing when the person refuses at the platform', async () => {
    const s = await setup()
    s.fake.oauth.controls.consent = 'deny'
    const flow = await s.begin()
    await fetch(flow.authorizeUrl)
    const [done] = s.finished(flow.flowId)
    expect(done).toMatchObject({ account: null, error: expect.any(String) })
    expect(s.ws.core.stores.accounts.list()).toEqual([])
    expect(s.vault.entries.size).toBe(0)
  })
})
