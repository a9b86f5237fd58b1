import { createHash, randomBytes } from 'node:crypto'

/** RFC 7636 §4.1: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~]. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/

export interface Pkce {
  /** Kept by Parley until the code exchange; never leaves the machine before that. */
  verifier: string
  /** Sent with the authorization request. */
  challenge: string
  method: 'S256'
}

/** A code verifier from `bytes` random bytes, base64url (32 bytes → 43 characters, 96 → 128). */
export function createVerifier(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 32 || bytes > 96) throw new RangeError('A PKCE verifier needs 32 to 96 random bytes (43 to 128 characters).')
  return randomBytes(bytes).toString('base64url')
}

/** The S256 challenge: BASE64URL(SHA256(ASCII(verifier))), without padding. */
export function challengeS256(verifier: string): string {
  if (!VERIFIER.test(verifier)) throw new RangeError('A PKCE verifier must be 43 to 128 unreserved characters.')
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}

export function createPkce(bytes = 32): Pkce {
  const verifier = createVerifier(bytes)
  return { verifier, challenge: challengeS256(verifier), method: 'S256' }
}

/** An unguessable value for `state` (and flow ids): 32 random bytes, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}
