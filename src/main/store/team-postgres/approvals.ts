import type { Queryable } from './queryable'

export interface ApprovalState {
  state: string
  textHash: string
  decidedBy: string | null
  decidedByName: string | null
}

/** Idempotent: the same approval submitted twice (a retried push) stays one row. */
export async function insertApproval(
  db: Queryable,
  teamId: string,
  a: { id: string; conversationId: string; channelAccount: string; text: string; textHash: string; requestedBy: string },
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO team_approvals(team_id, id, conversation_id, channel_account, state, text, text_hash, requested_by)
     VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7) ON CONFLICT DO NOTHING`,
    [teamId, a.id, a.conversationId, a.channelAccount, a.text, a.textHash, a.requestedBy],
  )
  return rowCount === 1
}

/**
 * The compare-and-set: decides only a pending approval whose text is still the one the decider
 * read. Returns the approval's row after the decision, or null when the compare failed.
 */
export async function decideApproval(
  db: Queryable,
  teamId: string,
  d: { id: string; expectedHash: string; state: string; text: string | null; textHash: string | null; decidedBy: string; hlc: string; seq: number },
): Promise<{ conversationId: string; channelAccount: string; text: string; textHash: string } | null> {
  const { rows } = await db.query<{ conversation_id: string; channel_account: string; text: string; text_hash: string }>(
    `UPDATE team_approvals SET state = $4, text = coalesce($5, text), text_hash = coalesce($6, text_hash),
       decided_by = $7, decided_hlc = $8, decided_seq = $9
     WHERE team_id = $1 AND id = $2 AND state = 'pending' AND text_hash = $3
     RETURNING conversation_id, channel_account, text, text_hash`,
    [teamId, d.id, d.expectedHash, d.state, d.text, d.textHash, d.decidedBy, d.hlc, d.seq],
  )
  const row = rows[0]
  return row ? { conversationId: row.conversation_id, channelAccount: row.channel_account, text: row.text, textHash: row.text_hash } : null
}

export async function approvalState(db: Queryable, teamId: string, id: string): Promise<ApprovalState | null> {
  const { rows } = await db.query<{ state: string; text_hash: string; decided_by: string | null; name: string | null }>(
    `SELECT a.state, a.text_hash, a.decided_by, m.name FROM team_approvals a
     LEFT JOIN team_members m ON m.team_id = a.team_id AND m.id = a.decided_by
     WHERE a.team_id = $1 AND a.id = $2`,
    [teamId, id],
  )
  const row = rows[0]
  return row ? { state: row.state, textHash: row.text_hash, decidedBy: row.decided_by, decidedByName: row.name } : null
}

/** The shared outbox row of an approved reply; its idempotency key is minted here, once, by PostgreSQL. */
export async function insertOutboxItem(
  db: Queryable,
  teamId: string,
  item: { approvalId: string; conversationId: string; channelAccount: string; text: string; textHash: string },
): Promise<{ id: string; idempotencyKey: string }> {
  const { rows } = await db.query<{ id: string; idempotency_key: string }>(
    `INSERT INTO team_outbox(team_id, id, approval_id, conversation_id, channel_account, text, text_hash, idempotency_key, state)
     VALUES ($1, gen_random_uuid(), $2, $3, $4, $5, $6, gen_random_uuid(), 'queued')
     RETURNING id, idempotency_key`,
    [teamId, item.approvalId, item.conversationId, item.channelAccount, item.text, item.textHash],
  )
  return { id: rows[0]!.id, idempotencyKey: rows[0]!.idempotency_key }
}
