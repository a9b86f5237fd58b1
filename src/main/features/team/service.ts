import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { ParleyError } from '../../../shared/contract'
import { auditHash, type AuditEntry } from './audit-chain'
import { hashSecret, normaliseJoinCode, mintJoinCode } from './credentials'
import type { OpResult, PulledOp, Role, TeamOp } from '../../model/team-op'
import { auditChain, insertAudit, nextAuditSeq } from '../../store/team-postgres/audit'
import * as leases from '../../store/team-postgres/leases'
import { adminCount, insertInvite, insertMember, insertTeam, listMembers, memberByKeyHash, redeemInvite, removeMember, teamName, type MemberRow } from '../../store/team-postgres/members'
import { migrateTeamStore } from '../../store/team-postgres/migrate'
import { advanceTeam, advanceTeamAndNotify, lastSeq, lockTeam, opsAfter } from '../../store/team-postgres/ops'
import { OpsListener } from '../../store/team-postgres/ops-listener'
import type { Queryable } from '../../store/team-postgres/queryable'
import { OpWaiters } from './op-waiters'
import { applyBatch } from './push-batch'

const INVITE_TTL_MS = 7 * 24 * 3600_000
export const MAX_LEASE_MS = 10 * 60_000
/** The longest a long-poll pull waits for a new op. */
export const MAX_WAIT_MS = 60_000

/**
 * The team sync service's domain side: members, pushed batches applied in one PostgreSQL transaction
 * each under the team's lock, pulls by sequence number, poll leases and the shared outbox. Stateless
 * besides the database, so several services may run against one PostgreSQL.
 */
export class TeamService {
  private readonly waiters = new OpWaiters()
  private readonly listener: OpsListener
  private closing = false

  private constructor(
    private readonly pool: pg.Pool,
    listenerConfig: pg.ClientConfig,
  ) {
    this.listener = new OpsListener(listenerConfig, (teamId, seq) => this.waiters.notify(teamId, seq), () => this.waiters.wakeAll())
  }

  static async open(connectionString: string, options: { ssl?: pg.PoolConfig['ssl'] } = {}): Promise<TeamService> {
    const config = { connectionString, ...(options.ssl ? { ssl: options.ssl } : {}) }
    const pool = new pg.Pool({ ...config, max: 10 })
    // An idle connection dropped by the server must not crash the service; the pool replaces it.
    pool.on('error', () => undefined)
    const service = new TeamService(pool, config)
    try {
      await migrateTeamStore(pool)
      // One dedicated connection listens for pushes committed through any service on this database.
      await service.listener.start()
    } catch (error) {
      await pool.end()
      throw error
    }
    return service
  }

  async close(): Promise<void> {
    this.closing = true
    this.waiters.wakeAll()
    await this.listener.close()
    await this.pool.end()
  }

  async createTeam(input: { name: string; memberId: string; memberName: string; profile: string; key: Buffer }): Promise<{ teamId: string; member: MemberRow }> {
    const teamId = randomUUID()
    const member: MemberRow = { teamId, id: input.memberId, name: input.memberName, profile: input.profile, role: 'admin' }
    await this.transaction(teamId, async (db, head) => {
      await insertMember(db, member, hashSecret(input.key))
      return this.audit(db, teamId, head, member.id, 'team.created', { name: input.name, admin: member.name })
    }, async (db) => insertTeam(db, teamId, input.name))
    return { teamId, member }
  }

  async authenticate(memberId: string, key: Buffer): Promise<MemberRow | null> {
    return memberByKeyHash(this.pool, memberId, hashSecret(key))
  }

  async invite(admin: MemberRow, role: Role, name: string): Promise<string> {
    if (admin.role !== 'admin') throw new ParleyError('unauthorized', 'Only an admin of the team may invite members.')
    const code = mintJoinCode()
    await this.transaction(admin.teamId, async (db, head) => {
      await insertInvite(db, { teamId: admin.teamId, codeHash: hashSecret(normaliseJoinCode(code)), role, name, invitedBy: admin.id, ttlMs: INVITE_TTL_MS })
      return this.audit(db, admin.teamId, head, admin.id, 'member.invited', { role, name })
    })
    return code
  }

