import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError, safeHost, type HttpClient } from '../../../base/http'
import { buildAuthorizeUrl, OAuthError, revokeToken, type OAuthClient, type TokenResponse } from '../../auth/oauth-client'
import type { ConnectInput, ConnectorContext, ConnectResult, OAuthPreparation, OAuthSupport } from '../../../model/connector'
import { newLedgerId, positiveInt } from '../budget'
import { completeSignIn, connectWithRefreshToken, tokenSecrets } from '../oauth-session'
import { YouTubeApi } from './api'
import { endpointsFor, YOUTUBE_SCOPE, type GoogleEndpoints } from './endpoints'
import { DEFAULT_DAILY_QUOTA, quotaFor } from './quota'
import type { YouTubeChannel } from './schema'

const TIMEOUT_MS = 15_000

function clientFrom(input: ConnectInput): OAuthClient {
  const clientId = (input.clientId ?? '').trim()
  if (!clientId) throw new ParleyError('bad_input', 'Enter the OAuth client id of your Google Cloud project (it ends in .apps.googleusercontent.com).')
  if (/\s/.test(clientId)) throw new ParleyError('bad_input', 'The client id cannot contain spaces. Copy it again from Google Cloud → APIs & Services → Credentials.')
  const secret = (input.clientSecret ?? '').trim()
  // Google gives "Desktop app" clients a secret it does not treat as confidential; its token endpoint still asks for it.
  return secret ? { clientId, clientSecret: secret } : { clientId }
}

function failure(error: unknown, host: string, doing: string): ParleyError {
  if (error instanceof ParleyError) return error
  if (error instanceof OAuthError) {
    if (error.error === 'invalid_client') return new ParleyError('unauthorized', `Google did not recognise the client id or secret (${error.message}). Check them in Google Cloud → Credentials. Nothing was connected.`)
    if (error.error === 'invalid_grant') return new ParleyError('unauthorized', 'Google did not accept the sign-in: its code expired, was already used, or the refresh token was revoked. Nothing was connected; sign in again.')
    return new ParleyError('unauthorized', `Google refused the sign-in (${error.message}). Nothing was connected.`)
  }
  if (error instanceof HttpError) {
    const reason = error.json<{ error?: { errors?: { reason?: string }[]; message?: string } }>()?.error
    if (reason?.errors?.[0]?.reason === 'quotaExceeded') return new ParleyError('unavailable', 'The Google Cloud project has spent its YouTube quota for today. Try again after midnight Pacific time.')
    if (error.status === 403) return new ParleyError('unauthorized', `Google did not let Parley read the channel (${reason?.message ?? 'forbidden'}). Check that the YouTube Data API v3 is enabled in the project.`)
    return new ParleyError('unavailable', `${host} could not ${doing} (it answered ${error.status}). Try again later.`)
  }
  if (error instanceof NetworkError) return new ParleyError('unavailable', `Could not reach ${host} to ${doing}. Check your connection. (${error.message})`)
  return new ParleyError('unavailable', `Could not ${doing} with ${host}.`)
}

/** Picks the channel to connect: the one asked for, or the only one; several without a choice is a question back. */
function pickChannel(channels: YouTubeChannel[], wanted: string | undefined): YouTubeChannel {
  if (!channels.length) throw new ParleyError('bad_input', 'This Google account has no YouTube channel. Sign in with the account that owns the brand channel.')
  const id = wanted?.trim()
  if (id) {
    const found = channels.find((c) => c.id === id)
    if (!found) throw new ParleyError('bad_input', `This Google account does not manage the channel ${id}. It manages: ${channels.map((c) => `${c.snippet?.title ?? c.id} (${c.id})`).join(', ')}.`)
    return found
  }
  if (channels.length > 1) {
    throw new ParleyError('bad_input', `This Google account manages several channels: ${channels.map((c) => `${c.snippet?.title ?? c.id} (${c.id})`).join(', ')}. Enter the channel id of the one to connect.`)
  }
  return channels[0]!
}

