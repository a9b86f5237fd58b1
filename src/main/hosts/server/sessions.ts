import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { newToken } from './token'

/** Cookies are shared by every port of a host, so each server names its cookie after its port. */
export const sessionCookieName = (port: number): string => `parley_session_${port}`

/** Sessions are kept by hash, so a lookup compares digests and never the secret itself. */
const digest = (value: string): string => createHash('sha256').update(value, 'utf8').digest('base64url')

/** The value of one cookie from the Cookie header, or null. */
export function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null
  }
  return null
}

/**
 * Browser mode's sign-in. The address Parley prints carries a one-time code; opening it trades
 * the code for a session cookie (HttpOnly, SameSite=Strict) and a clean address. Nothing the
 * browser keeps in its history, cache or session files opens Parley again after the code was used,
 * and every session ends with the process, so a restart signs every tab out.
 */
export class BrowserSessions {
  private readonly codes = new Set<string>()
  private readonly sessions = new Set<string>()
  /** Set once the server knows its port, before it takes any request. */
  cookieName = 'parley_session'

  /** A new one-time code for the address bar. */
  issueCode(): string {
    const code = newToken()
    this.codes.add(digest(code))
    return code
  }

  /** Uses up the code; returns a new session id, or null when the code is unknown or already used. */
  redeem(code: string): string | null {
    const key = digest(code)
    if (!this.codes.delete(key)) return null
    const session = newToken()
    this.sessions.add(digest(session))
    return session
  }

  isSession(session: string | null): boolean {
    return session !== null && this.sessions.has(digest(session))
  }

  sessionOf(req: IncomingMessage): string | null {
    return readCookie(req, this.cookieName)
  }

  /** Whether the request brings a cookie for a session this process started. */
  hasSession(req: IncomingMessage): boolean {
    return this.isSession(this.sessionOf(req))
  }

  cookie(session: string): string {
    return `${this.cookieName}=${session}; HttpOnly; SameSite=Strict; Path=/`
  }
}
