import type { Queryable } from './queryable'

export interface PollLease {
  channelAccount: string
  stream: string
  holder: string
  device: string
  fence: number
  expiresAt: string
}

interface LeaseRow { channel_account: string; stream: string; holder: string; device: string; fence: string; expires_at: Date }
const toLease = (r: LeaseRow): PollLease => ({
  channelAccount: r.channel_account, stream: r.stream, holder: r.holder, device: r.device, fence: Number(r.fence), expiresAt: r.expires_at.toISOString(),
})

/**
 * Takes or renews the poll lease of one (channel account, stream). The database's clock decides
 * expiry, so laptops with skewed clocks agree. A new holder gets a higher fence.
 */
export async function claimPollLease(
  db: Queryable,
  teamId: string,
  c: { channelAccount: string; stream: string; holder: string; device: string; ttlMs: number },
): Promise<{ granted: boolean; lease: PollLease }> {
  const claimed = await db.query<LeaseRow>(
    `INSERT INTO team_poll_leases(team_id, channel_account, stream, holder, device, fence, expires_at)
     VALUES ($1, $2, $3, $4, $5, 1, now() + $6 * interval '1 millisecond')
     ON CONFLICT (team_id, channel_account, stream) DO UPDATE SET
       holder = excluded.holder, device = excluded.device, expires_at = excluded.expires_at,
       fence = team_poll_leases.fence + CASE WHEN team_poll_leases.holder = excluded.holder AND team_poll_leases.device = excluded.device THEN 0 ELSE 1 END
     WHERE team_poll_leases.expires_at < now() OR (team_poll_leases.holder = excluded.holder AND team_poll_leases.device = excluded.device)
     RETURNING channel_account, stream, holder, device, fence, expires_at`,
    [teamId, c.channelAccount, c.stream, c.holder, c.device, c.ttlMs],
  )
  if (claimed.rows[0]) return { granted: true, lease: toLease(claimed.rows[0]) }
  const held = await db.query<LeaseRow>(
    'SELECT channel_account, stream, holder, device, fence, expires_at FROM team_poll_leases WHERE team_id = $1 AND channel_account = $2 AND stream = $3',
    [teamId, c.channelAccount, c.stream],
  )
  return { granted: false, lease: toLease(held.rows[0]!) }
}

export async function releasePollLease(db: Queryable, teamId: string, r: { channelAccount: string; stream: string; holder: string; device: string }): Promise<void> {
  await db.query(
    "UPDATE team_poll_leases SET expires_at = now() - interval '1 millisecond' WHERE team_id = $1 AND channel_account = $2 AND stream = $3 AND holder = $4 AND device = $5",
    [teamId, r.channelAccount, r.stream, r.holder, r.device],
  )
}

export async function pollLeases(db: Queryable, teamId: string): Promise<PollLease[]> {
  const { rows } = await db.query<LeaseRow>(
    'SELECT channel_account, stream, holder, device, fence, expires_at FROM team_poll_leases WHERE team_id = $1 AND expires_at > now() ORDER BY channel_account, stream',
    [teamId],
  )
  return rows.map(toLease)
}

export interface ClaimedOutboxItem {
  id: string
  approvalId: string
  conversationId: string
  channelAccount: string
  text: string
  textHash: string
  idempotencyKey: string
  fence: number
  attempts: number
  leaseExpiresAt: string
  /**
   * The item was `sending` under a lease that expired (or under this laptop's own lease, taken back),
   * or an earlier send's outcome is unknown: reconcile with the platform before any resend.
   */
  takeover: boolean
}

/**
 * Claims one due outbox item of the given channel accounts (those whose secret this laptop holds):
 * the row is picked with FOR UPDATE SKIP LOCKED so two laptops never wait on or take the same one,
 * and the claim bumps the fence, which makes any older lease holder's mark-sent a no-op. A claim of
 * one approval's reply also takes back the same member's and device's unexpired lease on it.
 */
