import { afterEach, describe, expect, it } from 'vitest'
import { facebookConnector } from '../../../src/main/features/connectors/facebook'
import { instagramConnector } from '../../../src/main/features/connectors/instagram'
import { startMetaFake } from '../../../src/main/features/connectors/meta/fake-server'
import type { EventName, EventPayload } from '../../../src/shared/contract'
import { MemoryVault, syncWorkspace } from '../../support/sync-workspace'
import { typed } from '../../support/workspace'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** Facebook Login through the app's own sign-in machinery: PKCE, the loopback redirect, then the Page picked. */
describe('Facebook Login with PKCE through the loopback redirect', () => {
  it.each(['facebook', 'instagram'] as const)('connects a %s account end to end, its Page token in the vault', async (platform) => {
    const fake = await startMetaFake()
    const vault = new MemoryVault()
    const ws = syncWorkspace({ connectors: [facebookConnector, instagramConnector], vault })
    cleanups.push(async () => fake.close(), async () => ws.cleanup())
    const events: { name: EventName; payload: unknown }[] = []
    ws.subscribe((name, payload) => events.push({ name, payload }))
    const call = typed(ws)

    const begun = await call('accounts.beginOAuth', { platform, fields: { appId: fake.appId, appSecret: fake.appSecret, page: 'Lumen Bikes', apiBase: fake.url } })
    if (!begun.ok) throw new Error(begun.error.message)
    const authorize = new URL(begun.value.authorizeUrl)
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${fake.url}/v21.0/dialog/oauth`)
    expect(authorize.searchParams.get('redirect_uri')).toBe(begun.value.redirectUri)
    expect(authorize.searchParams.get('scope')!.split(',')).toEqual(expect.arrayContaining(['pages_messaging', 'instagram_manage_messages']))

    // The fake consents at once and redirects to the loopback listener; fetch follows both hops.
    const landing = await fetch(begun.value.authorizeUrl)
    expect(landing.status).toBe(200)
    expect(await landing.text()).toContain('You can close this tab and return to Parley')
    const exchange = fake.requests.find((r) => r.path.endsWith('/oauth/access_token') && r.query.has('code'))!
    expect(exchange.query.get('redirect_uri')).toBe(begun.value.redirectUri)
    expect(exchange.query.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/)
    expect(fake.requests.some((r) => r.query.get('grant_type') === 'fb_exchange_token')).toBe(true)

    const done = events.filter((e) => e.name === 'accounts.oauthFinished').map((e) => e.payload as EventPayload<'accounts.oauthFinished'>)
    expect(done).toEqual([expect.objectContaining({ error: null, account: expect.objectContaining({ platform, displayName: 'Lumen Bikes', handle: '@lumenbikes' }) })])
    const stored = [...vault.entries].filter(([name]) => name.endsWith('/pageToken')).map(([, value]) => value)
    expect(stored).toEqual([fake.state.pages.get(fake.cast.pageId)!.token])
    expect([...vault.entries.values()]).toContain(fake.appSecret)
  })
})
