import type { OpOutcome, PulledOp, TeamOp } from '../../model/team-op'
import type { Queryable } from './queryable'

/** Locks the team's row for this transaction: ops of one team are numbered and applied one at a time. */
export async function lockTeam(db: Queryable, teamId: string): Promise<{ lastSeq: number; auditHead: string } | null> {
  const { rows } = await db.query<{ last_seq: string; audit_head: string }>('SELECT last_seq, audit_head FROM teams WHERE id = $1 FOR UPDATE', [teamId])
  const row = rows[0]
  return row ? { lastSeq: Number(row.last_seq), auditHead: row.audit_head } : null
}

/** The earlier outcomes of those op ids (a retried push), by id. */
export async function knownOps(db: Queryable, teamId: string, ids: readonly string[]): Promise<Map<string, { seq: number; outcome: OpOutcome; message: string | null }>> {
  const { rows } = await db.query<{ id: string; seq: string; outcome: OpOutcome; message: string | null }>(
    'SELECT id, seq, outcome, message FROM team_ops WHERE team_id = $1 AND id = ANY($2::uuid[])',
    [teamId, ids],
  )
  return new Map(rows.map((r) => [r.id, { seq: Number(r.seq), outcome: r.outcome, message: r.message }]))
}

export interface OpRowToInsert {
  seq: number
  memberId: string
  op: TeamOp
  /** The op's place in the pushed request's `ops`, when its JSON text is given to insertOps. */
  index?: number
  outcome: OpOutcome
  message: string | null
}

/**
 * Writes many ops with their outcomes in one statement (one round trip for a pushed batch). With the
 * request's JSON text, each op's input is taken from it (PostgreSQL reads the text once) instead of
 * being turned back into JSON here: the inputs are most of a batch's bytes.
 */
export async function insertOps(db: Queryable, teamId: string, rows: readonly OpRowToInsert[], requestJson?: string): Promise<void> {
  if (rows.length === 0) return
  // PostgreSQL's jsonb refuses \u0000 anywhere in the text, even in a field the service ignores: such a request is written out again.
  const fromRequest = requestJson !== undefined && !requestJson.includes('\\u0000')
  const records = rows.map((r) => ({
    seq: r.seq, id: r.op.id, hlc: r.op.hlc, member_id: r.memberId, profile: r.op.profile, operation: r.op.operation,
    ...(fromRequest ? { at: r.index } : { input: r.op.input ?? null }), entities: r.op.entities, base_seq: r.op.baseSeq, outcome: r.outcome, message: r.message,
  }))
  await db.query(
    `WITH request AS (SELECT $3::jsonb -> 'ops' AS ops)
     INSERT INTO team_ops(team_id, seq, id, hlc, member_id, profile, operation, input, entities, base_seq, outcome, message)
     SELECT $1, r.seq, r.id, r.hlc, r.member_id, r.profile, r.operation,
            coalesce(CASE WHEN r.at IS NULL THEN r.input ELSE request.ops -> r.at -> 'input' END, 'null'::jsonb),
            ARRAY(SELECT jsonb_array_elements_text(r.entities))::uuid[], r.base_seq, r.outcome, r.message
     FROM request, jsonb_to_recordset($2::jsonb) AS r(seq bigint, id uuid, hlc text, member_id uuid, profile text, operation text,
                                             input jsonb, at int, entities jsonb, base_seq bigint, outcome text, message text)
     ORDER BY r.seq`,
    [teamId, JSON.stringify(records), fromRequest ? requestJson : null],
  )
}

/** The channel every service instance listens on: "<team id> <last seq>" once a push commits. */
export const OPS_CHANNEL = 'parley_team_ops'

/** Moves the team's counters and, when the transaction commits, tells every listening service the new last number. */
export async function advanceTeamAndNotify(db: Queryable, teamId: string, lastSeq: number, auditHead: string): Promise<void> {
  await db.query(
    `WITH u AS (UPDATE teams SET last_seq = $2, audit_head = $3 WHERE id = $1 RETURNING id)
     SELECT pg_notify('${OPS_CHANNEL}', $1::text || ' ' || $2::text) FROM u`,
    [teamId, lastSeq, auditHead],
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
