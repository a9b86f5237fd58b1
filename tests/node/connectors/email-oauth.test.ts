import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runCli } from '../../../src/main/hosts/cli/main'
import { createPkce } from '../../../src/main/features/auth/pkce'
import { emailConnector } from '../../../src/main/features/connectors/email'
import { createFakeOAuth2, type FakeOAuth2 } from '../../../src/main/features/connectors/testing/fake-oauth2'
import { sendJson, startFakeServer, type FakeServer } from '../../../src/main/features/connectors/testing/fake-http'
import { ParleyError } from '../../../src/shared/contract'
import { openApprovalCore } from '../../support/approval-workspace'
import { mailFromCustomer } from '../../support/mail-clients'
import { startMailServers, type MailServers } from '../../support/mail-servers'
import { approve, testHttp as http } from '../../support/metered'
import { tempDir } from '../../support/workspace'

/**
 * XOAUTH2 against a real Dovecot (oauth2 passdb) and Postfix (submission through Dovecot's SASL):
 * a loopback authorization server issues the tokens and answers Dovecot's introspection, so the
 * token Parley got through the PKCE sign-in is what logs in to IMAP and SMTP.
 */
const CLIENT_ID = 'parley-mail-test.apps.example'
const CLIENT_SECRET = 'desktop-secret-1'
const REDIRECT = 'http://127.0.0.1:53682/callback'
const USER = 'support@brand.test'

let now = Date.now()
let oauth: FakeOAuth2
let authServer: FakeServer
let servers: MailServers
beforeAll(async () => {
  oauth = createFakeOAuth2({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, rotateRefreshTokens: false, accessTtlSeconds: 3600, now: () => now })
  authServer = await startFakeServer((req, res) => {
    if (req.path === '/authorize') return oauth.authorize(req, res)
    if (req.path === '/token') return oauth.token(req, res)
    if (req.path === '/revoke') return oauth.revoke(req, res)
    if (req.path === '/introspect') {
      const token = new URLSearchParams(req.body).get('token') ?? ''
      return sendJson(res, 200, oauth.accepts(token) ? { active: 'true', email: USER } : { active: 'false' })
    }
    sendJson(res, 404, { error: 'not_found' })
  })
  servers = await startMailServers({ oauth2IntrospectionUrl: `${authServer.url}/introspect` })
}, 60_000)
afterAll(async () => {
  await servers?.stop()
  await authServer?.close()
})

const signInFields = () => ({
  provider: 'gmail',
  user: USER,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  authServer: authServer.url,
  imap: `imap://127.0.0.1:${servers.imapPort}`,
  smtp: `smtp://127.0.0.1:${servers.submissionPort}`,
})

async function signIn(fields: Record<string, string>) {
  const prepared = await emailConnector.oauth!.prepare(fields, http, REDIRECT)
  const pkce = createPkce()
  const url = new URL(prepared.authorizeUrl({ state: 'st-1', codeChallenge: pkce.challenge }))
  const callback = await approve(url.toString())
  return { url, result: await prepared.complete(callback.searchParams.get('code')!, pkce.verifier) }
}

