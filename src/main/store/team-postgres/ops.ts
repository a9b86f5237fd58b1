import type { OpOutcome, PulledOp, TeamOp } from '../../model/team-op'
import type { Queryable } from './queryable'

/** Locks the team's row for this transaction: ops of one team are numbered and applied one at a time. */
export async function lockTeam(db: Queryable, teamId: string): Promise<{ lastSeq: number; auditHead: string } | null> {
  const { rows } = await db.query<{ last_seq: string; audit_head: string }>('SELECT last_seq, audit_head FROM teams WHERE id = $1 FOR UPDATE', [teamId])
  const row = rows[0]
  return row ? { lastSeq: Number(row.last_seq), auditHead: row.audit_head } : null
}

/**
 * The team's lock and the op's earlier outcome in one round trip (the hot path of every push): the team's row locked,
 * and the op's earlier outcome when this op id was pushed before.
 */
export async function lockTeamForOp(
  db: Queryable,
  teamId: string,
  opId: string,
): Promise<{ lastSeq: number; auditHead: string; known: { seq: number; outcome: OpOutcome; message: string | null } | null } | null> {
  const { rows } = await db.query<{ last_seq: string; audit_head: string; seq: string | null; outcome: OpOutcome | null; message: string | null }>(
    `SELECT t.last_seq, t.audit_head, o.seq, o.outcome, o.message FROM teams t
     LEFT JOIN team_ops o ON o.team_id = t.id AND o.id = $2
     WHERE t.id = $1 FOR UPDATE OF t`,
    [teamId, opId],
  )
  const row = rows[0]
  if (!row) return null
  const known = row.seq === null ? null : { seq: Number(row.seq), outcome: row.outcome!, message: row.message }
  return { lastSeq: Number(row.last_seq), auditHead: row.audit_head, known }
}

/** Writes the op with its outcome and moves the team's counters, in one statement. */
export async function insertOpAndAdvance(db: Queryable, teamId: string, seq: number, memberId: string, op: TeamOp, outcome: OpOutcome, message: string | null, auditHead: string): Promise<void> {
  await db.query(
    `WITH ins AS (
       INSERT INTO team_ops(team_id, seq, id, hlc, member_id, profile, operation, input, entities, base_seq, outcome, message)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     )
     UPDATE teams SET last_seq = $2, audit_head = $13 WHERE id = $1`,
    [teamId, seq, op.id, op.hlc, memberId, op.profile, op.operation, JSON.stringify(op.input ?? null), op.entities, op.baseSeq, outcome, message, auditHead],
  )
}

export async function advanceTeam(db: Queryable, teamId: string, lastSeq: number, auditHead: string): Promise<void> {
  await db.query('UPDATE teams SET last_seq = $2, audit_head = $3 WHERE id = $1', [teamId, lastSeq, auditHead])
}

export async function opsAfter(db: Queryable, teamId: string, afterSeq: number, limit: number): Promise<PulledOp[]> {
  const { rows } = await db.query<{
    seq: string; id: string; hlc: string; member_id: string; profile: string; operation: string
    input: unknown; entities: string[]; base_seq: string; outcome: OpOutcome; message: string | null
  }>(
    `SELECT seq, id, hlc, member_id, profile, operation, input, entities, base_seq, outcome, message
     FROM team_ops WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [teamId, afterSeq, limit],
  )
  return rows.map((r) => ({
    seq: Number(r.seq), id: r.id, hlc: r.hlc, memberId: r.member_id, profile: r.profile, operation: r.operation,
    input: r.input, entities: r.entities, baseSeq: Number(r.base_seq), outcome: r.outcome, message: r.message,
  }))
}

export async function lastSeq(db: Queryable, teamId: string): Promise<number> {
  const { rows } = await db.query<{ last_seq: string }>('SELECT last_seq FROM teams WHERE id = $1', [teamId])
  return Number(rows[0]?.last_seq ?? 0)
}
