/**
 * Platform-shaped identifiers. Each takes a per-account counter so ids stay
 * unique even when two items share a millisecond.
 */
import type { Rng } from './prng'

const B32_SORT = '234567abcdefghijklmnopqrstuvwxyz'
const B32_DID = 'abcdefghijklmnopqrstuvwxyz234567'

/**
 * Mastodon-like status id: time-ordered decimal with a 6-digit sequence
 * suffix (unique for up to a million items per account).
 */
export function mastodonId(ts: number, counter: number): string {
  const seq = counter % 1_000_000
  return String(ts) + (seq < 100_000 ? String(1_000_000 + seq).slice(1) : String(seq))
}

/** AT Protocol TID: 53-bit microseconds then a 10-bit clock id, base32-sortable. */
export function tid(ts: number, counter: number): string {
  let micros = ts * 1000 + (Math.floor(counter / 1024) % 1000)
  let s = ''
  for (let i = 0; i < 11; i++) {
    s = B32_SORT.charAt(micros % 32) + s
    micros = Math.floor(micros / 32)
  }
  return s + B32_SORT.charAt((counter >>> 5) & 31) + B32_SORT.charAt(counter & 31)
}

export function randomDid(rng: Rng): string {
  let s = 'did:plc:'
  for (let i = 0; i < 24; i++) s += B32_DID.charAt(rng.int(32))
  return s
}

export function randomHex(rng: Rng, len: number): string {
  let s = ''
  for (let i = 0; i < len; i++) s += '0123456789abcdef'.charAt(rng.int(16))
  return s
}

/** Numeric account id like Mastodon's (18 digits, from account creation time). */
export function randomAccountId(rng: Rng): string {
  return String(rng.range(106_000, 113_999)) + String(rng.range(100_000, 999_999)) + String(rng.range(100_000_000, 999_999_999)).slice(0, 6)
}

/** URL slug from a title: ASCII letters and digits, dashes between words. */
export function slugify(title: string, max = 60): string {
  let out = ''
  let dash = false
  for (let i = 0; i < title.length && out.length < max; i++) {
    const c = title.charCodeAt(i)
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (dash && out.length > 0) out += '-'
      out += title.charAt(i)
      dash = false
    } else if (c >= 65 && c <= 90) {
      if (dash && out.length > 0) out += '-'
      out += String.fromCharCode(c + 32)
      dash = false
    } else if (c !== 39 && c !== 8217) {
      // Apostrophes vanish ("don't" -> "dont"), everything else separates words.
      dash = true
    }
  }
  return out
}
