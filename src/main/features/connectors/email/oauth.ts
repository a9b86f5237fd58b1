import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError, safeHost, type HttpClient } from '../../../base/http'
import { buildAuthorizeUrl, OAuthError, revokeToken, type OAuthClient, type TokenResponse } from '../../auth/oauth-client'
import type { ConnectInput, ConnectorContext, ConnectResult, OAuthPreparation, OAuthSupport } from '../../../model/connector'
import { completeSignIn, tokenSecrets } from '../oauth-session'
import { checkServers, connected } from './connect'
import { parseAddress, parseFolders, parseServer, type MailOAuth } from './settings'

const TIMEOUT_MS = 15_000

interface Provider {
  label: string
  authorize: string
  token: string
  revoke: string | null
  scope: string
  imap: string
  smtp: string
  /** Google sends a refresh token only with access_type=offline, and again only with prompt=consent. */
  extra: Record<string, string>
}

/** The two providers whose mail takes XOAUTH2 with the person's own client id. */
const PROVIDERS: Record<string, Provider> = {
  gmail: {
    label: 'Google',
    authorize: 'https://accounts.google.com/o/oauth2/v2/auth',
    token: 'https://oauth2.googleapis.com/token',
    revoke: 'https://oauth2.googleapis.com/revoke',
    scope: 'https://mail.google.com/',
    imap: 'imaps://imap.gmail.com:993',
    smtp: 'smtps://smtp.gmail.com:465',
    extra: { access_type: 'offline', prompt: 'consent' },
  },
  microsoft: {
    label: 'Microsoft',
    authorize: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    token: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    // Microsoft's identity platform has no revocation endpoint: removing the account forgets the tokens.
    revoke: null,
    scope: 'https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send offline_access',
    imap: 'imaps://outlook.office365.com:993',
    smtp: 'smtp://smtp.office365.com:587',
    extra: {},
  },
}

function providerOf(input: ConnectInput): { id: string; provider: Provider } {
  const id = (input.provider ?? '').trim().toLowerCase()
  const alias: Record<string, string> = { google: 'gmail', gmail: 'gmail', microsoft: 'microsoft', outlook: 'microsoft', office365: 'microsoft', 'microsoft365': 'microsoft' }
  const known = alias[id.replace(/[\s-]/g, '')]
  if (!known) throw new ParleyError('bad_input', 'Say whose sign-in the mailbox uses: gmail (Google Workspace too) or microsoft (Microsoft 365, Outlook.com).')
  const base = PROVIDERS[known]!
  const server = input.authServer?.trim()
  if (!server) return { id: known, provider: base }
  // Another authorization server with the same paths (a test's, or a provider's sovereign cloud).
  let url: URL
  try {
    url = new URL(server)
  } catch {
    throw new ParleyError('bad_input', `"${server}" is not an address. Write it like https://login.example.com/oauth2.`)
  }
  const root = url.toString().replace(/\/+$/, '')
  return { id: known, provider: { ...base, authorize: `${root}/authorize`, token: `${root}/token`, revoke: base.revoke ? `${root}/revoke` : null } }
}

function clientFrom(input: ConnectInput, provider: Provider): OAuthClient {
  const clientId = (input.clientId ?? '').trim()
  if (!clientId) throw new ParleyError('bad_input', `Enter the OAuth client id of your own ${provider.label} app registration; Parley has no shared one.`)
  if (/\s/.test(clientId)) throw new ParleyError('bad_input', 'The client id cannot contain spaces. Copy it again from where you registered the app.')
  const secret = (input.clientSecret ?? '').trim()
  return secret ? { clientId, clientSecret: secret } : { clientId }
}

