import type Database from 'better-sqlite3'
import type { Db } from './database'

export interface TeamMembership {
  serverUrl: string
  teamId: string
  teamName: string
  memberId: string
  memberName: string
  role: string
  profile: string
  /** This laptop's name in leases ("who holds which poll lease"). */
  device: string
  lastPulledSeq: number
  lastSyncAt: number | null
  lastSyncProblem: string | null
}

export interface LoggedOp {
  id: string
  hlc: string
  profile: string
  operation: string
  input: unknown
  entities: string[]
  baseSeq: number
}

export interface PulledLogOp extends LoggedOp {
  seq: number
  memberId: string
  outcome: string
  message: string | null
}

interface OpRow { id: string; hlc: string; profile: string; operation: string; input: string; entities: string; base_seq: number }
const toOp = (r: OpRow): LoggedOp => ({
  id: r.id, hlc: r.hlc, profile: r.profile, operation: r.operation, input: JSON.parse(r.input) as unknown, entities: JSON.parse(r.entities) as string[], baseSeq: r.base_seq,
})

/** The local op log and the workspace's team membership (SQL of the team store's laptop side). */
export class TeamOpLogStore {
  constructor(private readonly db: Db) {}

  membership(): TeamMembership | null {
    const r = this.db
      .prepare<[], Record<string, string | number | null>>(
        `SELECT server_url, team_id, team_name, member_id, member_name, role, profile, device, last_pulled_seq, last_sync_at, last_sync_problem
         FROM team_membership WHERE id = 1`,
      )
      .get()
    if (!r) return null
    return {
      serverUrl: String(r.server_url), teamId: String(r.team_id), teamName: String(r.team_name), memberId: String(r.member_id),
      memberName: String(r.member_name), role: String(r.role), profile: String(r.profile), device: String(r.device),
      lastPulledSeq: Number(r.last_pulled_seq), lastSyncAt: r.last_sync_at === null ? null : Number(r.last_sync_at),
      lastSyncProblem: r.last_sync_problem === null ? null : String(r.last_sync_problem),
    }
  }

