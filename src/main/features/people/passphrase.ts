import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Profile passphrases gate switching to a supervisor or admin within a running
 * session; they encrypt nothing. scrypt with N = 2^14, r = 8 (16 MiB, tens of
 * milliseconds) keeps a switch snappy while a stolen database still costs a
 * guesser real work. The parameters are stored with each hash, so they can be
 * raised later without breaking existing profiles.
 */
const DEFAULTS = { N: 2 ** 14, r: 8, p: 1 }
const KEY_BYTES = 32
const SALT_BYTES = 16

function derive(passphrase: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    // NFC: the same passphrase typed on another keyboard layout or OS derives the same key.
    scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  )
}

/** "scrypt$N$r$p$salt$hash" (base64), with a fresh random salt. */
export async function hashPassphrase(passphrase: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(passphrase, salt, DEFAULTS)
  return ['scrypt', DEFAULTS.N, DEFAULTS.r, DEFAULTS.p, salt.toString('base64'), key.toString('base64')].join('$')
}

/** Constant-time comparison; a malformed stored hash never matches. */
export async function verifyPassphrase(passphrase: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$')
  if (kind !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const options = { N: Number(n), r: Number(r), p: Number(p) }
  if (![options.N, options.r, options.p].every((v) => Number.isInteger(v) && v > 0) || expected.length !== KEY_BYTES) return false
  const key = await derive(passphrase, Buffer.from(salt, 'base64'), options)
  return timingSafeEqual(key, expected)
}
