import type { StreamHealth } from '../../shared/contract'
import type { Db } from './database'

export interface StreamRow {
  channel_account_id: number
  stream: string
  cursor: string | null
  next_poll_at: number
  last_attempt_at: number | null
  last_success_at: number | null
  last_fetched: number
  total_fetched: number
  error_count: number
  last_error: string | null
  last_error_at: number | null
  cooldown_until: number | null
  gap_at: number | null
}

/** A detected gap is worth a warning for a day; after that the user has seen it or it no longer matters. */
const GAP_WARNING_MS = 24 * 3_600_000

export const toStreamHealth = (r: StreamRow, backfilling: boolean, now: number): StreamHealth => ({
  stream: r.stream,
  lastAttemptAt: r.last_attempt_at,
  lastSuccessAt: r.last_success_at,
  nextPollAt: r.next_poll_at || null,
  lastFetched: r.last_fetched,
  totalFetched: r.total_fetched,
  lastError: r.last_error,
  lastErrorAt: r.last_error_at,
  rateLimitedUntil: r.cooldown_until,
  mayBeMissingItems: r.gap_at !== null && now - r.gap_at < GAP_WARNING_MS,
  backfilling,
})

/** Cursors and health per (channel account, stream); the sync engine is the only writer. */
export class SyncStreamStore {
  private readonly ensureStmt
  private readonly forAccount
  private readonly allStmt
  private readonly successStmt
  private readonly failureStmt
  private readonly scheduleStmt
  private readonly dueNowStmt

  constructor(db: Db) {
    this.ensureStmt = db.prepare(
      `INSERT INTO sync_cursors(channel_account_id, stream, updated_at, next_poll_at) VALUES (?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    )
    this.forAccount = db.prepare<[number], StreamRow>('SELECT * FROM sync_cursors WHERE channel_account_id = ? ORDER BY stream')
    this.allStmt = db.prepare<[], StreamRow>(
      `SELECT s.* FROM sync_cursors s JOIN channel_accounts a ON a.id = s.channel_account_id
       WHERE a.status = 'active' AND a.is_demo = 0 ORDER BY s.next_poll_at`,
    )
    this.successStmt = db.prepare(
      `UPDATE sync_cursors SET cursor = COALESCE(@cursor, cursor), updated_at = @now, last_attempt_at = @now,
         last_success_at = @now, last_fetched = @fetched, total_fetched = total_fetched + @fetched, error_count = 0,
         last_error = NULL, cooldown_until = NULL, next_poll_at = @next,
         gap_at = CASE WHEN @gap THEN @now ELSE gap_at END
       WHERE channel_account_id = @account AND stream = @stream`,
    )
    this.failureStmt = db.prepare(
      `UPDATE sync_cursors SET last_attempt_at = @now, error_count = error_count + @counts, last_error = @message,
         last_error_at = @now, cooldown_until = @cooldown, next_poll_at = @next
       WHERE channel_account_id = @account AND stream = @stream`,
    )
    this.scheduleStmt = db.prepare('UPDATE sync_cursors SET next_poll_at = ? WHERE channel_account_id = ? AND stream = ?')
    // A platform's cooldown still holds: "poll now" means as soon as it allows.
    this.dueNowStmt = db.prepare(
      'UPDATE sync_cursors SET next_poll_at = MAX(@now, COALESCE(cooldown_until, 0)) WHERE channel_account_id = @account',
    )
  }

  ensure(accountId: number, stream: string, now: number): void {
    this.ensureStmt.run(accountId, stream, now, now)
  }

  ofAccount(accountId: number): StreamRow[] {
    return this.forAccount.all(accountId)
  }

  /** Streams of active, non-demo accounts, soonest first. */
  active(): StreamRow[] {
    return this.allStmt.all()
  }

  succeeded(p: { account: number; stream: string; cursor: string | null; fetched: number; gap: boolean; now: number; next: number }): void {
    this.successStmt.run({ ...p, gap: p.gap ? 1 : 0 })
  }

  failed(p: { account: number; stream: string; message: string | null; cooldown: number | null; next: number; now: number; counts: boolean }): void {
    this.failureStmt.run({ ...p, counts: p.counts ? 1 : 0 })
  }

  schedule(accountId: number, stream: string, at: number): void {
    this.scheduleStmt.run(at, accountId, stream)
  }

  /** "Poll now": every stream of the account becomes due (or due when its cooldown ends). */
  dueNow(accountId: number, now: number): void {
    this.dueNowStmt.run({ now, account: accountId })
  }
}
