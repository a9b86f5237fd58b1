import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'

const scrypt = promisify(scryptCallback) as (password: string, salt: string, keylen: number, options: object) => Promise<Buffer>

/**
 * A member's key is derived on the laptop from the passphrase (scrypt, salted by the member's id)
 * and sent only over the connection to the sync service, which keeps nothing but its SHA-256: the
 * key has 256 bits of entropy, so a fast hash is enough to store it and PostgreSQL never holds
 * anything a reader could sign in with.
 */
export async function deriveMemberKey(passphrase: string, memberId: string): Promise<Buffer> {
  return scrypt(passphrase.normalize('NFC'), `parley team member ${memberId}`, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 })
}

export const hashSecret = (secret: Buffer | string): Buffer => createHash('sha256').update(secret).digest()

/** The bearer credential a laptop sends: the member id and its key, which the service hashes to look up. */
export function bearerToken(memberId: string, key: Buffer): string {
  return `${memberId}.${key.toString('base64url')}`
}

export function parseBearer(header: string | undefined): { memberId: string; key: Buffer } | null {
  const match = /^Bearer ([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(header ?? '')
  if (!match) return null
  return { memberId: match[1]!, key: Buffer.from(match[2]!, 'base64url') }
}

/** A one-time join code: 128 random bits in hex, grouped for reading aloud; the service stores its hash only. */
export function mintJoinCode(): string {
  return randomBytes(16).toString('hex').replace(/(.{4})(?!$)/g, '$1-')
}

/** Dashes, spaces and case do not matter when the code is typed back. */
export const normaliseJoinCode = (code: string): string => code.toLowerCase().replace(/[^0-9a-f]/g, '')

export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}
