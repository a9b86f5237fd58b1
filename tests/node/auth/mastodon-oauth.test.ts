import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { challengeS256 } from '../../../src/main/features/auth/pkce'
import { exchangeCode, OAuthError } from '../../../src/main/features/auth/oauth-client'
import { blueskyConnector } from '../../../src/main/features/connectors/bluesky/connector'
import { createHttpClient } from '../../../src/main/base/http'
import { mastodonConnector } from '../../../src/main/features/connectors/mastodon'
import { startMastodonFake, type MastodonFakeOptions } from '../../../src/main/features/connectors/mastodon/fake-server'
import { MASTODON_SCOPES } from '../../../src/main/features/connectors/mastodon/oauth'
import { sendJson } from '../../../src/main/features/connectors/testing/fake-http'
import type { EventName, EventPayload } from '../../../src/shared/contract'
import { MemoryVault, syncWorkspace } from '../../support/sync-workspace'
import { typed } from '../../support/workspace'

const http = createHttpClient('Parley-test')
const MINUTE = 60_000

type Ws = ReturnType<typeof syncWorkspace>
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** A fake instance whose clock the test moves (codes age on it) and a workspace with an in-memory vault. */
async function setup(options: MastodonFakeOptions = {}) {
  const clock = { t: Date.now() }
  const fake = await startMastodonFake({ now: () => clock.t, ...options })
  const vault = new MemoryVault()
  const ws: Ws = syncWorkspace({ connectors: [mastodonConnector, blueskyConnector], vault })
  // What removal records when revoking fails goes to the log (console.warn by default).
  const log = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  cleanups.push(async () => fake.close(), async () => ws.cleanup(), async () => log.mockRestore())
  const events: { name: EventName; payload: unknown }[] = []
  ws.subscribe((name, payload) => events.push({ name, payload }))
  const finished = (flowId: string) =>
    events.filter((e) => e.name === 'accounts.oauthFinished').map((e) => e.payload as EventPayload<'accounts.oauthFinished'>).filter((p) => p.flowId === flowId)
  const call = typed(ws)
  const begin = async (fields: Record<string, string> = { instance: fake.url }) => {
    const result = await call('accounts.beginOAuth', { platform: 'mastodon', fields })
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  }
  const count = (sql: string): number => (ws.core.db.prepare(sql).get() as { n: number }).n
  return { clock, fake, vault, ws, events, finished, call, begin, count, log }
}

/** Follows the authorize URL only as far as the fake's redirect: the loopback callback with code and state. */
async function approve(authorizeUrl: string): Promise<URL> {
  const response = await fetch(authorizeUrl, { redirect: 'manual' })
  expect(response.status).toBe(302)
  return new URL(response.headers.get('location')!)
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(true))
  })
}

const dbBytes = (ws: Ws): string =>
  ['parley.db', 'parley.db-wal']
    .map((f) => {
      try {
        return readFileSync(join(ws.dir, f)).toString('latin1')
      } catch {
        return ''
      }
    })
    .join('')