async function finish(http: HttpClient, endpoints: GoogleEndpoints, client: OAuthClient, token: TokenResponse, input: ConnectInput, now: number): Promise<ConnectResult> {
  if (!token.refresh_token) throw new ParleyError('unauthorized', 'Google did not hand out a refresh token, so Parley could not stay signed in. Remove Parley under myaccount.google.com → Security → Third-party access, then sign in again.')
  const dailyQuota = positiveInt(input.dailyQuota, DEFAULT_DAILY_QUOTA)
  const settings: Record<string, unknown> = { ledgerId: newLedgerId(), dailyQuota, scope: token.scope ?? YOUTUBE_SCOPE }
  const budget = quotaFor(settings)
  const auth = {
    token: async () => token.access_token,
    refresh: () => Promise.reject(new ParleyError('unauthorized', 'Google refused the access token it had just issued. Nothing was connected; sign in again.')),
  }
  const api = new YouTubeApi(http, endpoints.apiBase, auth, budget, () => now)
  let channel: YouTubeChannel
  try {
    channel = pickChannel(await api.myChannels(), input.channelId)
  } catch (error) {
    throw failure(error, safeHost(endpoints.apiBase), 'read your channels')
  }
  const title = channel.snippet?.title?.trim() || channel.id
  return {
    seed: { platform: 'youtube', displayName: title, handle: channel.snippet?.customUrl || title, baseUrl: endpoints.apiBase },
    secrets: { ...tokenSecrets(token, now), clientId: client.clientId, ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}) },
    settings: { ...settings, channelId: channel.id, channelTitle: title, budget: budget.snapshot(now) },
  }
}

/** Without the browser: the client id (and secret) with a refresh token the person already has. */
export async function connectYouTube(input: ConnectInput, http: HttpClient): Promise<ConnectResult> {
  const endpoints = endpointsFor(input.apiBase)
  const client = clientFrom(input)
  return connectWithRefreshToken(http, {
    tokenEndpoint: endpoints.token,
    client,
    refreshToken: input.refreshToken,
    timeoutMs: TIMEOUT_MS,
    missing: 'Sign in with Google through the browser, or paste a refresh token issued to your client id.',
    failure,
    finish: (token) => finish(http, endpoints, client, token, input, Date.now()),
  })
}

/** Google's sign-in for installed apps: the person's own client id, a loopback redirect, PKCE. */
export const youtubeOAuth: OAuthSupport = {
  async prepare(input: ConnectInput, http: HttpClient, redirectUri: string): Promise<OAuthPreparation> {
    const endpoints = endpointsFor(input.apiBase)
    const client = clientFrom(input)
    return {
      authorizeUrl: ({ state, codeChallenge }) =>
        buildAuthorizeUrl({
          endpoint: endpoints.authorize,
          clientId: client.clientId,
          redirectUri,
          scope: YOUTUBE_SCOPE,
          state,
          codeChallenge,
          // offline: a refresh token; consent: Google sends one again even when the app was approved before.
          extra: { access_type: 'offline', prompt: 'consent' },
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

export async function revokeYouTube(ctx: ConnectorContext): Promise<void> {
  const { refreshToken, accessToken, clientId, clientSecret } = ctx.account.secrets
  const token = refreshToken ?? accessToken
  if (!token || !clientId) return
  const endpoints = endpointsFor(ctx.account.baseUrl)
  try {
    await revokeToken(ctx.http, { revocationEndpoint: endpoints.revoke, client: clientSecret ? { clientId, clientSecret } : { clientId }, token, timeoutMs: TIMEOUT_MS })
  } catch {
    throw new ParleyError('unavailable', 'Google could not be asked to withdraw Parley\'s access. You can remove it yourself at myaccount.google.com → Security → Third-party access.')
  }
}
