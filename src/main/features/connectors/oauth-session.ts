import { ParleyError } from '../../../shared/contract'
import { safeHost, type HttpClient } from '../../base/http'
import { exchangeCode, OAuthError, refreshAccessToken, revokeToken, type OAuthClient, type TokenResponse } from '../auth/oauth-client'
import type { ConnectorContext } from '../../model/connector'

/** Refresh a little before the access token runs out, so a poll never starts with one about to die. */
const EARLY_MS = 60_000
/** Old refresh tokens remembered with their answer (see below); a few accounts' worth is plenty. */
const REMEMBERED = 64

/**
 * Answers per refresh token already used. Two streams of one account poll at once, each with its own
 * copy of the secrets; where the server rotates refresh tokens (X), the second refresh with the old
 * token would be refused and the account would look signed out. Both get the one answer instead.
 */
const refreshes = new Map<string, Promise<TokenResponse>>()

export interface SessionEndpoints {
  tokenEndpoint: string
  client: OAuthClient
  /** "YouTube", "X": for messages. */
  label: string
}

/** Secrets as stored: the access token, its expiry (ms, as a string) and the refresh token. */
export function tokenSecrets(token: TokenResponse, now: number, previousRefresh?: string): Record<string, string> {
  const out: Record<string, string> = { accessToken: token.access_token }
  const refresh = token.refresh_token ?? previousRefresh
  if (refresh) out.refreshToken = refresh
  if (token.expires_in) out.accessExpiresAt = String(now + token.expires_in * 1000)
  return out
}

function remember(key: string, value: Promise<TokenResponse>): void {
  refreshes.set(key, value)
  while (refreshes.size > REMEMBERED) refreshes.delete(refreshes.keys().next().value as string)
  value.catch(() => refreshes.delete(key))
}

/** Uses the refresh token once (or joins the refresh already under way) and saves what comes back to the vault. */
export async function refreshSession(ctx: ConnectorContext, endpoints: SessionEndpoints): Promise<string> {
  const refreshToken = ctx.account.secrets.refreshToken
  if (!refreshToken) throw new ParleyError('unauthorized', `${endpoints.label} signed Parley out and there is no refresh token. Sign in again.`)
  let pending = refreshes.get(refreshToken)
  if (!pending) {
    pending = refreshAccessToken(ctx.http, { tokenEndpoint: endpoints.tokenEndpoint, client: endpoints.client, refreshToken })
    remember(refreshToken, pending)
  }
  let token: TokenResponse
  try {
    token = await pending
  } catch (error) {
    if (error instanceof OAuthError && (error.error === 'invalid_grant' || error.error === 'invalid_client' || error.error === 'unauthorized_client')) {
      throw new ParleyError('unauthorized', `${endpoints.label} no longer accepts Parley's sign-in (${error.error}). Sign in again.`)
    }
    throw error
  }
  const secrets = tokenSecrets(token, ctx.clock.now(), refreshToken)
  await ctx.saveSecrets(secrets)
  return secrets.accessToken!
}

/** The access token to use now: the stored one while it lasts, else a refreshed one. */
export async function currentAccessToken(ctx: ConnectorContext, endpoints: SessionEndpoints): Promise<string> {
  const { accessToken, accessExpiresAt } = ctx.account.secrets
  const expires = Number(accessExpiresAt)
  const fresh = accessToken && (!accessExpiresAt || !Number.isFinite(expires) || expires - EARLY_MS > ctx.clock.now())
  if (fresh) return accessToken
  return refreshSession(ctx, endpoints)
}

export interface SignInCompletion<T> {
  tokenEndpoint: string
  revocationEndpoint: string
  client: OAuthClient
  redirectUri: string
  timeoutMs: number
  /** The platform's own wording of what went wrong ("X did not recognise the client id…"). */
  failure(error: unknown, host: string, doing: string): ParleyError
  /** Checks the token with the platform and builds what is stored; nothing is stored if it throws. */
  finish(token: TokenResponse): Promise<T>
}

/**
 * The end of a browser sign-in with the person's own OAuth client: exchange the code with the PKCE
 * verifier, check the token, and give it back to the platform when the account cannot be connected.
 */
export async function completeSignIn<T>(http: HttpClient, code: string, codeVerifier: string, c: SignInCompletion<T>): Promise<T> {
  let token: TokenResponse
  try {
    token = await exchangeCode(http, { tokenEndpoint: c.tokenEndpoint, client: c.client, code, redirectUri: c.redirectUri, codeVerifier })
  } catch (error) {
    throw c.failure(error, safeHost(c.tokenEndpoint), 'finish the sign-in')
  }
  try {
    return await c.finish(token)
  } catch (error) {
    // Nothing will be stored: give the token back.
    await revokeToken(http, { revocationEndpoint: c.revocationEndpoint, client: c.client, token: token.refresh_token ?? token.access_token, timeoutMs: c.timeoutMs }).catch(() => undefined)
    throw error
  }
}

export interface RefreshTokenConnect<T> {
  tokenEndpoint: string
  client: OAuthClient
  refreshToken: string | undefined
  timeoutMs: number
  /** Said when no refresh token was given ("Sign in with Google through the browser, or paste…"). */
  missing: string
  failure(error: unknown, host: string, doing: string): ParleyError
  /** Where the platform answers without a new refresh token, the one given stays in use; false where it rotates them (X), so none is a failure. */
  keepsRefreshToken?: boolean
  /** Checks the token with the platform and builds what is stored. */
  finish(token: TokenResponse): Promise<T>
}

/** Connecting without the browser: a refresh token the person already has, exchanged once to prove it works. */
export async function connectWithRefreshToken<T>(http: HttpClient, c: RefreshTokenConnect<T>): Promise<T> {
  const refreshToken = (c.refreshToken ?? '').trim()
  if (!refreshToken) throw new ParleyError('bad_input', c.missing)
  let token: TokenResponse
  try {
    token = await refreshAccessToken(http, { tokenEndpoint: c.tokenEndpoint, client: c.client, refreshToken, timeoutMs: c.timeoutMs })
  } catch (error) {
    throw c.failure(error, safeHost(c.tokenEndpoint), 'check the refresh token')
  }
  return c.finish(c.keepsRefreshToken === false ? token : { ...token, refresh_token: token.refresh_token ?? refreshToken })
}
