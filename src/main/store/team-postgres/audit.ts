import type { Queryable } from './queryable'

export interface AuditRow {
  seq: number
  memberId: string | null
  action: string
  detail: unknown
  at: string
  prevHash: string
  hash: string
}

export async function nextAuditSeq(db: Queryable, teamId: string): Promise<number> {
  const { rows } = await db.query<{ next: string }>('SELECT coalesce(max(seq), 0) + 1 AS next FROM team_audit WHERE team_id = $1', [teamId])
  return Number(rows[0]!.next)
}

export async function insertAudit(db: Queryable, teamId: string, row: AuditRow): Promise<void> {
  await db.query(
    'INSERT INTO team_audit(team_id, seq, member_id, action, detail, at, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [teamId, row.seq, row.memberId, row.action, JSON.stringify(row.detail), row.at, row.prevHash, row.hash],
  )
}

export async function auditChain(db: Queryable, teamId: string): Promise<AuditRow[]> {
  const { rows } = await db.query<{ seq: string; member_id: string | null; action: string; detail: unknown; at: Date; prev_hash: string; hash: string }>(
    'SELECT seq, member_id, action, detail, at, prev_hash, hash FROM team_audit WHERE team_id = $1 ORDER BY seq',
    [teamId],
  )
  return rows.map((r) => ({ seq: Number(r.seq), memberId: r.member_id, action: r.action, detail: r.detail, at: r.at.toISOString(), prevHash: r.prev_hash, hash: r.hash }))
}
