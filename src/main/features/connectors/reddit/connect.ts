import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError, safeHost, type HttpClient } from '../../../base/http'
import { buildAuthorizeUrl, OAuthError, revokeToken, type OAuthClient, type TokenResponse } from '../../auth/oauth-client'
import type { ConnectInput, ConnectorContext, ConnectResult, OAuthPreparation, OAuthSupport } from '../../../model/connector'
import { newLedgerId } from '../budget'
import { completeSignIn, connectWithRefreshToken, tokenSecrets } from '../oauth-session'
import { RedditApi } from './api'
import { REDDIT_SCOPES, REDIRECT_PATH, redditEndpointsFor, userAgentFor, type RedditEndpoints } from './endpoints'
import { RedditRate } from './rate'

const TIMEOUT_MS = 15_000

/** An "installed app" has no secret: Reddit wants HTTP Basic with the client id and an empty password. */
export function redditClient(clientId: string): OAuthClient {
  return { clientId, clientSecret: '', auth: 'basic' }
}

function clientFrom(input: ConnectInput): OAuthClient {
  const clientId = (input.clientId ?? '').trim()
  if (!clientId) throw new ParleyError('bad_input', 'Enter the client id of your Reddit app (reddit.com/prefs/apps, the string under "installed app").')
  if (!/^[\w-]{10,40}$/.test(clientId)) throw new ParleyError('bad_input', 'That does not look like a Reddit client id (letters, digits, - and _, shown under the app\'s name at reddit.com/prefs/apps).')
  return redditClient(clientId)
}

/** The port of the redirect URI registered with the app: Reddit accepts only that exact address. */
export function redirectPortFrom(input: ConnectInput): number {
  const raw = (input.redirectPort ?? '').trim()
  if (!raw) throw new ParleyError('bad_input', 'Enter the port of the redirect URI you registered with your Reddit app (for http://127.0.0.1:65010/callback it is 65010).')
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1024 || port > 65535) throw new ParleyError('bad_input', `The redirect port must be a whole number from 1024 to 65535 (not "${raw}").`)
  return port
}

/** "a, r/b" → ["a", "b"]: the subreddits whose new comments and mod queue Parley reads. */
export function subredditsFrom(raw: string | undefined): string[] {
  const names = (raw ?? '')
    .split(/[\s,+]+/)
    .map((s) => s.trim().replace(/^\/?r\//i, ''))
    .filter(Boolean)
  for (const name of names) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_]{1,20}$/.test(name)) throw new ParleyError('bad_input', `"${name}" is not a subreddit name (2 to 21 letters, digits or _, without r/).`)
  }
  return [...new Set(names)]
}

function failure(error: unknown, host: string, doing: string): ParleyError {
  if (error instanceof ParleyError) return error
  if (error instanceof OAuthError) {
    if (error.error === 'invalid_client' || error.error === 'unauthorized_client') return new ParleyError('unauthorized', 'Reddit did not recognise the client id. Check it at reddit.com/prefs/apps (the app must be an "installed app"). Nothing was connected.')
    if (error.error === 'invalid_grant') return new ParleyError('unauthorized', 'Reddit did not accept the sign-in: its code expired or was already used, or the redirect URI differs from the one registered. Nothing was connected; sign in again.')
    return new ParleyError('unauthorized', `Reddit refused the sign-in (${error.message}). Nothing was connected.`)
  }
  if (error instanceof HttpError) {
    if (error.status === 401) return new ParleyError('unauthorized', 'Reddit did not recognise the client id (it answered 401). Check that the app is an "installed app". Nothing was connected.')
    if (error.status === 429) return new ParleyError('unavailable', 'Reddit is rate-limiting this app right now. Try again in a few minutes.')
    return new ParleyError('unavailable', `${host} could not ${doing} (it answered ${error.status}). Try again later.`)
  }
  if (error instanceof NetworkError) return new ParleyError('unavailable', `Could not reach ${host} to ${doing}. Check your connection. (${error.message})`)
  return new ParleyError('unavailable', `Could not ${doing} with ${host}.`)
}

