// Test infrastructure: Mastodon's OAuth endpoints (Doorkeeper, 4.3+ with PKCE) for the fake instance; never imported by the app.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { sendJson, type RecordedRequest } from '../testing/fake-http'

/** approve: redirect back at once with a code; deny: with error=access_denied; page: show a consent page with both buttons. */
export type ConsentMode = 'approve' | 'deny' | 'page'

export interface FakeOAuthOptions {
  /** Serve /.well-known/oauth-authorization-server (Mastodon 4.3+). Off simulates an older instance (404). Default true. */
  discovery?: boolean
  /** What GET /oauth/authorize does. Default 'approve' (tests run without a person). */
  consent?: ConsentMode
  /** How long an authorization code is valid, on the fake's clock. Doorkeeper's default: 10 minutes. */
  codeTtlMs?: number
  /**
   * Doorkeeper's reuse_access_token, which Mastodon turns on: a new sign-in through the same app with
   * the same scopes gets the token already issued (while it is not revoked). Default true.
   */
  reuseAccessToken?: boolean
}

export interface FakeApp {
  id: string
  name: string
  website: string | null
  clientId: string
  clientSecret: string
  redirectUris: string[]
  scopes: string[]
}

export interface FakeGrant {
  code: string
  clientId: string
  redirectUri: string
  scopes: string[]
  codeChallenge: string | null
  codeChallengeMethod: string | null
  createdAt: number
  used: boolean
}

export interface FakeIssuedToken {
  token: string
  clientId: string
  scopes: string[]
  createdAt: number
  revoked: boolean
}

export interface FakeOAuthControls {
  discovery: boolean
  consent: ConsentMode
  codeTtlMs: number
  reuseAccessToken: boolean
  readonly apps: FakeApp[]
  readonly grants: FakeGrant[]
  readonly issued: FakeIssuedToken[]
}

export const MASTODON_VERSION_WITH_PKCE = '4.4.3'
export const MASTODON_VERSION_WITHOUT_PKCE = '4.2.10'

/** Mastodon's scopes (config/initializers/doorkeeper.rb), without the admin ones. */
const KNOWN_SCOPES = new Set([
  'read', 'write', 'follow', 'push', 'profile',
  'read:accounts', 'read:blocks', 'read:bookmarks', 'read:favourites', 'read:filters', 'read:follows', 'read:lists',
  'read:mutes', 'read:notifications', 'read:search', 'read:statuses',
  'write:accounts', 'write:blocks', 'write:bookmarks', 'write:conversations', 'write:favourites', 'write:filters',
  'write:follows', 'write:lists', 'write:media', 'write:mutes', 'write:notifications', 'write:reports', 'write:statuses',
])

// Doorkeeper's own words (config/locales/doorkeeper.en.yml).
const DESCRIPTIONS = {
  invalid_grant:
    'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  invalid_client: 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  invalid_request: 'The request is missing a required parameter, includes an unsupported parameter value, or is otherwise malformed.',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
  unsupported_response_type: 'The authorization server does not support this response type.',
  invalid_scope: 'The requested scope is invalid, unknown, or malformed.',
  access_denied: 'The resource owner or authorization server denied the request.',
  invalid_redirect_uri: "The requested redirect uri is malformed or doesn't match client redirect URI.",
  unauthorized_client: 'You are not authorized to revoke this token',
} as const

type Params = Record<string, string | string[]>

function parseBody(req: RecordedRequest): Params {
  if (String(req.headers['content-type'] ?? '').includes('json')) {
    try {
      const value = JSON.parse(req.body || '{}') as Record<string, unknown>
      const out: Params = {}
      for (const [k, v] of Object.entries(value)) out[k] = Array.isArray(v) ? v.map(String) : v === null || v === undefined ? '' : String(v)
      return out
    } catch {
      return {}
    }
  }
  const out: Params = {}
  for (const [k, v] of new URLSearchParams(req.body)) {
    if (k.endsWith('[]')) out[k.slice(0, -2)] = [...((out[k.slice(0, -2)] as string[] | undefined) ?? []), v]
    else out[k] = v
  }
  return out
}