function failureFor(provider: Provider) {
  return (error: unknown, host: string, doing: string): ParleyError => {
    if (error instanceof ParleyError) return error
    if (error instanceof OAuthError) {
      if (error.error === 'invalid_client') return new ParleyError('unauthorized', `${provider.label} did not recognise the client id or secret (${error.message}). Nothing was connected.`)
      if (error.error === 'invalid_grant') return new ParleyError('unauthorized', `${provider.label} did not accept the sign-in: its code expired or was already used. Nothing was connected; sign in again.`)
      return new ParleyError('unauthorized', `${provider.label} refused the sign-in (${error.message}). Nothing was connected.`)
    }
    if (error instanceof HttpError) return new ParleyError('unavailable', `${host} could not ${doing} (it answered ${error.status}). Try again later.`)
    if (error instanceof NetworkError) return new ParleyError('unavailable', `Could not reach ${host} to ${doing}. Check your connection. (${error.message})`)
    return new ParleyError('unavailable', `Could not ${doing} with ${host}.`)
  }
}

/** Checks the new token against the mail servers (XOAUTH2 on both) before anything is stored. */
async function finish(input: ConnectInput, id: string, provider: Provider, client: OAuthClient, token: TokenResponse): Promise<ConnectResult> {
  if (!token.refresh_token) {
    throw new ParleyError('unauthorized', `${provider.label} did not hand out a refresh token, so Parley could not stay signed in. Sign in again and allow offline access.`)
  }
  const user = input.user?.trim()
  if (!user) throw new ParleyError('bad_input', 'Enter the mailbox address you sign in with.')
  const imap = parseServer(input.imap?.trim() || provider.imap, 'imap')
  const smtp = parseServer(input.smtp?.trim() || provider.smtp, 'smtp')
  const address = parseAddress(input.address, user)
  const folders = parseFolders(input.folders)
  await checkServers(imap, smtp, { user, accessToken: token.access_token }, folders)
  const oauth: MailOAuth = { provider: id, tokenEndpoint: provider.token, revocationEndpoint: provider.revoke }
  return connected(
    { imap, smtp, user, address, folders, oauth },
    { ...tokenSecrets(token, Date.now()), clientId: client.clientId, ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}) },
  )
}

/** Sign-in with Google or Microsoft for mail (XOAUTH2): the person's own client id, a loopback redirect, PKCE. */
export const emailOAuth: OAuthSupport = {
  async prepare(input: ConnectInput, http: HttpClient, redirectUri: string): Promise<OAuthPreparation> {
    const { id, provider } = providerOf(input)
    const client = clientFrom(input, provider)
    const user = input.user?.trim()
    if (!user) throw new ParleyError('bad_input', 'Enter the mailbox address you sign in with.')
    return {
      authorizeUrl: ({ state, codeChallenge }) =>
        buildAuthorizeUrl({
          endpoint: provider.authorize,
          clientId: client.clientId,
          redirectUri,
          scope: provider.scope,
          state,
          codeChallenge,
          extra: { ...provider.extra, login_hint: user },
        }),
      complete: (code, codeVerifier) =>
        completeSignIn(http, code, codeVerifier, {
          tokenEndpoint: provider.token,
          // Without a revocation endpoint the token is simply not kept.
          revocationEndpoint: provider.revoke ?? '',
          client,
          redirectUri,
          timeoutMs: TIMEOUT_MS,
          failure: failureFor(provider),
          finish: (token) => finish(input, id, provider, client, token),
        }),
    }
  },
}

/** On removal: the refresh token is given back where the provider takes it back (Google). */
export async function revokeMail(ctx: ConnectorContext): Promise<void> {
  const oauth = (ctx.account.settings as { oauth?: MailOAuth }).oauth
  const { refreshToken, accessToken, clientId, clientSecret } = ctx.account.secrets
  const token = refreshToken ?? accessToken
  if (!oauth?.revocationEndpoint || !token) return
  try {
    await revokeToken(ctx.http, { revocationEndpoint: oauth.revocationEndpoint, client: { clientId: clientId ?? '', ...(clientSecret ? { clientSecret } : {}) }, token, timeoutMs: TIMEOUT_MS })
  } catch {
    throw new ParleyError('unavailable', `${safeHost(oauth.revocationEndpoint)} could not be reached to withdraw Parley's access; withdraw it in your account's security settings.`)
  }
}
