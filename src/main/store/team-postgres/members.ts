import type { Role } from '../../model/team-op'
import type { Queryable } from './queryable'

export interface MemberRow {
  teamId: string
  id: string
  name: string
  profile: string
  role: Role
}

const MEMBER_COLUMNS = 'team_id AS "teamId", id, name, profile, role'

export async function insertTeam(db: Queryable, id: string, name: string): Promise<void> {
  await db.query('INSERT INTO teams(id, name) VALUES ($1, $2)', [id, name])
}

export async function insertMember(db: Queryable, member: MemberRow, keyHash: Buffer): Promise<void> {
  await db.query('INSERT INTO team_members(team_id, id, name, profile, role, key_hash) VALUES ($1, $2, $3, $4, $5, $6)', [
    member.teamId, member.id, member.name, member.profile, member.role, keyHash,
  ])
}

export async function memberByKeyHash(db: Queryable, memberId: string, keyHash: Buffer): Promise<MemberRow | null> {
  const { rows } = await db.query<MemberRow>(
    `SELECT ${MEMBER_COLUMNS} FROM team_members WHERE id = $1 AND key_hash = $2 AND removed_at IS NULL`,
    [memberId, keyHash],
  )
  return rows[0] ?? null
}

export async function listMembers(db: Queryable, teamId: string): Promise<MemberRow[]> {
  const { rows } = await db.query<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM team_members WHERE team_id = $1 AND removed_at IS NULL ORDER BY joined_at, name`, [teamId])
  return rows
}

export async function teamName(db: Queryable, teamId: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM teams WHERE id = $1', [teamId])
  return rows[0]?.name ?? null
}

export async function insertInvite(db: Queryable, invite: { teamId: string; codeHash: Buffer; role: Role; name: string; invitedBy: string; ttlMs: number }): Promise<void> {
  await db.query(
    "INSERT INTO team_invites(team_id, code_hash, role, name, invited_by, expires_at) VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond')",
    [invite.teamId, invite.codeHash, invite.role, invite.name, invite.invitedBy, invite.ttlMs],
  )
}

/** Marks a join code used (once) and returns what it invites to; null when unknown, used or expired. */
export async function redeemInvite(db: Queryable, codeHash: Buffer, memberId: string): Promise<{ teamId: string; role: Role; name: string } | null> {
  const { rows } = await db.query<{ teamId: string; role: Role; name: string }>(
    `UPDATE team_invites SET used_by = $2 WHERE code_hash = $1 AND used_by IS NULL AND expires_at > now()
     RETURNING team_id AS "teamId", role, name`,
    [codeHash, memberId],
  )
  return rows[0] ?? null
}

/**
 * Removes a member: its key no longer signs in, and the poll leases and send leases it holds run out
 * at once (a send it may have made is reconciled by whoever takes the reply over, as after a crash).
 * The member row stays, so its ops and audit entries keep their author. Null when no member of that
 * name is in the team.
 */
export async function removeMember(db: Queryable, teamId: string, name: string): Promise<MemberRow | null> {
  const { rows } = await db.query<MemberRow>(
    `UPDATE team_members SET removed_at = now() WHERE team_id = $1 AND lower(name) = lower($2) AND removed_at IS NULL RETURNING ${MEMBER_COLUMNS}`,
    [teamId, name],
  )
  const removed = rows[0]
  if (!removed) return null
  await db.query("UPDATE team_poll_leases SET expires_at = now() - interval '1 millisecond' WHERE team_id = $1 AND holder = $2", [teamId, removed.id])
  await db.query("UPDATE team_outbox SET lease_expires_at = now() - interval '1 millisecond' WHERE team_id = $1 AND lease_holder = $2 AND state = 'sending'", [teamId, removed.id])
  return removed
}

export async function adminCount(db: Queryable, teamId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM team_members WHERE team_id = $1 AND role = 'admin' AND removed_at IS NULL", [teamId])
  return Number(rows[0]?.n ?? 0)
}
