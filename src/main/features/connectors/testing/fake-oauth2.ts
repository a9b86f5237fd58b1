// Test infrastructure: an OAuth 2 authorization server with PKCE for the fakes of platforms whose
// users bring their own client id (Google, X); never imported by the app.
import type { ServerResponse } from 'node:http'
import { challengeS256, randomToken } from '../../auth/pkce'
import { sendJson, type RecordedRequest } from './fake-http'

export interface FakeOAuth2Options {
  clientId: string
  /** Required at the token endpoint when set (Google's "installed app" secret; X's confidential clients). */
  clientSecret?: string
  /** X hands out a new refresh token on every refresh and the old one stops working; Google keeps one. */
  rotateRefreshTokens: boolean
  accessTtlSeconds: number
  now: () => number
  /** approve: redirect back with a code; deny: with error=access_denied. */
  consent?: 'approve' | 'deny'
}

export interface FakeOAuth2 {
  /** GET authorize: checks the request and redirects to the loopback with code and state. */
  authorize(req: RecordedRequest, res: ServerResponse): void
  /** POST token: authorization_code (with the PKCE verifier) and refresh_token grants. */
  token(req: RecordedRequest, res: ServerResponse): void
  revoke(req: RecordedRequest, res: ServerResponse): void
  accepts(accessToken: string): boolean
  /** Issues a token pair directly (tests that start signed in). */
  issue(): { accessToken: string; refreshToken: string }
  /** Every access token becomes invalid now (as if expired or revoked). */
  expireAccessTokens(): void
  revokeAll(): void
  readonly refreshCount: number
  readonly scopesAsked: string[]
  controls: { consent: 'approve' | 'deny' }
  /** Refresh tokens presented after they had been rotated away (a client that lost the new one). */
  readonly reusedRefreshTokens: string[]
}

interface Code {
  challenge: string
  redirectUri: string
  scope: string
  expiresAt: number
}

function form(req: RecordedRequest): URLSearchParams {
  return new URLSearchParams(req.body)
}

function clientOf(req: RecordedRequest, body: URLSearchParams): { id: string | null; secret: string | null } {
  const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''))
  if (basic) {
    const [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').map(decodeURIComponent)
    return { id: id ?? null, secret: secret ?? null }
  }
  return { id: body.get('client_id'), secret: body.get('client_secret') }
}

export function createFakeOAuth2(options: FakeOAuth2Options): FakeOAuth2 {
  const codes = new Map<string, Code>()
  const access = new Map<string, number>()
  const refresh = new Set<string>()
  const rotatedAway: string[] = []
  const scopesAsked: string[] = []
  let refreshCount = 0
  const controls = { consent: options.consent ?? 'approve' }

  const issue = () => {
    const accessToken = `at-${randomToken(12)}`
    const refreshToken = `rt-${randomToken(12)}`
    access.set(accessToken, options.now() + options.accessTtlSeconds * 1000)
    refresh.add(refreshToken)
    return { accessToken, refreshToken }
  }
  const oauthError = (res: ServerResponse, status: number, error: string, description: string) =>
    sendJson(res, status, { error, error_description: description })

  return {
    controls,
    get refreshCount() {
      return refreshCount
    },
    scopesAsked,
    reusedRefreshTokens: rotatedAway,
    authorize(req, res) {
      const q = req.query
      const redirect = q.get('redirect_uri') ?? ''
      if (q.get('client_id') !== options.clientId) return sendJson(res, 400, { error: 'invalid_client', error_description: 'The OAuth client was not found.' })
      if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(redirect)) return sendJson(res, 400, { error: 'invalid_request', error_description: 'redirect_uri must be a loopback address.' })
      if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
        return sendJson(res, 400, { error: 'invalid_request', error_description: 'PKCE with S256 is required.' })
      }
      scopesAsked.push(q.get('scope') ?? '')
      const target = new URL(redirect)
      target.searchParams.set('state', q.get('state') ?? '')
      if (controls.consent === 'deny') target.searchParams.set('error', 'access_denied')
      else {
        const code = `code-${randomToken(12)}`
        codes.set(code, { challenge: q.get('code_challenge')!, redirectUri: redirect, scope: q.get('scope') ?? '', expiresAt: options.now() + 600_000 })
        target.searchParams.set('code', code)
      }
      res.writeHead(302, { Location: target.toString() })
      res.end()
    },
    token(req, res) {
      const body = form(req)
      const client = clientOf(req, body)
      if (client.id !== options.clientId) return oauthError(res, 401, 'invalid_client', 'The OAuth client was not found.')
      if (options.clientSecret !== undefined && client.secret !== options.clientSecret) return oauthError(res, 401, 'invalid_client', 'Unauthorized')
      const grant = body.get('grant_type')
      if (grant === 'authorization_code') {
        const code = codes.get(body.get('code') ?? '')
        codes.delete(body.get('code') ?? '')
        if (!code || code.expiresAt < options.now()) return oauthError(res, 400, 'invalid_grant', 'Malformed auth code.')
        if (code.redirectUri !== body.get('redirect_uri')) return oauthError(res, 400, 'invalid_grant', 'Bad Request')
        if (challengeS256(body.get('code_verifier') ?? '') !== code.challenge) return oauthError(res, 400, 'invalid_grant', 'Value of code_verifier does not match the code challenge.')
        const pair = issue()
        return sendJson(res, 200, { access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_in: options.accessTtlSeconds, scope: code.scope, token_type: 'Bearer' })
      }
      if (grant === 'refresh_token') {
        const presented = body.get('refresh_token') ?? ''
        if (!refresh.has(presented)) {
          rotatedAway.push(presented)
          return oauthError(res, 400, 'invalid_grant', 'Token has been expired or revoked.')
        }
        refreshCount += 1
        const accessToken = `at-${randomToken(12)}`
        access.set(accessToken, options.now() + options.accessTtlSeconds * 1000)
        const answer: Record<string, unknown> = { access_token: accessToken, expires_in: options.accessTtlSeconds, token_type: 'Bearer', scope: scopesAsked.at(-1) ?? '' }
        if (options.rotateRefreshTokens) {
          refresh.delete(presented)
          const next = `rt-${randomToken(12)}`
          refresh.add(next)
          answer.refresh_token = next
        }
        return sendJson(res, 200, answer)
      }
      return oauthError(res, 400, 'unsupported_grant_type', `Unsupported grant type: ${grant ?? ''}`)
    },
    revoke(req, res) {
      const token = form(req).get('token') ?? req.query.get('token') ?? ''
      access.delete(token)
      refresh.delete(token)
      sendJson(res, 200, {})
    },
    accepts(accessToken) {
      const until = access.get(accessToken)
      return until !== undefined && until > options.now()
    },
    issue,
    expireAccessTokens() {
      access.clear()
    },
    revokeAll() {
      access.clear()
      refresh.clear()
    },
  }
}