  async join(input: { code: string; memberId: string; profile: string; key: Buffer }): Promise<{ teamId: string; teamName: string; member: MemberRow }> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const invite = await redeemInvite(client, hashSecret(normaliseJoinCode(input.code)), input.memberId)
      if (!invite) {
        await client.query('ROLLBACK')
        throw new ParleyError('unauthorized', 'That join code is unknown, already used or expired. Ask an admin for a new one (parley team invite).')
      }
      const head = await lockTeam(client, invite.teamId)
      const member: MemberRow = { teamId: invite.teamId, id: input.memberId, name: invite.name, profile: input.profile, role: invite.role }
      await insertMember(client, member, hashSecret(input.key))
      const auditHead = await this.audit(client, invite.teamId, head!.auditHead, member.id, 'member.joined', { name: member.name, role: member.role })
      await advanceTeam(client, invite.teamId, head!.lastSeq, auditHead)
      await client.query('COMMIT')
      return { teamId: invite.teamId, teamName: (await teamName(this.pool, invite.teamId)) ?? '', member }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  /**
   * An admin removes a member (someone who left, a lost laptop): that member's laptops are signed out
   * of the team at their next request, and the leases it held are handed on at once. The team keeps
   * one admin at least.
   */
  async removeMember(admin: MemberRow, name: string): Promise<MemberRow> {
    if (admin.role !== 'admin') throw new ParleyError('unauthorized', 'Only an admin of the team may remove members.')
    let removed: MemberRow | null = null
    await this.transaction(admin.teamId, async (db, head) => {
      removed = await removeMember(db, admin.teamId, name)
      if (!removed) throw new ParleyError('not_found', `The team has no member named "${name}". See the members with: parley team status`)
      if (removed.role === 'admin' && (await adminCount(db, admin.teamId)) === 0) {
        throw new ParleyError('conflict', `${removed.name} is the team's last admin: invite another admin first (parley team invite --role admin).`)
      }
      return this.audit(db, admin.teamId, head, admin.id, 'member.removed', { name: removed.name, role: removed.role })
    })
    return removed!
  }

  members(member: MemberRow): Promise<MemberRow[]> {
    return listMembers(this.pool, member.teamId)
  }

