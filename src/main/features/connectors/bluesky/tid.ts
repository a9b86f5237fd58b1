import { createHash } from 'node:crypto'

/**
 * Record keys for our posts. A TID is 13 base32-sortable characters of a
 * 64-bit value: top bit 0, 53 bits of microseconds since the epoch, 10 bits
 * of clock id (atproto spec "Record Key / TID"). @atproto/api does not export
 * its TID class (it lives in the transitive @atproto/common-web), so the few
 * lines are here.
 */
const S32 = '234567abcdefghijklmnopqrstuvwxyz'
const TID_PATTERN = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/

export function tidFromTime(micros: number | bigint, clockId: number): string {
  const value = (BigInt(micros) << 10n) | BigInt(clockId & 0x3ff)
  let out = ''
  for (let i = 12; i >= 0; i--) out += S32[Number((value >> BigInt(i * 5)) & 31n)]
  return out
}

export function isTid(value: string): boolean {
  return TID_PATTERN.test(value)
}

// 2020-09-13: hashed keys land in the 4.5 years after it, always in the past.
const HASH_EPOCH_US = 1_600_000_000_000_000n
const HASH_SPAN_US = 1n << 47n
const UUID_V7 = /^([0-9a-f]{8})-?([0-9a-f]{4})-?7[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i

/**
 * The rkey for a reply, as a pure function of the outbox idempotency key, so
 * a retry (even after a restart) writes to the same key and cannot duplicate.
 * A UUIDv7 key keeps its own timestamp (natural ordering in the repo); any
 * other key maps to a hash-derived time in the past.
 */
export function tidFromKey(idempotencyKey: string): string {
  const hash = createHash('sha256').update(idempotencyKey).digest()
  const clockId = hash.readUInt16BE(0) & 0x3ff
  const v7 = UUID_V7.exec(idempotencyKey.trim())
  if (v7) {
    const ms = BigInt(`0x${v7[1]}${v7[2]}`)
    return tidFromTime(ms * 1000n + BigInt(hash.readUInt16BE(2) % 1000), clockId)
  }
  const offset = hash.readBigUInt64BE(4) % HASH_SPAN_US
  return tidFromTime(HASH_EPOCH_US + offset, clockId)
}

/** Milliseconds a UUIDv7 key was minted at, or null for other keys. */
export function keyTime(idempotencyKey: string): number | null {
  const v7 = UUID_V7.exec(idempotencyKey.trim())
  return v7 ? Number(BigInt(`0x${v7[1]}${v7[2]}`)) : null
}