export async function claimOutboxItem(
  db: Queryable,
  teamId: string,
  c: { channelAccounts: string[]; holder: string; device: string; leaseMs: number; approvalId?: string },
): Promise<ClaimedOutboxItem | null> {
  const { rows } = await db.query<{
    id: string; approval_id: string; conversation_id: string; channel_account: string; text: string; text_hash: string
    idempotency_key: string; fence: string; attempts: number; lease_expires_at: Date; was: string; unconfirmed: boolean
  }>(
    `WITH due AS (
       SELECT id, state AS was, unconfirmed FROM team_outbox
       WHERE team_id = $1 AND channel_account = ANY($2::text[]) AND due_at <= now()
         AND (state = 'queued' OR (state = 'sending' AND lease_expires_at < now())
           -- This laptop's own lease on the reply it asks for: its claim answer was lost, or it restarted
           -- after a crash between the post and mark-sent. A takeover: it asks the platform before any resend.
           OR (state = 'sending' AND $6::uuid IS NOT NULL AND lease_holder = $3 AND lease_device = $4))
         AND ($6::uuid IS NULL OR approval_id = $6::uuid)
       ORDER BY due_at, id LIMIT 1
       FOR UPDATE SKIP LOCKED
     )
     UPDATE team_outbox o SET state = 'sending', lease_holder = $3, lease_device = $4,
       lease_expires_at = now() + $5 * interval '1 millisecond', fence = o.fence + 1, attempts = o.attempts + 1
     FROM due WHERE o.team_id = $1 AND o.id = due.id
     RETURNING o.id, o.approval_id, o.conversation_id, o.channel_account, o.text, o.text_hash, o.idempotency_key,
       o.fence, o.attempts, o.lease_expires_at, due.was, due.unconfirmed`,
    [teamId, c.channelAccounts, c.holder, c.device, c.leaseMs, c.approvalId ?? null],
  )
  const r = rows[0]
  if (!r) return null
  return {
    id: r.id, approvalId: r.approval_id, conversationId: r.conversation_id, channelAccount: r.channel_account, text: r.text,
    textHash: r.text_hash, idempotencyKey: r.idempotency_key, fence: Number(r.fence), attempts: r.attempts,
    leaseExpiresAt: r.lease_expires_at.toISOString(), takeover: r.was === 'sending' || r.unconfirmed,
  }
}

/** Marks sent only under the fence the sender claimed with; false when another laptop has taken over since. */
export async function markOutboxSent(db: Queryable, teamId: string, m: { id: string; fence: number; remoteId: string; memberId: string }): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE team_outbox SET state = 'sent', remote_id = $4, sent_by = $5, unconfirmed = false, lease_holder = NULL, lease_device = NULL, lease_expires_at = NULL
     WHERE team_id = $1 AND id = $2 AND fence = $3 AND state = 'sending'`,
    [teamId, m.id, m.fence, m.remoteId, m.memberId],
  )
  return rowCount === 1
}

/**
 * Gives a claimed item back to be retried after a delay; only under the same fence. `unconfirmed`
 * when the send may have reached the platform (a timeout): whoever claims it next reconciles first.
 */
export async function releaseOutboxItem(db: Queryable, teamId: string, r: { id: string; fence: number; retryInMs: number; unconfirmed: boolean }): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE team_outbox SET state = 'queued', due_at = now() + $4 * interval '1 millisecond', unconfirmed = unconfirmed OR $5,
       lease_holder = NULL, lease_device = NULL, lease_expires_at = NULL
     WHERE team_id = $1 AND id = $2 AND fence = $3 AND state = 'sending'`,
    [teamId, r.id, r.fence, r.retryInMs, r.unconfirmed],
  )
  return rowCount === 1
}

export async function outboxItem(db: Queryable, teamId: string, id: string): Promise<{ state: string; fence: number; remoteId: string | null; idempotencyKey: string } | null> {
  const { rows } = await db.query<{ state: string; fence: string; remote_id: string | null; idempotency_key: string }>(
    'SELECT state, fence, remote_id, idempotency_key FROM team_outbox WHERE team_id = $1 AND id = $2',
    [teamId, id],
  )
  const r = rows[0]
  return r ? { state: r.state, fence: Number(r.fence), remoteId: r.remote_id, idempotencyKey: r.idempotency_key } : null
}

export async function outboxByApproval(db: Queryable, teamId: string, approvalId: string): Promise<{ id: string; state: string; idempotencyKey: string; textHash: string } | null> {
  const { rows } = await db.query<{ id: string; state: string; idempotency_key: string; text_hash: string }>(
    'SELECT id, state, idempotency_key, text_hash FROM team_outbox WHERE team_id = $1 AND approval_id = $2',
    [teamId, approvalId],
  )
  const r = rows[0]
  return r ? { id: r.id, state: r.state, idempotencyKey: r.idempotency_key, textHash: r.text_hash } : null
}
