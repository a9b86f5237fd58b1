import { z } from 'zod'
import { ParleyError } from '../../../../shared/contract'
import { buildAuthorizeUrl, exchangeCode, OAuthError, revokeToken, type TokenResponse } from '../../auth/oauth-client'
import { serverMessage } from '../classify'
import { HttpError, NetworkError, normaliseBaseUrl, safeHost, type HttpClient } from '../../../base/http'
import type { ConnectInput, ConnectorContext, ConnectResult, OAuthPreparation, OAuthSupport } from '../../../model/connector'
import { connectMastodon } from './connect'

/**
 * Least privilege for what the connector does today: read what it polls; post replies and direct
 * replies (write:statuses, which also covers deleting its own posts; write:conversations); block; mute.
 * Plain `write` would also allow follows, profile edits, lists, reports and media. Liking needs
 * write:favourites: add it when "like" is implemented (accounts signed in before must sign in again).
 */
export const MASTODON_SCOPES = 'read write:statuses write:conversations write:blocks write:mutes'
export const MASTODON_CLIENT_NAME = 'Parley'

const DISCOVERY_PATH = '/.well-known/oauth-authorization-server'
const TIMEOUT_MS = 15_000
const AUTHORIZED_APPS = 'Preferences → Account → Authorized apps'

const metadataSchema = z.object({ code_challenge_methods_supported: z.array(z.string()).optional() })
const appSchema = z.object({ client_id: z.string().min(1), client_secret: z.string().min(1) })
const instanceSchema = z.object({ version: z.string() })

interface AppCredentials {
  clientId: string
  clientSecret: string
}

function unreachable(error: unknown, host: string, doing: string): ParleyError {
  if (error instanceof NetworkError) {
    if (error.reason === 'bad_body') return new ParleyError('unavailable', `${host} did not answer like a Mastodon server. Check the instance address.`)
    return new ParleyError('unavailable', `Could not reach the Mastodon server ${host} to ${doing}. Check the address and your connection. (${error.message})`)
  }
  if (error instanceof HttpError) {
    if (error.status === 429) return new ParleyError('unavailable', `${host} is rate-limiting requests right now. Try again in a few minutes.`)
    const detail = serverMessage(error)
    return new ParleyError('unavailable', `${host} could not ${doing} (it answered ${error.status}${detail ? `: "${detail}"` : ''}). Try again later.`)
  }
  return error instanceof ParleyError ? error : new ParleyError('unavailable', `Could not ${doing} with ${host}.`)
}

/** The version the instance reports, or null when it does not answer like Mastodon. */
async function instanceVersion(http: HttpClient, baseUrl: string): Promise<string | null> {
  for (const path of ['/api/v2/instance', '/api/v1/instance']) {
    try {
      const parsed = instanceSchema.safeParse((await http.request(`${baseUrl}${path}`, { timeoutMs: TIMEOUT_MS })).json<unknown>())
      if (parsed.success) return parsed.data.version
    } catch {
      // Try the older endpoint, then give up.
    }
  }
  return null
}

/** Mastodon supports PKCE from 4.3, and says so in its server metadata; before 4.3 that document is a 404. */
async function requirePkce(http: HttpClient, baseUrl: string, host: string): Promise<void> {
  let methods: string[] = []
  try {
    const parsed = metadataSchema.safeParse((await http.request(`${baseUrl}${DISCOVERY_PATH}`, { timeoutMs: TIMEOUT_MS })).json<unknown>())
    methods = parsed.success ? (parsed.data.code_challenge_methods_supported ?? []) : []
  } catch (error) {
    if (!(error instanceof HttpError && error.status === 404) && !(error instanceof NetworkError && error.reason === 'bad_body')) {
      throw unreachable(error, host, 'start the sign-in')
    }
  }
  if (methods.includes('S256')) return
  const version = await instanceVersion(http, baseUrl)
  if (version === null) throw new ParleyError('bad_input', `${host} does not look like a Mastodon server: it has no Mastodon API. Check the instance address.`)
  throw new ParleyError(
    'bad_input',
    `${host} runs Mastodon ${version}, which cannot sign in through the browser safely (that needs Mastodon 4.3 or newer). ` +
      'Connect it with an access token instead: fill in the access token form below.',
  )
}

async function registerApp(http: HttpClient, baseUrl: string, host: string, redirectUri: string): Promise<AppCredentials> {
  try {
    const response = await http.request(`${baseUrl}/api/v1/apps`, {
      method: 'POST',
      body: { client_name: MASTODON_CLIENT_NAME, redirect_uris: [redirectUri], scopes: MASTODON_SCOPES },
      timeoutMs: TIMEOUT_MS,
    })
    const parsed = appSchema.safeParse(response.json<unknown>())
    if (!parsed.success) throw new ParleyError('unavailable', `${host} did not answer Parley's registration like a Mastodon server.`)
    return { clientId: parsed.data.client_id, clientSecret: parsed.data.client_secret }
  } catch (error) {
    if (error instanceof HttpError && error.status === 422) {
      const detail = serverMessage(error)
      throw new ParleyError('unavailable', `${host} did not accept Parley as an application${detail ? ` ("${detail}")` : ''}.`)
    }
    throw unreachable(error, host, 'register Parley')
  }
}