describe('Mastodon sign-in with PKCE through the loopback redirect', () => {
  it('connects end to end: discovery, registration, consent, callback, exchange, verify, store', async () => {
    const s = await setup()
    const flow = await s.begin()
    expect(flow.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(flow.expiresAt).toBeGreaterThanOrEqual(s.ws.clock.now() + 10 * MINUTE - 1000)
    const authorize = new URL(flow.authorizeUrl)
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${s.fake.url}/oauth/authorize`)
    const app = s.fake.oauth.apps[0]!
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: flow.redirectUri,
      scope: MASTODON_SCOPES,
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      code_challenge_method: 'S256',
    })
    expect(app).toMatchObject({ name: 'Parley', scopes: MASTODON_SCOPES.split(' '), redirectUris: [flow.redirectUri] })

    // The fake approves at once and redirects to the loopback listener; fetch follows both hops.
    const landing = await fetch(flow.authorizeUrl)
    expect(landing.url.startsWith(`${flow.redirectUri}?`)).toBe(true)
    expect(landing.status).toBe(200)
    const page = await landing.text()
    expect(page).toContain('You can close this tab and return to Parley')
    expect(page).toContain('Parley is now connected to Lumen Bikes')

    // The exchange carried the client credentials, the exact redirect URI and the verifier of the challenge.
    const tokenRequest = s.fake.requests.find((r) => r.path === '/oauth/token')!
    const form = new URLSearchParams(tokenRequest.body)
    expect(form.get('grant_type')).toBe('authorization_code')
    expect(form.get('client_id')).toBe(app.clientId)
    expect(form.get('client_secret')).toBe(app.clientSecret)
    expect(form.get('redirect_uri')).toBe(flow.redirectUri)
    expect(challengeS256(form.get('code_verifier')!)).toBe(authorize.searchParams.get('code_challenge'))

    const [done] = s.finished(flow.flowId)
    expect(done).toMatchObject({ error: null, account: { platform: 'mastodon', displayName: 'Lumen Bikes', status: 'active' } })
    const accountEvent = s.events.findIndex((e) => e.name === 'accounts.changed')
    const finishedEvent = s.events.findIndex((e) => e.name === 'accounts.oauthFinished')
    expect(accountEvent).toBeGreaterThanOrEqual(0)
    expect(accountEvent).toBeLessThan(finishedEvent)

    // Token and client credentials in the vault under the account's uid; nothing secret in SQLite.
    const issued = s.fake.oauth.issued[0]!
    const values = Object.fromEntries([...s.vault.entries].map(([k, v]) => [k.split('/')[1], v]))
    expect(values).toEqual({ accessToken: issued.token, clientId: app.clientId, clientSecret: app.clientSecret })
    const record = s.ws.core.stores.accounts.get(done!.account!.id)!
    expect(record.secretNames.sort()).toEqual(['accessToken', 'clientId', 'clientSecret'])
    expect(record.settings).toMatchObject({ auth: 'oauth', scope: MASTODON_SCOPES, accountId: s.fake.brand.id })

    // The token works for polling like a pasted one, and never lands in the database.
    const polled = await s.ws.core.sync.runDue()
    expect(polled.map((o) => o.error)).toEqual([null, null])
    expect(s.count('SELECT count(*) AS n FROM messages')).toBeGreaterThan(0)
    const bytes = dbBytes(s.ws)
    for (const secret of [issued.token, app.clientSecret]) expect(bytes).not.toContain(secret)
    // One-shot: the listener is gone.
    expect(await refused(Number(new URL(flow.redirectUri).port))).toBe(true)
  })

  it('refuses a callback with the wrong state: no exchange, nothing stored', async () => {
    const s = await setup()
    const flow = await s.begin()
    const callback = await approve(flow.authorizeUrl)
    callback.searchParams.set('state', 'forged-state-forged-state-forged-state-abcd')
    const response = await fetch(callback)
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('does not belong to the sign-in Parley started')
    expect(s.fake.requests.some((r) => r.path === '/oauth/token')).toBe(false)
    expect(s.finished(flow.flowId)).toEqual([{ flowId: flow.flowId, account: null, error: expect.stringContaining('Nothing was connected') }])
    expect(s.count('SELECT count(*) AS n FROM channel_accounts')).toBe(0)
    expect(s.vault.entries.size).toBe(0)
  })

  it('refuses an expired code (invalid_grant) in plain words and stores nothing', async () => {
    const s = await setup()
    const flow = await s.begin()
    const callback = await approve(flow.authorizeUrl)
    s.clock.t += 11 * MINUTE
    const response = await fetch(callback)
    expect(response.status).toBe(400)
    const page = await response.text()
    expect(page).toContain('its one-time code had expired or was already used')
    const [done] = s.finished(flow.flowId)
    expect(done).toEqual({ flowId: flow.flowId, account: null, error: expect.stringMatching(/expired or was already used.*start the sign-in again/) })
    expect(done!.error).not.toMatch(/invalid_grant/)
    expect(s.count('SELECT count(*) AS n FROM channel_accounts')).toBe(0)
    expect(s.vault.entries.size).toBe(0)
    expect(s.fake.oauth.issued).toHaveLength(0)
  })

  it('refuses a code used twice', async () => {
    const s = await setup()
    const first = await s.begin()
    const firstCallback = await approve(first.authorizeUrl)
    const code = firstCallback.searchParams.get('code')!
    expect((await fetch(firstCallback)).status).toBe(200)
    expect(s.count('SELECT count(*) AS n FROM channel_accounts')).toBe(1)

    // The fake itself: the same code, the same verifier-less replay, is invalid_grant.
    const app = s.fake.oauth.apps[0]!
    const replay = exchangeCode(http, {
      tokenEndpoint: `${s.fake.url}/oauth/token`,
      client: { clientId: app.clientId, clientSecret: app.clientSecret },
      code,
      redirectUri: first.redirectUri,
      codeVerifier: 'x'.repeat(43),
    })
    await expect(replay).rejects.toMatchObject({ name: 'OAuthError', error: 'invalid_grant', status: 400 })

    // A second sign-in handed the first one's code: refused, nothing new stored, no token issued.
    const second = await s.begin()
    const secondCallback = new URL(second.redirectUri)
    secondCallback.searchParams.set('code', code)
    secondCallback.searchParams.set('state', new URL(second.authorizeUrl).searchParams.get('state')!)
    const response = await fetch(secondCallback)
    expect(response.status).toBe(400)
    expect(s.finished(second.flowId)[0]!.error).toMatch(/expired or was already used/)
    expect(s.fake.oauth.issued).toHaveLength(1)
    expect(s.count('SELECT count(*) AS n FROM channel_accounts')).toBe(1)
    // Parley registered itself once for the instance: the second flow reused it on its own port.
    expect(s.fake.requests.filter((r) => r.path === '/api/v1/apps')).toHaveLength(1)
  })

  it('reports a refusal at the consent page and stores nothing', async () => {
    const s = await setup({ oauth: { consent: 'deny' } })
    const flow = await s.begin()
    const page = await (await fetch(flow.authorizeUrl)).text()
    expect(page).toContain('You chose not to let Parley use the account')
    expect(s.finished(flow.flowId)).toEqual([{ flowId: flow.flowId, account: null, error: expect.stringContaining('nothing was connected') }])
    expect(s.vault.entries.size).toBe(0)
  })

  it('explains that an instance older than 4.3 needs the token form, before registering anything', async () => {
    const s = await setup({ oauth: { discovery: false } })
    const result = await s.call('accounts.beginOAuth', { platform: 'mastodon', fields: { instance: s.fake.url } })
    expect(result).toEqual({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/runs Mastodon 4\.2\.10.*4\.3 or newer.*access token/) } })
    expect(s.fake.oauth.apps).toHaveLength(0)
    expect(s.events.filter((e) => e.name === 'accounts.oauthFinished')).toEqual([])
  })

  it('says so when the address is not a Mastodon server, and refuses other platforms', async () => {
    const s = await setup()
    const missing = await s.call('accounts.beginOAuth', { platform: 'mastodon', fields: {} })
    expect(missing).toMatchObject({ ok: false, error: { code: 'bad_input', message: 'Enter the Mastodon instance address.' } })
    const unreachable = await s.call('accounts.beginOAuth', { platform: 'mastodon', fields: { instance: 'http://127.0.0.1:9' } })
    expect(unreachable).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('Could not reach the Mastodon server 127.0.0.1:9') } })
    const bluesky = await s.call('accounts.beginOAuth', { platform: 'bluesky', fields: {} })
    expect(bluesky).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringContaining('cannot sign in to Bluesky through the browser') } })
  })

  it('cancels a waiting sign-in: the listener closes and the flow ends as cancelled', async () => {
    const s = await setup()
    const flow = await s.begin()
    expect(await s.call('accounts.cancelOAuth', { flowId: flow.flowId })).toEqual({ ok: true, value: { cancelled: true } })
    expect(await refused(Number(new URL(flow.redirectUri).port))).toBe(true)
    expect(s.finished(flow.flowId)).toEqual([{ flowId: flow.flowId, account: null, error: expect.stringContaining('cancelled') }])
    expect(await s.call('accounts.cancelOAuth', { flowId: flow.flowId })).toEqual({ ok: true, value: { cancelled: false } })
  })

  it('closes waiting listeners when the core closes', async () => {
    const s = await setup()
    const flow = await s.begin()
    await s.ws.core.accounts.dispose()
    expect(await refused(Number(new URL(flow.redirectUri).port))).toBe(true)
  })

  it('refuses to connect an account twice without breaking it when Mastodon hands back the same token', async () => {
    const s = await setup()
    const first = await s.begin()
    await fetch(first.authorizeUrl)
    const again = await s.begin()
    const page = await (await fetch(again.authorizeUrl)).text()
    expect(page).toContain('is already connected')
    expect(s.finished(again.flowId)[0]!.error).toMatch(/Lumen Bikes .* is already connected/)
    // reuse_access_token: the second exchange answered the token the account already uses; it must stay valid.
    expect(s.fake.oauth.issued).toHaveLength(1)
    expect(s.fake.requests.some((r) => r.path === '/oauth/revoke')).toBe(false)
    expect(s.fake.accepts(s.fake.oauth.issued[0]!.token)).toBe(true)
    expect((await s.ws.core.sync.runDue()).map((o) => o.error)).toEqual([null, null])
  })

  it('revokes a new token it will not keep', async () => {
    const s = await setup({ oauth: { reuseAccessToken: false } })
    await fetch((await s.begin()).authorizeUrl)
    const again = await s.begin()
    await fetch(again.authorizeUrl)
    expect(s.finished(again.flowId)[0]!.error).toMatch(/already connected/)
    const [kept, discarded] = s.fake.oauth.issued
    expect(kept!.revoked).toBe(false)
    expect(discarded!.revoked).toBe(true)
    expect(s.fake.accepts(discarded!.token)).toBe(false)
  })

  it('revokes the token at the instance when the account is removed, then deletes its secrets', async () => {
    const s = await setup()
    const flow = await s.begin()
    await fetch(flow.authorizeUrl)
    const account = s.finished(flow.flowId)[0]!.account!
    const token = s.fake.oauth.issued[0]!.token
    expect(s.fake.accepts(token)).toBe(true)

    const removed = await s.call('accounts.remove', { id: account.id, deleteData: false })
    expect(removed).toEqual({ ok: true, value: { id: account.id, secretsRemoved: true, dataRemoved: false } })
    const revoke = s.fake.requests.filter((r) => r.path === '/oauth/revoke')
    expect(revoke).toHaveLength(1)
    expect(new URLSearchParams(revoke[0]!.body).get('token')).toBe(token)
    expect(s.fake.oauth.issued[0]!.revoked).toBe(true)
    const verify = await fetch(`${s.fake.url}/api/v1/accounts/verify_credentials`, { headers: { Authorization: `Bearer ${token}` } })
    expect(verify.status).toBe(401)
    expect(s.vault.entries.size).toBe(0)
    expect(s.ws.core.stores.accounts.get(account.id)!.statusMessage).toBe('Removed; its conversations are kept.')
    expect(s.log).not.toHaveBeenCalled()
  })

  it('removes the account even when revoking fails, and says so without the token', async () => {
    const s = await setup()
    const flow = await s.begin()
    await fetch(flow.authorizeUrl)
    const account = s.finished(flow.flowId)[0]!.account!
    const token = s.fake.oauth.issued[0]!.token
    s.fake.inject((r) => r.path === '/oauth/revoke', (_req, res) => sendJson(res, 503, { error: 'Service Unavailable' }))

    const removed = await s.call('accounts.remove', { id: account.id, deleteData: false })
    expect(removed).toMatchObject({ ok: true, value: { secretsRemoved: true } })
    expect(s.vault.entries.size).toBe(0)
    const message = s.ws.core.stores.accounts.get(account.id)!.statusMessage!
    expect(message).toMatch(/could not withdraw its access .* answered 503\. You can withdraw Parley's access yourself .* Authorized apps/)
    expect(s.log).toHaveBeenCalledTimes(1)
    const logged = String(s.log.mock.calls[0]![0])
    expect(logged).toContain('could not withdraw')
    for (const secret of [token, s.fake.oauth.apps[0]!.clientSecret]) {
      expect(logged).not.toContain(secret)
      expect(message).not.toContain(secret)
    }
    // The token is still valid at the instance: the message told the person where to withdraw it.
    expect(s.fake.accepts(token)).toBe(true)
  })

  it('does not try to revoke a pasted token (no client credentials)', async () => {
    const s = await setup()
    const account = await s.ws.core.accounts.add('mastodon', { instance: s.fake.url, token: s.fake.token })
    const removed = await s.call('accounts.remove', { id: account.id, deleteData: true })
    expect(removed).toMatchObject({ ok: true, value: { secretsRemoved: true, dataRemoved: true } })
    expect(s.fake.requests.some((r) => r.path === '/oauth/revoke')).toBe(false)
    expect(s.fake.accepts(s.fake.token)).toBe(true)
    expect(s.vault.entries.size).toBe(0)
  })

  it('the fake checks the verifier, the client and the redirect URI', async () => {
    const s = await setup()
    const flow = await s.begin()
    const callback = await approve(flow.authorizeUrl)
    const code = callback.searchParams.get('code')!
    const app = s.fake.oauth.apps[0]!
    const base = { tokenEndpoint: `${s.fake.url}/oauth/token`, code, redirectUri: flow.redirectUri, codeVerifier: 'w'.repeat(43) }
    const failure = async (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as OAuthError)
    expect(await failure(exchangeCode(http, { ...base, client: { clientId: app.clientId, clientSecret: 'wrong' } }))).toMatchObject({ error: 'invalid_client', status: 401 })
    expect(await failure(exchangeCode(http, { ...base, client: { clientId: app.clientId, clientSecret: app.clientSecret } }))).toMatchObject({ error: 'invalid_grant' })
    // Still unused after the failed attempts: the real callback then succeeds.
    expect((await fetch(callback)).status).toBe(200)
  })
})
