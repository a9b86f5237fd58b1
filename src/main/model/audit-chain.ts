import { createHash } from 'node:crypto'

/** The hash before the first event. */
export const GENESIS_HASH = '0'.repeat(64)

/** The fields a hash covers: everything in the row except the hashes themselves. */
export interface ChainedFields {
  id: number
  at: number
  profileId: number | null
  conversationId: number | null
  kind: string
  payload: unknown
}

/**
 * JSON with keys sorted at every level and no whitespace, so the same event
 * always hashes the same, whichever order its fields were written in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: numbers must be finite')
    return JSON.stringify(value) ?? 'null'
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

/** hash = sha256(prev_hash + canonical JSON of the event): each row vouches for every row before it. */
export function chainHash(prevHash: string, event: ChainedFields): string {
  const body = canonicalJson({
    id: event.id,
    at: event.at,
    profileId: event.profileId,
    conversationId: event.conversationId,
    kind: event.kind,
    payload: event.payload,
  })
  return createHash('sha256').update(prevHash).update(body).digest('hex')
}

export interface StoredEvent extends ChainedFields {
  prevHash: string
  hash: string
}

/** Walks the chain in id order; the first row whose link or hash is wrong is reported. */
export function verifyChain(rows: Iterable<StoredEvent>): { checked: number; firstBroken: { id: number; reason: string } | null } {
  let prev = GENESIS_HASH
  let checked = 0
  let lastId = 0
  for (const row of rows) {
    checked++
    if (row.id <= lastId) return { checked, firstBroken: { id: row.id, reason: 'Events are out of order.' } }
    if (row.prevHash !== prev) {
      return { checked, firstBroken: { id: row.id, reason: 'It does not follow the event before it: an event was removed, inserted or changed.' } }
    }
    if (chainHash(row.prevHash, row) !== row.hash) {
      return { checked, firstBroken: { id: row.id, reason: 'Its contents do not match its hash: the event was changed after it was written.' } }
    }
    prev = row.hash
    lastId = row.id
  }
  return { checked, firstBroken: null }
}