const one = (p: Params, name: string): string => {
  const v = p[name]
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '')
}

const secret = (): string => randomBytes(32).toString('base64url')
const s256 = (verifier: string): string => createHash('sha256').update(verifier, 'ascii').digest('base64url')

function same(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest()
  const y = createHash('sha256').update(b).digest()
  return timingSafeEqual(x, y)
}

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname)
}

/** Doorkeeper's URIChecker: exact, or (RFC 8252 §7.3) loopback URIs that differ only in their port. */
export function redirectMatches(requested: string, registered: string): boolean {
  if (requested === registered) return true
  try {
    const a = new URL(requested)
    const b = new URL(registered)
    if (!isLoopback(a) || !isLoopback(b)) return false
    a.port = ''
    b.port = ''
    return a.toString() === b.toString()
  } catch {
    return false
  }
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function htmlPage(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(html)
}

export function createFakeOAuth(deps: {
  origin(): string
  now(): number
  /** The set of access tokens the rest of the fake accepts. */
  tokens: Set<string>
  options?: FakeOAuthOptions
}) {
  const controls: FakeOAuthControls = {
    discovery: deps.options?.discovery ?? true,
    consent: deps.options?.consent ?? 'approve',
    codeTtlMs: deps.options?.codeTtlMs ?? 10 * 60_000,
    reuseAccessToken: deps.options?.reuseAccessToken ?? true,
    apps: [],
    grants: [],
    issued: [],
  }
  let appSeq = 563_419

  const oauthError = (res: ServerResponse, status: number, error: keyof typeof DESCRIPTIONS): void =>
    sendJson(res, status, { error, error_description: DESCRIPTIONS[error] }, { 'Cache-Control': 'no-store', Pragma: 'no-cache' })

  /** client_secret_post or client_secret_basic. */
  function authenticate(req: RecordedRequest, body: Params): FakeApp | null {
    let id = one(body, 'client_id')
    let key = one(body, 'client_secret')
    const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))
    if (basic) {
      const [u, p] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':')
      id = decodeURIComponent(u ?? '')
      key = decodeURIComponent(p ?? '')
    }
    const app = controls.apps.find((a) => a.clientId === id)
    return app && key && same(app.clientSecret, key) ? app : null
  }

  function metadata(res: ServerResponse): void {
    const origin = deps.origin()
    sendJson(res, 200, {
      issuer: `${origin}/`,
      service_documentation: 'https://docs.joinmastodon.org/',
      authorization_endpoint: `${origin}/oauth/authorize`,
      token_endpoint: `${origin}/oauth/token`,
      app_registration_endpoint: `${origin}/api/v1/apps`,
      revocation_endpoint: `${origin}/oauth/revoke`,
      userinfo_endpoint: `${origin}/oauth/userinfo`,
      scopes_supported: [...KNOWN_SCOPES],
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: ['authorization_code', 'client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    })
  }

  function registerApp(req: RecordedRequest, res: ServerResponse): void {
    const body = parseBody(req)
    const name = one(body, 'client_name').trim()
    if (!name) return sendJson(res, 422, { error: "Validation failed: Application name can't be blank" })
    const raw = body.redirect_uris
    const uris = (Array.isArray(raw) ? raw : (raw ?? '').split(/\s+/)).map((u) => u.trim()).filter(Boolean)
    if (!uris.length) return sendJson(res, 422, { error: "Validation failed: Redirect URI can't be blank" })
    for (const uri of uris) {
      if (uri === 'urn:ietf:wg:oauth:2.0:oob') continue
      try {
        const parsed = new URL(uri)
        if (['data:', 'vbscript:', 'javascript:'].includes(parsed.protocol) || parsed.hash) throw new Error('forbidden')
      } catch {
        return sendJson(res, 422, { error: 'Validation failed: Redirect URI must be an absolute URI.' })
      }
    }
    const scopes = (one(body, 'scopes') || 'read').split(/\s+/).filter(Boolean)
    if (scopes.some((s) => !KNOWN_SCOPES.has(s))) return sendJson(res, 422, { error: 'Validation failed: Scopes must be valid' })
    const app: FakeApp = {
      id: String(appSeq++),
      name,
      website: one(body, 'website') || null,
      clientId: secret(),
      clientSecret: secret(),
      redirectUris: uris,
      scopes,
    }
    controls.apps.push(app)
    sendJson(res, 200, {
      id: app.id,
      name: app.name,
      website: app.website,
      scopes: app.scopes,
      redirect_uris: app.redirectUris,
      redirect_uri: app.redirectUris.join('\n'),
      vapid_key: 'BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      client_secret_expires_at: 0,
    })
  }

  /** Checks an authorization request; answers the app and its parameters, or has already answered with the error. */
  function checkAuthorize(params: Params, res: ServerResponse): { app: FakeApp; redirectUri: string; scopes: string[]; state: string } | null {
    const app = controls.apps.find((a) => a.clientId === one(params, 'client_id'))
    if (!app) {
      htmlPage(res, 401, 'An error has occurred', `<p>${DESCRIPTIONS.invalid_client}</p>`)
      return null
    }
    const redirectUri = one(params, 'redirect_uri') || app.redirectUris[0]!
    if (!app.redirectUris.some((r) => redirectMatches(redirectUri, r))) {
      htmlPage(res, 400, 'An error has occurred', `<p>${DESCRIPTIONS.invalid_redirect_uri}</p>`)
      return null
    }
    const state = one(params, 'state')
    // From here on errors go back to the client, as Doorkeeper does once the redirect URI is trusted.
    const back = (error: keyof typeof DESCRIPTIONS): null => {
      const url = new URL(redirectUri)
      url.searchParams.set('error', error)
      url.searchParams.set('error_description', DESCRIPTIONS[error])
      if (state) url.searchParams.set('state', state)
      res.writeHead(302, { Location: url.toString(), 'Cache-Control': 'no-store' })
      res.end()
      return null
    }
    if (one(params, 'response_type') !== 'code') return back('unsupported_response_type')
    const scopes = (one(params, 'scope') || 'read').split(/\s+/).filter(Boolean)
    if (scopes.some((s) => !app.scopes.includes(s))) return back('invalid_scope')
    const method = one(params, 'code_challenge_method')
    if (one(params, 'code_challenge') && method !== 'S256') return back('invalid_request')
    return { app, redirectUri, scopes, state }
  }

  function redirectBack(res: ServerResponse, redirectUri: string, values: Record<string, string>): void {
    const url = new URL(redirectUri)
    for (const [k, v] of Object.entries(values)) if (v) url.searchParams.set(k, v)
    res.writeHead(302, { Location: url.toString(), 'Cache-Control': 'no-store' })
    res.end()
  }

  function decide(params: Params, res: ServerResponse, approve: boolean): void {
    const checked = checkAuthorize(params, res)
    if (!checked) return
    if (!approve) {
      return redirectBack(res, checked.redirectUri, { error: 'access_denied', error_description: DESCRIPTIONS.access_denied, state: checked.state })
    }
    const grant: FakeGrant = {
      code: secret(),
      clientId: checked.app.clientId,
      redirectUri: checked.redirectUri,
      scopes: checked.scopes,
      codeChallenge: one(params, 'code_challenge') || null,
      codeChallengeMethod: one(params, 'code_challenge_method') || null,
      createdAt: deps.now(),
      used: false,
    }
    controls.grants.push(grant)
    redirectBack(res, checked.redirectUri, { code: grant.code, state: checked.state })
  }

  function authorize(req: RecordedRequest, res: ServerResponse): void {
    if (req.method === 'POST') {
      const body = parseBody(req)
      return decide(body, res, one(body, 'decision') === 'approve')
    }
    const params: Params = Object.fromEntries(req.query)
    if (controls.consent !== 'page') return decide(params, res, controls.consent === 'approve')
    const checked = checkAuthorize(params, res)
    if (!checked) return
    const hidden = Object.entries(params)
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(String(v))}">`)
      .join('')
    htmlPage(
      res,
      200,
      'Authorization required',
      `<p><strong>${escapeHtml(checked.app.name)}</strong> would like permission to access your account (${escapeHtml(checked.scopes.join(' '))}).</p>` +
        `<form method="post" action="/oauth/authorize">${hidden}<button name="decision" value="approve">Authorize</button> ` +
        `<button name="decision" value="deny">Deny</button></form>`,
    )
  }

  function token(req: RecordedRequest, res: ServerResponse): void {
    const body = parseBody(req)
    const grantType = one(body, 'grant_type')
    if (!grantType) return oauthError(res, 400, 'invalid_request')
    if (grantType !== 'authorization_code') return oauthError(res, 400, 'unsupported_grant_type')
    const app = authenticate(req, body)
    if (!app) return oauthError(res, 401, 'invalid_client')
    const grant = controls.grants.find((g) => g.code === one(body, 'code'))
    if (!grant || grant.used || grant.clientId !== app.clientId) return oauthError(res, 400, 'invalid_grant')
    if (deps.now() - grant.createdAt >= controls.codeTtlMs) return oauthError(res, 400, 'invalid_grant')
    // The redirect URI must be the one of the authorization request, exactly.
    if (one(body, 'redirect_uri') !== grant.redirectUri) return oauthError(res, 400, 'invalid_grant')
    const verifier = one(body, 'code_verifier')
    if (grant.codeChallenge) {
      if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier) || !same(s256(verifier), grant.codeChallenge)) return oauthError(res, 400, 'invalid_grant')
    } else if (verifier) {
      return oauthError(res, 400, 'invalid_grant')
    }
    grant.used = true
    // The fake has one resource owner (the brand), so "same owner" is implied.
    const reusable = controls.reuseAccessToken
      ? controls.issued.find((t) => !t.revoked && t.clientId === app.clientId && t.scopes.join(' ') === grant.scopes.join(' '))
      : undefined
    const issued: FakeIssuedToken = reusable ?? { token: secret(), clientId: app.clientId, scopes: grant.scopes, createdAt: deps.now(), revoked: false }
    if (!reusable) controls.issued.push(issued)
    deps.tokens.add(issued.token)
    sendJson(
      res,
      200,
      { access_token: issued.token, token_type: 'Bearer', scope: issued.scopes.join(' '), created_at: Math.floor(issued.createdAt / 1000) },
      { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    )
  }

  /** RFC 7009 as Doorkeeper does it: an unknown token is a 200, another client's token a 403. */
  function revoke(req: RecordedRequest, res: ServerResponse): void {
    const body = parseBody(req)
    const app = authenticate(req, body)
    if (!app) return oauthError(res, 401, 'invalid_client')
    const value = one(body, 'token')
    const issued = controls.issued.find((t) => t.token === value)
    if (!issued || issued.revoked) return sendJson(res, 200, {})
    if (issued.clientId !== app.clientId) return oauthError(res, 403, 'unauthorized_client')
    issued.revoked = true
    deps.tokens.delete(issued.token)
    sendJson(res, 200, {})
  }

  /** Answers the OAuth routes; false for anything else. */
  function handle(req: RecordedRequest, res: ServerResponse): boolean {
    const { method, path } = req
    if (method === 'GET' && path === '/.well-known/oauth-authorization-server') {
      if (controls.discovery) metadata(res)
      else htmlPage(res, 404, "The page you are looking for isn't here.", '')
      return true
    }
    const route =
      method === 'POST' && path === '/api/v1/apps'
        ? registerApp
        : (method === 'GET' || method === 'POST') && path === '/oauth/authorize'
          ? authorize
          : method === 'POST' && path === '/oauth/token'
            ? token
            : method === 'POST' && path === '/oauth/revoke'
              ? revoke
              : null
    if (!route) return false
    route(req, res)
    return true
  }

  return { controls, handle }
}
