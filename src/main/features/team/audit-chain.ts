import { createHash } from 'node:crypto'

export interface AuditEntry {
  seq: number
  memberId: string | null
  action: string
  detail: unknown
  at: string
  prevHash: string
  hash: string
}

/** JSON with object keys sorted at every level: PostgreSQL's jsonb reorders keys, the hash must not care. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

export function auditHash(prevHash: string, e: Omit<AuditEntry, 'hash' | 'prevHash'>): string {
  return createHash('sha256')
    .update(`${prevHash}\n${canonicalJson({ seq: e.seq, memberId: e.memberId, action: e.action, detail: e.detail, at: e.at })}`)
    .digest('hex')
}

/** Walks the chain from the start; the first entry whose link or hash does not match is named. */
export function verifyAuditChain(entries: readonly AuditEntry[]): { ok: true } | { ok: false; seq: number; problem: string } {
  let prev = ''
  for (const entry of entries) {
    if (entry.prevHash !== prev) return { ok: false, seq: entry.seq, problem: `audit entry ${entry.seq} does not follow the entry before it` }
    if (auditHash(prev, entry) !== entry.hash) return { ok: false, seq: entry.seq, problem: `audit entry ${entry.seq} was changed after it was written` }
    prev = entry.hash
  }
  return { ok: true }
}