async function finish(http: HttpClient, endpoints: RedditEndpoints, client: OAuthClient, token: TokenResponse, input: ConnectInput, now: number): Promise<ConnectResult> {
  if (!token.refresh_token) throw new ParleyError('unauthorized', 'Reddit did not hand out a refresh token (a "permanent" sign-in), so Parley could not stay signed in. Sign in again.')
  const subreddits = subredditsFrom(input.subreddits)
  const settings: Record<string, unknown> = { ledgerId: newLedgerId(), scope: token.scope ?? REDDIT_SCOPES, subreddits }
  const rate = new RedditRate(null, settings)
  const auth = { token: async () => token.access_token, refresh: () => Promise.reject(new ParleyError('unauthorized', 'Reddit refused the access token it had just issued. Nothing was connected; sign in again.')) }
  let me
  try {
    me = await new RedditApi(http, endpoints.apiBase, auth, rate, userAgentFor(null), () => now).me()
  } catch (error) {
    throw failure(error, safeHost(endpoints.apiBase), 'read your account')
  }
  const budget = rate.snapshot(now)
  return {
    seed: { platform: 'reddit', displayName: me.name, handle: `u/${me.name}`, baseUrl: endpoints.apiBase },
    secrets: { ...tokenSecrets(token, now), clientId: client.clientId },
    settings: { ...settings, username: me.name, ...(budget ? { budget } : {}) },
  }
}

/** Without the browser: the client id with a refresh token the person already has. */
export async function connectReddit(input: ConnectInput, http: HttpClient): Promise<ConnectResult> {
  const endpoints = redditEndpointsFor(input.apiBase)
  const client = clientFrom(input)
  return connectWithRefreshToken(http, {
    tokenEndpoint: endpoints.token,
    client,
    refreshToken: input.refreshToken,
    timeoutMs: TIMEOUT_MS,
    missing: 'Sign in with Reddit through the browser, or paste a refresh token issued to your client id.',
    failure,
    finish: (token) => finish(http, endpoints, client, token, input, Date.now()),
  })
}

/** Reddit's sign-in for installed apps: the person's own client id and the exact redirect they registered. */
export const redditOAuth: OAuthSupport = {
  redirectPort: redirectPortFrom,
  async prepare(input: ConnectInput, http: HttpClient, redirectUri: string): Promise<OAuthPreparation> {
    const endpoints = redditEndpointsFor(input.apiBase)
    const client = clientFrom(input)
    subredditsFrom(input.subreddits)
    const port = redirectPortFrom(input)
    if (new URL(redirectUri).port !== String(port) || !redirectUri.endsWith(REDIRECT_PATH)) {
      throw new ParleyError('bad_input', `Parley could not listen at http://127.0.0.1:${port}${REDIRECT_PATH}, the redirect registered with the Reddit app. Nothing was started.`)
    }
    return {
      authorizeUrl: ({ state, codeChallenge }) =>
        buildAuthorizeUrl({
          endpoint: endpoints.authorize,
          clientId: client.clientId,
          redirectUri,
          scope: REDDIT_SCOPES,
          state,
          codeChallenge,
          // permanent: a refresh token, so Parley stays signed in past the first day.
          extra: { duration: 'permanent' },
        }),
      complete: (code, codeVerifier) =>
        completeSignIn(http, code, codeVerifier, {
          tokenEndpoint: endpoints.token,
          revocationEndpoint: endpoints.revoke,
          client,
          redirectUri,
          timeoutMs: TIMEOUT_MS,
          failure,
          finish: (token) => finish(http, endpoints, client, token, input, Date.now()),
        }),
    }
  },
}

export async function revokeReddit(ctx: ConnectorContext): Promise<void> {
  const { refreshToken, accessToken, clientId } = ctx.account.secrets
  const token = refreshToken ?? accessToken
  if (!token || !clientId) return
  const endpoints = redditEndpointsFor(ctx.account.baseUrl)
  try {
    await revokeToken(ctx.http, { revocationEndpoint: endpoints.revoke, client: redditClient(clientId), token, tokenTypeHint: refreshToken ? 'refresh_token' : 'access_token', timeoutMs: TIMEOUT_MS })
  } catch {
    throw new ParleyError('unavailable', "Reddit could not be asked to withdraw Parley's access. You can remove it yourself at reddit.com/prefs/apps (authorized applications).")
  }
}
