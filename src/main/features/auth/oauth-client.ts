import { z } from 'zod'
import { HttpError, NetworkError, type HttpClient } from '../../base/http'

/**
 * The platform-neutral requests of an OAuth 2 client (RFC 6749, 7636, 7009): the authorization URL,
 * the code exchange and token revocation. Endpoints, client authentication and extra parameters
 * (Reddit's `duration`, Google's `access_type`) are inputs; nothing here knows a platform.
 */

export interface OAuthClient {
  clientId: string
  /** Confidential clients (Mastodon, Reddit "web app") have one; public clients do not. */
  clientSecret?: string
  /** How the secret travels: in the form body (default) or as HTTP Basic (Reddit). */
  auth?: 'post' | 'basic'
}

export interface AuthorizeRequest {
  endpoint: string
  clientId: string
  redirectUri: string
  scope: string
  state: string
  codeChallenge: string
  extra?: Record<string, string>
}

export function buildAuthorizeUrl(request: AuthorizeRequest): string {
  const url = new URL(request.endpoint)
  const params: [string, string][] = [
    ['response_type', 'code'],
    ['client_id', request.clientId],
    ['redirect_uri', request.redirectUri],
    ['scope', request.scope],
    ['state', request.state],
    ['code_challenge', request.codeChallenge],
    ['code_challenge_method', 'S256'],
    ...Object.entries(request.extra ?? {}),
  ]
  for (const [name, value] of params) url.searchParams.set(name, value)
  return url.toString()
}

const tokenSchema = z
  .object({
    access_token: z.string().min(1),
    token_type: z.string().optional(),
    scope: z.string().optional(),
    refresh_token: z.string().optional(),
    expires_in: z.number().optional(),
  })

export type TokenResponse = z.infer<typeof tokenSchema>

/** The authorization server said no, with an RFC 6749 §5.2 error code (invalid_grant, invalid_client…). */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string | null,
    readonly status: number,
    readonly url: string,
  ) {
    super(`${error}${description ? `: ${description}` : ''}`)
    this.name = 'OAuthError'
  }
}

function withClient(body: URLSearchParams, headers: Record<string, string>, client: OAuthClient): void {
  if (client.auth === 'basic') {
    const basic = Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret ?? '')}`).toString('base64')
    headers.Authorization = `Basic ${basic}`
    return
  }
  body.set('client_id', client.clientId)
  if (client.clientSecret !== undefined) body.set('client_secret', client.clientSecret)
}

/** An HttpError whose body is an OAuth error becomes an OAuthError; anything else is passed on. */
function asOAuthError(error: unknown): unknown {
  // RFC 6749 §5.2 errors are 400s and 401s (403 for RFC 7009's unauthorized_client); rate limits and 5xx stay HTTP errors.
  if (!(error instanceof HttpError) || error.status < 400 || error.status >= 500 || error.status === 429) return error
  const body = error.json<{ error?: unknown; error_description?: unknown }>()
  if (!body || typeof body.error !== 'string') return error
  const description = typeof body.error_description === 'string' ? body.error_description.slice(0, 300) : null
  return new OAuthError(body.error.slice(0, 60), description, error.status, error.url)
}

async function postForm(http: HttpClient, url: string, form: Record<string, string>, client: OAuthClient, timeoutMs?: number) {
  const body = new URLSearchParams(form)
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' }
  withClient(body, headers, client)
  try {
    return await http.request(url, { method: 'POST', body, headers, timeoutMs })
  } catch (error) {
    throw asOAuthError(error)
  }
}

export interface CodeExchange {
  tokenEndpoint: string
  client: OAuthClient
  code: string
  redirectUri: string
  codeVerifier: string
  extra?: Record<string, string>
}

/** POST grant_type=authorization_code with the PKCE verifier; throws OAuthError, HttpError or NetworkError. */
export async function exchangeCode(http: HttpClient, request: CodeExchange): Promise<TokenResponse> {
  const response = await postForm(
    http,
    request.tokenEndpoint,
    {
      grant_type: 'authorization_code',
      code: request.code,
      redirect_uri: request.redirectUri,
      code_verifier: request.codeVerifier,
      ...request.extra,
    },
    request.client,
  )
  const parsed = tokenSchema.safeParse(response.json<unknown>())
  if (!parsed.success) {
    throw new NetworkError(request.tokenEndpoint, 'bad_body', `${new URL(request.tokenEndpoint).host} answered the sign-in without an access token.`)
  }
  return parsed.data
}

export interface Revocation {
  revocationEndpoint: string
  client: OAuthClient
  token: string
  tokenTypeHint?: 'access_token' | 'refresh_token'
  timeoutMs?: number
}

/** RFC 7009: the server answers 200 even for a token it no longer knows. */
export async function revokeToken(http: HttpClient, request: Revocation): Promise<void> {
  const form: Record<string, string> = { token: request.token }
  if (request.tokenTypeHint) form.token_type_hint = request.tokenTypeHint
  await postForm(http, request.revocationEndpoint, form, request.client, request.timeoutMs)
}

export interface TokenRefresh {
  tokenEndpoint: string
  client: OAuthClient
  refreshToken: string
  timeoutMs?: number
}

/**
 * POST grant_type=refresh_token (RFC 6749 §6). Some servers rotate the refresh token (X): the answer's
 * refresh_token, when present, replaces the old one, which stops working. Throws OAuthError on refusal.
 */
export async function refreshAccessToken(http: HttpClient, request: TokenRefresh): Promise<TokenResponse> {
  const response = await postForm(http, request.tokenEndpoint, { grant_type: 'refresh_token', refresh_token: request.refreshToken }, request.client, request.timeoutMs)
  const parsed = tokenSchema.safeParse(response.json<unknown>())
  if (!parsed.success) {
    throw new NetworkError(request.tokenEndpoint, 'bad_body', `${new URL(request.tokenEndpoint).host} answered the token refresh without an access token.`)
  }
  return parsed.data
}
