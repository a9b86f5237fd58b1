import type { Queryable } from './queryable'

/** What a cancel or retry found the team's row of an approval's reply in. */
export type OutboxControl =
  | { kind: 'done' }
  /** No team row: the approval was never approved in the team store (or the reply was exempt). */
  | { kind: 'none' }
  | { kind: 'sent'; by: string | null }
  /** Under a lease now, or an earlier try's outcome is unknown: it may already be on the platform. */
  | { kind: 'in_flight' }
  /** Taking an approval back that someone else approved. */
  | { kind: 'not_approver' }

async function whyNot(db: Queryable, teamId: string, approvalId: string): Promise<OutboxControl> {
  const { rows } = await db.query<{ state: string; name: string | null }>(
    `SELECT o.state, m.name FROM team_outbox o LEFT JOIN team_members m ON m.team_id = o.team_id AND m.id = o.sent_by
     WHERE o.team_id = $1 AND o.approval_id = $2`,
    [teamId, approvalId],
  )
  const row = rows[0]
  if (!row) return { kind: 'none' }
  if (row.state === 'cancelled') return { kind: 'done' }
  if (row.state === 'sent') return { kind: 'sent', by: row.name }
  return { kind: 'in_flight' }
}

/**
 * Stops an approved reply on every laptop: its team row is cancelled, and a claim (the only way any
 * laptop may send it) never takes a cancelled row. Only a queued row that no try may have reached the
 * platform with can be cancelled; one being sent, or sent, stays as it is. With `reopen`, the approver
 * takes the approval back: the request is pending again and the row goes, so a new decision mints a
 * new one.
 */
export async function cancelTeamReply(db: Queryable, teamId: string, c: { approvalId: string; reopen: boolean; memberId: string }): Promise<OutboxControl> {
  if (c.reopen) {
    const { rows } = await db.query(
      `DELETE FROM team_outbox o USING team_approvals a
       WHERE o.team_id = $1 AND o.approval_id = $2 AND o.state = 'queued' AND NOT o.unconfirmed
         AND a.team_id = o.team_id AND a.id = o.approval_id AND a.state = 'approved' AND a.decided_by = $3
       RETURNING o.id`,
      [teamId, c.approvalId, c.memberId],
    )
    if (rows.length === 1) {
      await db.query(
        `UPDATE team_approvals SET state = 'pending', decided_by = NULL, decided_hlc = NULL, decided_seq = NULL WHERE team_id = $1 AND id = $2`,
        [teamId, c.approvalId],
      )
      return { kind: 'done' }
    }
    const { rows: approval } = await db.query<{ decided_by: string | null }>('SELECT decided_by FROM team_approvals WHERE team_id = $1 AND id = $2', [teamId, c.approvalId])
    if (approval[0] && approval[0].decided_by !== c.memberId) return { kind: 'not_approver' }
    return whyNot(db, teamId, c.approvalId)
  }
  const { rowCount } = await db.query(
    `UPDATE team_outbox SET state = 'cancelled', lease_holder = NULL, lease_device = NULL, lease_expires_at = NULL
     WHERE team_id = $1 AND approval_id = $2 AND state = 'queued' AND NOT unconfirmed`,
    [teamId, c.approvalId],
  )
  return rowCount === 1 ? { kind: 'done' } : whyNot(db, teamId, c.approvalId)
}

/** Asks again at once for a reply that is waiting (a failed try is back in the queue, due later). A cancelled or sent reply stays so. */
export async function retryTeamReply(db: Queryable, teamId: string, approvalId: string): Promise<OutboxControl> {
  const { rowCount } = await db.query(
    `UPDATE team_outbox SET state = 'queued', due_at = now() WHERE team_id = $1 AND approval_id = $2 AND state IN ('queued', 'failed')`,
    [teamId, approvalId],
  )
  return rowCount === 1 ? { kind: 'done' } : whyNot(db, teamId, approvalId)
}