  /**
   * A pushed batch in one transaction: one team lock, one commit. Each op's rule still runs in order
   * and its outcome is recorded; each runs under its own savepoint, so an op whose rule throws is
   * rolled back alone and recorded as rejected while the others stand. A retried op is answered
   * from the log, never applied twice. The commit notifies every service listening (long-polls).
   * `requestJson` is the request the ops were parsed from (`{"ops": [...]}`, in the same order): the
   * log keeps their inputs as the laptop wrote them, without writing them out again.
   */
  async push(member: MemberRow, ops: readonly TeamOp[], requestJson?: string): Promise<OpResult[]> {
    if (ops.length === 0) return []
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      const head = await lockTeam(client, member.teamId)
      if (!head) throw new ParleyError('not_found', 'This team no longer exists in the team store.')
      const { results, lastSeq: last, auditHead, written } = await applyBatch(client, member, head, ops, (db, prev, action, detail) => this.audit(db, member.teamId, prev, member.id, action, detail), requestJson)
      if (written > 0) await advanceTeamAndNotify(client, member.teamId, last, auditHead)
      await client.query('COMMIT')
      return results
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  /**
   * Ops after `afterSeq`. With `waitMs`, a long-poll: when there is nothing yet, answers as soon as an
   * op with a higher number commits through any service on this database (LISTEN/NOTIFY), or empty
   * when the wait ends or the laptop hangs up.
   */
  async pull(member: MemberRow, afterSeq: number, limit: number, waitMs = 0, signal?: AbortSignal): Promise<{ ops: PulledOp[]; lastSeq: number }> {
    const take = Math.min(Math.max(limit, 1), 5_000)
    const deadline = Date.now() + Math.min(Math.max(waitMs, 0), MAX_WAIT_MS)
    for (;;) {
      // Registered before the read: a commit between the read and the wait still wakes it.
      const waiter = waitMs > 0 && !this.closing ? this.waiters.add(member.teamId, afterSeq) : null
      try {
        const ops = await opsAfter(this.pool, member.teamId, afterSeq, take)
        const last = await lastSeq(this.pool, member.teamId)
        const left = deadline - Date.now()
        if (ops.length > 0 || !waiter || left <= 0 || signal?.aborted || this.closing) return { ops, lastSeq: last }
        // Without the listener (its connection is being replaced) the log is read again every second.
        await waiter.wait(this.listener.connected ? left : Math.min(left, 1_000), signal)
        if (signal?.aborted || this.closing) return { ops: [], lastSeq: last }
      } finally {
        waiter?.remove()
      }
    }
  }

  auditChain(member: MemberRow): Promise<AuditEntry[]> {
    return auditChain(this.pool, member.teamId)
  }

  claimPollLease(member: MemberRow, c: { channelAccount: string; stream: string; device: string; ttlMs: number }): ReturnType<typeof leases.claimPollLease> {
    return leases.claimPollLease(this.pool, member.teamId, { ...c, holder: member.id, ttlMs: Math.min(c.ttlMs, MAX_LEASE_MS) })
  }

  releasePollLease(member: MemberRow, r: { channelAccount: string; stream: string; device: string }): Promise<void> {
    return leases.releasePollLease(this.pool, member.teamId, { ...r, holder: member.id })
  }

  pollLeases(member: MemberRow): Promise<leases.PollLease[]> {
    return leases.pollLeases(this.pool, member.teamId)
  }

  claimOutboxItem(member: MemberRow, c: { channelAccounts: string[]; device: string; leaseMs: number; approvalId?: string }): Promise<leases.ClaimedOutboxItem | null> {
    return leases.claimOutboxItem(this.pool, member.teamId, { ...c, holder: member.id, leaseMs: Math.min(c.leaseMs, MAX_LEASE_MS) })
  }

  /** Marks sent under the claimed fence and writes the audit entry in the same transaction; false when the fence moved on. */
  async markOutboxSent(member: MemberRow, m: { id: string; fence: number; remoteId: string }): Promise<boolean> {
    let marked = false
    await this.transaction(member.teamId, async (db, head) => {
      marked = await leases.markOutboxSent(db, member.teamId, { ...m, memberId: member.id })
      return marked ? this.audit(db, member.teamId, head, member.id, 'outbox.sent', { outboxId: m.id, fence: m.fence, remoteId: m.remoteId }) : head
    })
    return marked
  }

  releaseOutboxItem(member: MemberRow, r: { id: string; fence: number; retryInMs: number; unconfirmed: boolean }): Promise<boolean> {
    return leases.releaseOutboxItem(this.pool, member.teamId, r)
  }

  outboxItem(member: MemberRow, id: string): ReturnType<typeof leases.outboxItem> {
    return leases.outboxItem(this.pool, member.teamId, id)
  }

  outboxByApproval(member: MemberRow, approvalId: string): ReturnType<typeof leases.outboxByApproval> {
    return leases.outboxByApproval(this.pool, member.teamId, approvalId)
  }

  /** Runs `work` holding the team's lock; it returns the new audit head. `before` runs first (e.g. to create the team). */
  private async transaction(teamId: string, work: (db: Queryable, auditHead: string) => Promise<string>, before?: (db: Queryable) => Promise<void>): Promise<void> {
    const client = await this.pool.connect()
    try {
      await client.query('BEGIN')
      if (before) await before(client)
      const head = await lockTeam(client, teamId)
      if (!head) throw new ParleyError('not_found', 'This team no longer exists in the team store.')
      const auditHead = await work(client, head.auditHead)
      await advanceTeam(client, teamId, head.lastSeq, auditHead)
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw error
    } finally {
      client.release()
    }
  }

  private async audit(db: Queryable, teamId: string, prevHash: string, memberId: string | null, action: string, detail: Record<string, unknown>): Promise<string> {
    const seq = await nextAuditSeq(db, teamId)
    const at = new Date().toISOString()
    const hash = auditHash(prevHash, { seq, memberId, action, detail, at })
    await insertAudit(db, teamId, { seq, memberId, action, detail, at, prevHash, hash })
    return hash
  }
}
