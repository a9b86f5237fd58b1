import type { AuditEvent, AuditKind, AuditVerdict } from '../../shared/contract'
import type { Db } from './database'
import { chainHash, GENESIS_HASH, verifyChain, type StoredEvent } from '../model/audit-chain'

interface Row {
  id: number
  at: number
  profile_id: number | null
  conversation_id: number | null
  kind: string
  payload: string
  prev_hash: string
  hash: string
}

/** A payload edited into invalid JSON still has to fail verification, not crash it. */
function parsePayload(raw: string): Record<string, unknown> {
  try {
    return JSON.parse(raw) as Record<string, unknown>
  } catch {
    return { unreadable: raw }
  }
}

const toStored = (r: Row): StoredEvent => ({
  id: r.id,
  at: r.at,
  profileId: r.profile_id,
  conversationId: r.conversation_id,
  kind: r.kind,
  payload: parsePayload(r.payload),
  prevHash: r.prev_hash,
  hash: r.hash,
})

const toEvent = (r: Row): AuditEvent => ({ ...toStored(r), kind: r.kind as AuditKind, payload: parsePayload(r.payload) })

export interface AuditEntry {
  at: number
  profileId: number | null
  conversationId: number | null
  kind: AuditKind
  payload: Record<string, unknown>
}

/**
 * The append-only, hash-chained audit trail. Callers append inside the
 * transaction that makes the change, so an event exists exactly when its change does.
 * The table's triggers refuse UPDATE and DELETE.
 */
export class AuditLog {
  private readonly last
  private readonly insert
  private readonly byConversation
  private readonly all
  private readonly allOfConversation

  constructor(private readonly db: Db) {
    this.last = db.prepare<[], { id: number; hash: string }>('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1')
    this.insert = db.prepare(
      `INSERT INTO audit_events(id, at, profile_id, conversation_id, kind, payload, prev_hash, hash)
       VALUES (@id, @at, @profileId, @conversationId, @kind, @payload, @prevHash, @hash)`,
    )
    this.byConversation = db.prepare<[number, number], Row>('SELECT * FROM audit_events WHERE conversation_id = ? ORDER BY id LIMIT ?')
    this.all = db.prepare<[], Row>('SELECT * FROM audit_events ORDER BY id')
    this.allOfConversation = db.prepare<[number], Row>('SELECT * FROM audit_events WHERE conversation_id = ? ORDER BY id')
  }

  /** Must run inside the caller's transaction (one writer): the id and the link are read and written together. */
  append(entry: AuditEntry): AuditEvent {
    if (!this.db.inTransaction) return this.db.transaction(() => this.append(entry))()
    const last = this.last.get()
    const id = (last?.id ?? 0) + 1
    const prevHash = last?.hash ?? GENESIS_HASH
    const fields = { id, ...entry }
    const hash = chainHash(prevHash, fields)
    this.insert.run({ ...fields, payload: JSON.stringify(entry.payload), prevHash, hash })
    return { ...fields, prevHash, hash }
  }

  list(conversationId: number, limit: number): AuditEvent[] {
    return this.byConversation.all(conversationId, limit).map(toEvent)
  }

  verify(): AuditVerdict {
    const { checked, firstBroken } = verifyChain(mapRows(this.all.iterate()))
    return { ok: firstBroken === null, checked, firstBroken }
  }

  /** JSON lines, oldest first; each line carries its hashes so the export verifies on its own. */
  export(conversationId?: number): { lines: string; count: number } {
    const rows = conversationId === undefined ? this.all.all() : this.allOfConversation.all(conversationId)
    return { lines: rows.map((r) => `${JSON.stringify(toEvent(r))}\n`).join(''), count: rows.length }
  }
}

function* mapRows(rows: Iterable<Row>): Generator<StoredEvent> {
  for (const r of rows) yield toStored(r)
}