describe('e-mail sign-in with OAuth 2 (XOAUTH2)', () => {
  it('signs in with PKCE, logs in to IMAP and SMTP with the token, keeps only tokens as secrets, and polls with a refreshed token', async () => {
    const introspected = () => authServer.requests.filter((r) => r.path === '/introspect').length
    const { url, result } = await signIn(signInFields())
    // Dovecot asked about the token for the IMAP login and again for Postfix's SMTP AUTH.
    expect(introspected()).toBeGreaterThanOrEqual(2)
    expect(url.origin + url.pathname).toBe(`${authServer.url}/authorize`)
    expect(url.searchParams.get('scope')).toBe('https://mail.google.com/')
    expect(url.searchParams.get('login_hint')).toBe(USER)
    expect(url.searchParams.get('access_type')).toBe('offline')
    expect(result.seed).toMatchObject({ platform: 'email', handle: USER })
    expect(Object.keys(result.secrets).sort()).toEqual(['accessExpiresAt', 'accessToken', 'clientId', 'clientSecret', 'refreshToken'])
    expect(result.settings).toMatchObject({ user: USER, oauth: { provider: 'gmail', tokenEndpoint: `${authServer.url}/token` } })
    expect(JSON.stringify(result.settings)).not.toContain(result.secrets.refreshToken)

    // Stored like any account; the poll logs in with XOAUTH2. Then every access token dies: the next
    // poll refreshes it first (its expiry has passed), logs in with the new one and finds the new mail.
    const t = tempDir('parley-email-oauth-')
    const ws = openApprovalCore(t.dir, { config: { connectors: [emailConnector] } })
    try {
      // The whole loop through Parley's loopback listener, as the Channels screen starts it.
      const flow = await ws.ok('accounts.beginOAuth', { platform: 'email', fields: signInFields() })
      const landing = await fetch(flow.authorizeUrl)
      expect(landing.url.startsWith(`${flow.redirectUri}?`)).toBe(true)
      await vi.waitFor(() => expect(ws.core.inbox.accounts().filter((a) => a.platform === 'email')).toHaveLength(1), { timeout: 30_000, interval: 100 })
      const account = ws.core.inbox.accounts().find((a) => a.platform === 'email')!
      await mailFromCustomer(servers, { subject: 'Token one', text: 'Polled with the first token.', messageId: 'oauth-1@customer.test' })
      expect(await ws.core.sync.pollOnce([account.id])).toMatchObject([{ error: null }])
      const refreshesBefore = oauth.refreshCount
      oauth.expireAccessTokens()
      now += 2 * 3600_000
      ws.clock.advance(2 * 3600_000)
      await mailFromCustomer(servers, { subject: 'Token two', text: 'Polled after a refresh.', messageId: 'oauth-2@customer.test' })
      expect(await ws.core.sync.pollOnce([account.id])).toMatchObject([{ error: null }])
      expect(oauth.refreshCount).toBe(refreshesBefore + 1)
      const ids = (ws.core.db.prepare('SELECT remote_id AS id FROM messages ORDER BY remote_id').all() as { id: string }[]).map((r) => r.id)
      expect(ids).toEqual(expect.arrayContaining(['oauth-1@customer.test', 'oauth-2@customer.test']))
    } finally {
      await ws.client.close().catch(() => undefined)
      t.cleanup()
    }
  })

  it('a token the mail server does not accept stores nothing and is given back; a wrong provider or client id gets a plain message', async () => {
    // Issued for another mailbox: Dovecot's introspection names a different user, so the login fails.
    const error = await signIn({ ...signInFields(), user: 'customer@customer.test' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParleyError)
    expect((error as Error).message).toMatch(/^The IMAP server 127\.0\.0\.1 refused the user name or password/)
    expect(authServer.requests.filter((r) => r.path === '/revoke')).toHaveLength(1)

    await expect(emailConnector.oauth!.prepare({ ...signInFields(), provider: 'yahoo' }, http, REDIRECT)).rejects.toThrow(/gmail \(Google Workspace too\) or microsoft/)
    await expect(emailConnector.oauth!.prepare({ ...signInFields(), clientId: '' }, http, REDIRECT)).rejects.toThrow(/client id of your own Google app registration/)
    const wrongSecret = await signIn({ ...signInFields(), clientSecret: 'nope' }).catch((e: unknown) => e)
    expect((wrongSecret as Error).message).toMatch(/^Google did not recognise the client id or secret/)
  })

  it('connects from the CLI with --oauth, the client secret read from a file, never from argv', async () => {
    const dir = tempDir('parley-email-oauth-cli-')
    const secretFile = join(dir.dir, 'client-secret')
    writeFileSync(secretFile, CLIENT_SECRET)
    const output: string[] = []
    const errors: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => (output.push(String(s)), true))
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (errors.push(String(s)), true))
    vi.stubEnv('PARLEY_VAULT_PASSPHRASE', 'cli oauth test passphrase')
    const ctx = { version: '9.9.9', rendererDir: '/nonexistent', workerEntry: '/nonexistent/worker.js' }
    try {
      const f = signInFields()
      const args = ['accounts', 'add', 'email', '--oauth', '--provider', f.provider, '--user', f.user, '--client-id', f.clientId, '--client-secret-file', secretFile]
      const run = runCli([...args, '--auth-server', f.authServer, '--imap', f.imap, '--smtp', f.smtp, '--data-dir', dir.dir, '--vault', 'file'], ctx)
      let url: string | null = null
      await vi.waitFor(
        () => {
          url = /(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)/.exec(output.join(''))?.[1] ?? null
          expect(url).not.toBeNull()
        },
        { timeout: 30_000, interval: 20 },
      )
      const page = await (await fetch(url!)).text()
      expect(page).toContain('Parley is now connected to support@brand.test')
      expect(await run).toBe(0)
      expect(output.join('')).toMatch(/Connected #\d+\s+email\s+support@brand\.test/)
      // Without --oauth the password form still wants its servers and password.
      expect(await runCli(['accounts', 'add', 'email', '--oauth', '--password-file', secretFile, '--data-dir', dir.dir], ctx)).toBe(2)
      expect(errors.join('')).toContain('Use either --oauth or --password-file, not both.')
    } finally {
      vi.restoreAllMocks()
      vi.unstubAllEnvs()
      dir.cleanup()
    }
  })
})