  setMembership(m: Omit<TeamMembership, 'lastPulledSeq' | 'lastSyncAt' | 'lastSyncProblem'>, now: number): void {
    this.db
      .prepare(
        `INSERT INTO team_membership(id, server_url, team_id, team_name, member_id, member_name, role, profile, device, joined_at)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(m.serverUrl, m.teamId, m.teamName, m.memberId, m.memberName, m.role, m.profile, m.device, now)
  }

  append(op: LoggedOp, now: number): void {
    this.db
      .prepare(
        `INSERT INTO team_op_log(id, hlc, profile, operation, input, entities, base_seq, origin, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'local', ?)`,
      )
      .run(op.id, op.hlc, op.profile, op.operation, JSON.stringify(op.input ?? null), JSON.stringify(op.entities), op.baseSeq, now)
  }

  /** Local ops not yet accepted by the team store, oldest first (the order they were made). */
  unpushed(limit: number): LoggedOp[] {
    return this.db
      .prepare<[number], OpRow>(
        "SELECT id, hlc, profile, operation, input, entities, base_seq FROM team_op_log WHERE server_seq IS NULL AND origin = 'local' ORDER BY rowid LIMIT ?",
      )
      .all(limit)
      .map(toOp)
  }

  unpushedCount(): number {
    return this.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM team_op_log WHERE server_seq IS NULL AND origin = 'local'").get()!.n
  }

  markPushed(results: readonly { id: string; seq: number; outcome: string; message: string | null }[]): void {
    const update = this.db.prepare('UPDATE team_op_log SET server_seq = ?, outcome = ?, message = ? WHERE id = ?')
    this.db.transaction(() => {
      for (const r of results) update.run(r.seq, r.outcome, r.message, r.id)
    })()
  }

  /**
   * Stores pulled ops and moves the pull cursor in one transaction. An op this laptop made is
   * already in the log: it only gets its number and outcome.
   */
  recordPulled(ops: readonly PulledLogOp[], lastSeq: number, now: number): void {
    const own = this.db.prepare('UPDATE team_op_log SET server_seq = ?, outcome = ?, message = ?, member_id = ? WHERE id = ?')
    const insert = this.db.prepare(
      `INSERT INTO team_op_log(id, hlc, profile, operation, input, entities, base_seq, origin, member_id, server_seq, outcome, message, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'remote', ?, ?, ?, ?, ?)`,
    )
    this.db.transaction(() => {
      for (const op of ops) {
        if (own.run(op.seq, op.outcome, op.message, op.memberId, op.id).changes > 0) continue
        insert.run(op.id, op.hlc, op.profile, op.operation, JSON.stringify(op.input ?? null), JSON.stringify(op.entities), op.baseSeq, op.memberId, op.seq, op.outcome, op.message, now)
      }
      this.db.prepare('UPDATE team_membership SET last_pulled_seq = max(last_pulled_seq, ?) WHERE id = 1').run(lastSeq)
    })()
  }

  /**
   * Pulled ops (this laptop's own included, which come back with their outcome) not yet applied to
   * this workspace, in the team's order, up to what has been pulled: a pushed op waits for the ops
   * numbered before it.
   */
  toApply(limit: number): (PulledLogOp & { origin: 'local' | 'remote' })[] {
    return this.db
      .prepare<[number], OpRow & { server_seq: number; member_id: string | null; outcome: string; message: string | null; origin: 'local' | 'remote' }>(
        `SELECT id, hlc, profile, operation, input, entities, base_seq, server_seq, member_id, outcome, message, origin FROM team_op_log
         WHERE applied_at IS NULL AND server_seq IS NOT NULL AND server_seq <= (SELECT last_pulled_seq FROM team_membership WHERE id = 1)
         ORDER BY server_seq LIMIT ?`,
      )
      .all(limit)
      .map((r) => ({ ...toOp(r), seq: r.server_seq, memberId: r.member_id ?? '', outcome: r.outcome, message: r.message, origin: r.origin }))
  }

  /** Called inside the transaction that applied the op (or with the reason it could not be). */
  markApplied(id: string, at: number, problem: string | null): void {
    // Prepared once: a catch-up marks tens of thousands.
    this.markAppliedStmt ??= this.db.prepare('UPDATE team_op_log SET applied_at = ?, apply_problem = ? WHERE id = ?')
    this.markAppliedStmt.run(at, problem, id)
  }
  private markAppliedStmt: Database.Statement<[number, string | null, string]> | null = null

  /** Pulled ops that could not be applied here, newest first, in plain words. */
  applyProblems(limit: number): { operation: string; problem: string }[] {
    return this.db
      .prepare<[number], { operation: string; problem: string }>(
        'SELECT operation, apply_problem AS problem FROM team_op_log WHERE apply_problem IS NOT NULL ORDER BY server_seq DESC LIMIT ?',
      )
      .all(limit)
  }

  recordSync(at: number, problem: string | null): void {
    this.db.prepare('UPDATE team_membership SET last_sync_at = CASE WHEN ? IS NULL THEN ? ELSE last_sync_at END, last_sync_problem = ? WHERE id = 1').run(problem, at, problem)
  }

  /** The newest clock in the log, so the hybrid clock never runs backwards across restarts. */
  latestHlc(): string | null {
    return this.db.prepare<[], { hlc: string | null }>('SELECT max(hlc) AS hlc FROM team_op_log').get()?.hlc ?? null
  }

  /** Ops whose outcome the team store decided against this laptop (a lost approval race, a refusal). */
  contested(limit: number): (LoggedOp & { outcome: string; message: string | null })[] {
    return this.db
      .prepare<[number], OpRow & { outcome: string; message: string | null }>(
        "SELECT id, hlc, profile, operation, input, entities, base_seq, outcome, message FROM team_op_log WHERE origin = 'local' AND outcome IN ('lost', 'rejected') ORDER BY rowid DESC LIMIT ?",
      )
      .all(limit)
      .map((r) => ({ ...toOp(r), outcome: r.outcome, message: r.message }))
  }
}
