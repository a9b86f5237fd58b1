import { ParleyError } from '../../../../shared/contract'
import { HttpError, type HttpClient } from '../../../base/http'
import type { ConnectorContext } from '../../../model/connector'
import { badShape, isBadTokenMethod, isXrpcError, xrpcProcedure } from './xrpc'

export interface SessionTokens {
  accessJwt: string
  refreshJwt: string
}

export interface CreatedSession extends SessionTokens {
  did: string
  handle: string
}

export function readTokens(raw: string | undefined): SessionTokens | null {
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as Partial<SessionTokens>
    return typeof value.accessJwt === 'string' && typeof value.refreshJwt === 'string' ? { accessJwt: value.accessJwt, refreshJwt: value.refreshJwt } : null
  } catch {
    return null
  }
}

export function serialiseTokens(tokens: SessionTokens): string {
  return JSON.stringify({ accessJwt: tokens.accessJwt, refreshJwt: tokens.refreshJwt })
}

function asSession(value: Partial<CreatedSession> | null, service: string): CreatedSession {
  if (!value || typeof value.accessJwt !== 'string' || typeof value.refreshJwt !== 'string' || typeof value.did !== 'string') {
    throw badShape(service, 'a session')
  }
  return { accessJwt: value.accessJwt, refreshJwt: value.refreshJwt, did: value.did, handle: typeof value.handle === 'string' ? value.handle : value.did }
}

/** A login. Rate-limited hard (bsky.social: about 100 a day), so only connect() and the last-resort fallback call it. */
export async function createSession(http: HttpClient, service: string, identifier: string, password: string): Promise<CreatedSession> {
  const body = await xrpcProcedure<Partial<CreatedSession>>(http, service, 'com.atproto.server.createSession', { identifier, password })
  return asSession(body, service)
}

/** Rotates both JWTs; the PDS takes the refresh JWT as the bearer. */
export async function refreshSession(http: HttpClient, service: string, refreshJwt: string): Promise<CreatedSession> {
  const body = await xrpcProcedure<Partial<CreatedSession>>(http, service, 'com.atproto.server.refreshSession', undefined, { token: refreshJwt })
  return asSession(body, service)
}

/**
 * A refresh JWT is single-use, and two streams of one account may find the
 * access JWT expired at the same moment: the second one reuses the first
 * rotation instead of burning the (already rotated) refresh JWT.
 */
const rotations = new Map<string, { at: number; result: Promise<CreatedSession> }>()
const ROTATION_MEMO_MS = 10 * 60_000

function rotate(http: HttpClient, service: string, refreshJwt: string, now: number): Promise<CreatedSession> {
  for (const [key, entry] of rotations) if (now - entry.at > ROTATION_MEMO_MS) rotations.delete(key)
  const known = rotations.get(refreshJwt)
  if (known) return known.result
  const result = refreshSession(http, service, refreshJwt)
  rotations.set(refreshJwt, { at: now, result })
  result.catch(() => rotations.delete(refreshJwt))
  return result
}

/** A stored session that answers "token expired/invalid" is renewed; anything else is the caller's. */
export function needsRenewal(error: unknown): boolean {
  if (!(error instanceof HttpError) || (error.status !== 400 && error.status !== 401)) return false
  return isXrpcError(error, 'ExpiredToken', 'InvalidToken') && !isBadTokenMethod(error)
}

/**
 * The account's session for one poll or send: uses the stored JWTs, refreshes
 * them when they expire, and logs in with the app password at most once
 * (createSession is rate-limited per day, so never a login per poll).
 */
export class Session {
  private tokens: SessionTokens | null
  private loggedIn = false

  constructor(private readonly ctx: ConnectorContext) {
    this.tokens = readTokens(ctx.account.secrets.session)
  }

  async accessJwt(): Promise<string> {
    if (!this.tokens) await this.login()
    return this.tokens!.accessJwt
  }

  /** After `failedAccess` was refused: true when a fresh token is ready, false when nothing more can be tried. */
  async renew(failedAccess: string): Promise<boolean> {
    if (this.tokens && this.tokens.accessJwt !== failedAccess) return true
    const refreshJwt = this.tokens?.refreshJwt
    if (refreshJwt) {
      try {
        await this.adopt(await rotate(this.ctx.http, this.ctx.account.baseUrl, refreshJwt, this.ctx.clock.now()))
        return true
      } catch (error) {
        const refused = isXrpcError(error, 'ExpiredToken', 'InvalidToken') || (error instanceof HttpError && error.status === 401)
        if (!refused) throw error
      }
    }
    if (this.loggedIn) return false
    await this.login()
    return true
  }

  private async login(): Promise<void> {
    const password = this.ctx.account.secrets.appPassword
    if (!password) throw new ParleyError('unauthorized', 'The Bluesky app password is missing. Reconnect the account.')
    this.loggedIn = true
    const did = this.ctx.account.settings.did
    const identifier = typeof did === 'string' && did.startsWith('did:') ? did : this.ctx.account.handle
    await this.adopt(await createSession(this.ctx.http, this.ctx.account.baseUrl, identifier, password))
  }

  private async adopt(session: CreatedSession): Promise<void> {
    this.tokens = { accessJwt: session.accessJwt, refreshJwt: session.refreshJwt }
    const secrets = { ...this.ctx.account.secrets, session: serialiseTokens(this.tokens) }
    await this.ctx.saveSecrets(secrets)
    // Keep a reused context current, so the next poll does not start from the rotated-away pair.
    this.ctx.account.secrets = secrets
  }
}
