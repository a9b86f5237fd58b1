// Test infrastructure: sessions and app passwords of the Bluesky fake; never imported by the app.
import { randomBytes } from 'node:crypto'
import type { RecordedRequest } from '../testing/fake-http'
import type { BlueskyFakeOptions } from './fake-server'

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> }

export const err = (status: number, error: string, message: string): Reply => ({ status, body: { error, message } })
export const ok = (body?: unknown): Reply => ({ status: 200, body })

export interface Grant {
  did: string
  password: string
}

function jwtLike(kind: string, did: string): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  return `${part({ typ: kind === 'access' ? 'at+jwt' : 'refresh+jwt', alg: 'ES256K' })}.${part({ scope: `com.atproto.${kind}`, sub: did, jti: randomBytes(8).toString('hex') })}.${randomBytes(32).toString('base64url')}`
}

/** App passwords, access and refresh JWTs, and the createSession budget. */
export class FakeAuth {
  readonly access = new Map<string, Grant & { expired: boolean }>()
  readonly refresh = new Map<string, Grant & { state: 'live' | 'used' | 'expired' }>()
  readonly passwords = new Map<string, { privileged: boolean; revoked: boolean }>()
  createSessionCalls = 0
  refreshCalls = 0
  readonly cap: number

  constructor(private readonly options: BlueskyFakeOptions) {
    this.passwords.set(options.appPassword ?? 'lumn-4pp2-pass-w0rd', { privileged: options.privileged ?? true, revoked: false })
    this.cap = options.createSessionCap ?? 5
  }

  issue(grant: Grant): { accessJwt: string; refreshJwt: string } {
    const accessJwt = jwtLike('access', grant.did)
    const refreshJwt = jwtLike('refresh', grant.did)
    this.access.set(accessJwt, { ...grant, expired: false })
    this.refresh.set(refreshJwt, { ...grant, state: 'live' })
    return { accessJwt, refreshJwt }
  }

  privileged(grant: Grant): boolean {
    return this.passwords.get(grant.password)?.privileged === true
  }

  bearer(req: RecordedRequest): string | null {
    const header = req.headers.authorization
    return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : null
  }

  check(req: RecordedRequest): Grant | Reply {
    const token = this.bearer(req)
    if (!token) return err(401, 'AuthenticationRequired', 'Authentication Required')
    if (this.refresh.has(token)) return err(400, 'InvalidToken', 'Bad token scope')
    const grant = this.access.get(token)
    if (!grant || this.passwords.get(grant.password)?.revoked) return err(400, 'InvalidToken', 'Token could not be verified')
    if (grant.expired) return err(400, 'ExpiredToken', 'Token has expired')
    return { did: grant.did, password: grant.password }
  }

  createSession(identifier: string, password: string, did: string | undefined): Reply {
    this.createSessionCalls++
    if (this.createSessionCalls > this.cap) {
      return { status: 429, body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }, headers: this.dailyHeaders() }
    }
    if (this.options.twoFactorPassword && password === this.options.twoFactorPassword && did) {
      return err(401, 'AuthFactorTokenRequired', 'A sign in code has been sent to your email address')
    }
    const known = this.passwords.get(password)
    if (!did || !known || known.revoked) return err(401, 'AuthenticationRequired', 'Invalid identifier or password')
    return ok(this.issue({ did, password }))
  }

  /** createSession has its own, daily, limit: those headers replace the global ones. */
  private dailyHeaders(): Record<string, string> {
    return { 'RateLimit-Limit': String(this.cap), 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 86_400), 'RateLimit-Policy': `${this.cap};w=86400` }
  }

  rotate(req: RecordedRequest): Reply | { grant: Grant; tokens: { accessJwt: string; refreshJwt: string } } {
    this.refreshCalls++
    const token = this.bearer(req)
    if (!token) return err(401, 'AuthenticationRequired', 'Authentication Required')
    if (this.access.has(token)) return err(400, 'InvalidToken', 'Bad token scope')
    const entry = this.refresh.get(token)
    if (!entry || entry.state === 'used' || this.passwords.get(entry.password)?.revoked) return err(400, 'InvalidToken', 'Token has been revoked')
    if (entry.state === 'expired') return err(400, 'ExpiredToken', 'Token has expired')
    entry.state = 'used'
    const grant = { did: entry.did, password: entry.password }
    return { grant, tokens: this.issue(grant) }
  }
}
