import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError, safeHost, type HttpClient } from '../../../base/http'
import { buildAuthorizeUrl, OAuthError, revokeToken, type OAuthClient, type TokenResponse } from '../../auth/oauth-client'
import type { ConnectInput, ConnectorContext, ConnectResult, OAuthPreparation, OAuthSupport } from '../../../model/connector'
import { newLedgerId, positiveInt } from '../budget'
import { completeSignIn, connectWithRefreshToken, tokenSecrets } from '../oauth-session'
import { XApi } from './api'
import { capFor, DEFAULT_MONTHLY_CAP } from './cap'
import { xEndpointsFor, X_SCOPES, type XEndpoints } from './endpoints'
import { xDetail } from './classify'

const TIMEOUT_MS = 15_000

/** X's "Native App" clients are public (PKCE only); "Web App" clients also have a secret, sent as HTTP Basic. */
export function xClient(clientId: string, clientSecret: string | undefined): OAuthClient {
  return clientSecret ? { clientId, clientSecret, auth: 'basic' } : { clientId }
}

function clientFrom(input: ConnectInput): OAuthClient {
  const clientId = (input.clientId ?? '').trim()
  if (!clientId) throw new ParleyError('bad_input', 'Enter the OAuth 2.0 client id of your X app (developer.x.com → your app → Keys and tokens).')
  if (/\s/.test(clientId)) throw new ParleyError('bad_input', 'The client id cannot contain spaces. Copy it again from the X developer portal.')
  return xClient(clientId, input.clientSecret?.trim() || undefined)
}

function monthlyCapFrom(input: ConnectInput): number {
  const raw = input.monthlyCap?.trim()
  if (!raw) return DEFAULT_MONTHLY_CAP
  const cap = positiveInt(raw, 0)
  if (!cap) throw new ParleyError('bad_input', `The monthly cap must be a whole number of requests, like 10000 (not "${raw}").`)
  return cap
}

/**
 * X accepts only a callback address listed with the app, exactly (port and path included), so Parley
 * listens on a fixed port the person registers: the one they give, or this suggestion.
 */
export const X_REDIRECT_PORT = 65011

export function xRedirectPortFrom(input: ConnectInput): number {
  const raw = (input.redirectPort ?? '').trim()
  if (!raw) return X_REDIRECT_PORT
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new ParleyError('bad_input', `The callback port must be a whole number from 1024 to 65535 (not "${raw}").`)
  return port
}

function failure(error: unknown, host: string, doing: string): ParleyError {
  if (error instanceof ParleyError) return error
  if (error instanceof OAuthError) {
    if (error.error === 'invalid_client' || error.error === 'unauthorized_client') return new ParleyError('unauthorized', `X did not recognise the client id${error.description ? ` ("${error.description}")` : ''}. Check it in the developer portal. Nothing was connected.`)
    if (error.error === 'invalid_grant' || error.error === 'invalid_request') return new ParleyError('unauthorized', 'X did not accept the sign-in: its code expired or was already used, or the refresh token was replaced. Nothing was connected; sign in again.')
    return new ParleyError('unauthorized', `X refused the sign-in (${error.message}). Nothing was connected.`)
  }
  if (error instanceof HttpError) {
    if (error.status === 429) return new ParleyError('unavailable', 'X is rate-limiting this app right now. Try again in a few minutes.')
    return new ParleyError('unavailable', `${host} could not ${doing} (it answered ${error.status}${xDetail(error) ? `: "${xDetail(error)}"` : ''}).`)
  }
  if (error instanceof NetworkError) return new ParleyError('unavailable', `Could not reach ${host} to ${doing}. Check your connection. (${error.message})`)
  return new ParleyError('unavailable', `Could not ${doing} with ${host}.`)
}

async function finish(http: HttpClient, endpoints: XEndpoints, client: OAuthClient, token: TokenResponse, cap: number, now: number): Promise<ConnectResult> {
  if (!token.refresh_token) throw new ParleyError('unauthorized', 'X did not hand out a refresh token (the offline.access permission), so Parley could not stay signed in. Sign in again.')
  const settings: Record<string, unknown> = { ledgerId: newLedgerId(), monthlyCap: cap, scope: token.scope ?? X_SCOPES }
  const budget = capFor(settings)
  const auth = { token: async () => token.access_token, refresh: () => Promise.reject(new ParleyError('unauthorized', 'X refused the access token it had just issued. Nothing was connected; sign in again.')) }
  let me
  try {
    me = await new XApi(http, endpoints.apiBase, auth, budget, () => now).me()
  } catch (error) {
    throw failure(error, safeHost(endpoints.apiBase), 'read your account')
  }
  return {
    seed: { platform: 'x', displayName: me.name?.trim() || me.username, handle: `@${me.username}`, baseUrl: endpoints.apiBase },
    secrets: { ...tokenSecrets(token, now), clientId: client.clientId, ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}) },
    settings: { ...settings, userId: me.id, username: me.username, budget: budget.snapshot(now) },
  }
}

/** Without the browser: the client id with a refresh token the person already has (used once: X rotates it). */
export async function connectX(input: ConnectInput, http: HttpClient): Promise<ConnectResult> {
  const endpoints = xEndpointsFor(input.apiBase)
  const client = clientFrom(input)
  const cap = monthlyCapFrom(input)
  return connectWithRefreshToken(http, {
    tokenEndpoint: endpoints.token,
    client,
    refreshToken: input.refreshToken,
    timeoutMs: TIMEOUT_MS,
    missing: 'Sign in with X through the browser, or paste a refresh token issued to your client id.',
    keepsRefreshToken: false,
    failure,
    finish: (token) => finish(http, endpoints, client, token, cap, Date.now()),
  })
}

/** X's OAuth 2.0 user context: the person's own client id, a loopback redirect, PKCE (S256). */
export const xOAuth: OAuthSupport = {
  redirectPort: xRedirectPortFrom,
  async prepare(input: ConnectInput, http: HttpClient, redirectUri: string): Promise<OAuthPreparation> {
    const endpoints = xEndpointsFor(input.apiBase)
    const client = clientFrom(input)
    const cap = monthlyCapFrom(input)
    return {
      authorizeUrl: ({ state, codeChallenge }) => buildAuthorizeUrl({ endpoint: endpoints.authorize, clientId: client.clientId, redirectUri, scope: X_SCOPES, state, codeChallenge }),
      complete: (code, codeVerifier) =>
        completeSignIn(http, code, codeVerifier, {
          tokenEndpoint: endpoints.token,
          revocationEndpoint: endpoints.revoke,
          client,
          redirectUri,
          timeoutMs: TIMEOUT_MS,
          failure,
          finish: (token) => finish(http, endpoints, client, token, cap, Date.now()),
        }),
    }
  },
}

export async function revokeX(ctx: ConnectorContext): Promise<void> {
  const { refreshToken, accessToken, clientId, clientSecret } = ctx.account.secrets
  const token = refreshToken ?? accessToken
  if (!token || !clientId) return
  const endpoints = xEndpointsFor(ctx.account.baseUrl)
  try {
    await revokeToken(ctx.http, { revocationEndpoint: endpoints.revoke, client: xClient(clientId, clientSecret), token, tokenTypeHint: refreshToken ? 'refresh_token' : 'access_token', timeoutMs: TIMEOUT_MS })
  } catch {
    throw new ParleyError('unavailable', "X could not be asked to withdraw Parley's access. You can remove it yourself under x.com → Settings → Security and account access → Apps and sessions.")
  }
}