/** Words for a refused code exchange (RFC 6749 §5.2 errors as Mastodon's Doorkeeper sends them). */
function exchangeError(error: unknown, host: string): ParleyError {
  if (error instanceof OAuthError) {
    if (error.error === 'invalid_grant') {
      return new ParleyError(
        'unauthorized',
        `${host} did not accept the sign-in: its one-time code had expired or was already used. Nothing was connected; start the sign-in again.`,
      )
    }
    if (error.error === 'invalid_client') {
      return new ParleyError('unauthorized', `${host} no longer recognises Parley's registration. Nothing was connected; start the sign-in again.`)
    }
    return new ParleyError('unauthorized', `${host} refused the sign-in (${error.message}). Nothing was connected.`)
  }
  return unreachable(error, host, 'finish the sign-in')
}

/** Revokes a token quietly: used when a token was issued but will not be stored. */
async function discardToken(http: HttpClient, baseUrl: string, app: AppCredentials, token: string): Promise<void> {
  await revokeToken(http, { revocationEndpoint: `${baseUrl}/oauth/revoke`, client: app, token, timeoutMs: TIMEOUT_MS }).catch(() => undefined)
}

async function finishSignIn(
  http: HttpClient,
  baseUrl: string,
  app: AppCredentials,
  redirectUri: string,
  code: string,
  codeVerifier: string,
  onInvalidClient: () => void,
): Promise<ConnectResult> {
  const host = safeHost(baseUrl)
  let token: TokenResponse
  try {
    token = await exchangeCode(http, { tokenEndpoint: `${baseUrl}/oauth/token`, client: app, code, redirectUri, codeVerifier })
  } catch (error) {
    if (error instanceof OAuthError && error.error === 'invalid_client') onInvalidClient()
    throw exchangeError(error, host)
  }
  let result: ConnectResult
  try {
    result = await connectMastodon({ instance: baseUrl, token: token.access_token }, http)
  } catch (error) {
    await discardToken(http, baseUrl, app, token.access_token)
    if (error instanceof ParleyError && error.code === 'unauthorized') {
      throw new ParleyError('unauthorized', `${host} issued a sign-in but then refused it when Parley read the account. Nothing was connected; try again.`)
    }
    throw error
  }
  return {
    seed: result.seed,
    secrets: { accessToken: token.access_token, clientId: app.clientId, clientSecret: app.clientSecret },
    settings: { ...result.settings, auth: 'oauth', scope: token.scope ?? MASTODON_SCOPES },
  }
}

/**
 * Mastodon's browser sign-in. Parley registers itself once per instance and process; the client id
 * and secret stay in memory until an account is stored, and then go to the vault with its token.
 * Mastodon (Doorkeeper) ignores the port of loopback redirect URIs (RFC 8252 §7.3), so one
 * registration serves every ephemeral port.
 */
export function createMastodonOAuth(): OAuthSupport & { forgetApps(): void } {
  const apps = new Map<string, Promise<AppCredentials>>()

  function appFor(http: HttpClient, baseUrl: string, host: string, redirectUri: string): Promise<AppCredentials> {
    const key = `${baseUrl} ${MASTODON_SCOPES}`
    let app = apps.get(key)
    if (!app) {
      app = registerApp(http, baseUrl, host, redirectUri)
      apps.set(key, app)
      app.catch(() => apps.delete(key))
    }
    return app
  }

  return {
    async prepare(input: ConnectInput, http: HttpClient, redirectUri: string): Promise<OAuthPreparation> {
      const baseUrl = normaliseBaseUrl(input.instance ?? input.baseUrl, 'Mastodon instance address')
      const host = safeHost(baseUrl)
      await requirePkce(http, baseUrl, host)
      const app = await appFor(http, baseUrl, host, redirectUri)
      return {
        authorizeUrl: ({ state, codeChallenge }) =>
          buildAuthorizeUrl({ endpoint: `${baseUrl}/oauth/authorize`, clientId: app.clientId, redirectUri, scope: MASTODON_SCOPES, state, codeChallenge }),
        complete: (code, codeVerifier) =>
          finishSignIn(http, baseUrl, app, redirectUri, code, codeVerifier, () => apps.delete(`${baseUrl} ${MASTODON_SCOPES}`)),
      }
    },
    forgetApps: () => apps.clear(),
  }
}

/**
 * Revokes the account's token at the instance (POST /oauth/revoke, RFC 7009). Accounts connected with
 * a pasted token have no client credentials, and their token belongs to an application the person
 * made themselves: there is nothing for Parley to revoke, so this returns quietly.
 */
export async function revokeMastodon(ctx: ConnectorContext): Promise<void> {
  const { accessToken, clientId, clientSecret } = ctx.account.secrets
  if (!accessToken || !clientId || !clientSecret) return
  const host = safeHost(ctx.account.baseUrl)
  try {
    await revokeToken(ctx.http, {
      revocationEndpoint: `${ctx.account.baseUrl}/oauth/revoke`,
      client: { clientId, clientSecret },
      token: accessToken,
      timeoutMs: TIMEOUT_MS,
    })
  } catch (error) {
    const reason =
      error instanceof OAuthError
        ? `${host} refused (${error.message})`
        : error instanceof NetworkError
          ? `${host} could not be reached`
          : error instanceof HttpError
            ? `${host} answered ${error.status}`
            : `${host} could not be asked`
    throw new ParleyError('unavailable', `${reason}. You can withdraw Parley's access yourself on ${host} under ${AUTHORIZED_APPS}.`)
  }
}
