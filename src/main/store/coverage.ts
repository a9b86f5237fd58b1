import type { Db } from './database'

export interface CoverageRow {
  channel_account_id: number
  stream: string
  covered_since: number
  learning_since: number
  last_item_at: number | null
  last_received_at: number | null
  last_success_at: number | null
  empty_polls: number
}

export type GapKind = 'cooldown' | 'outage' | 'auth' | 'platform' | 'backfill_limit'
export type GapOutcome = 'caught_up' | 'lost'

export interface GapRow {
  id: number
  channel_account_id: number
  stream: string
  kind: GapKind
  started_at: number
  ended_at: number | null
  outcome: GapOutcome | null
  detail: string | null
}

export interface AlertRow {
  id: number
  channel_account_id: number
  stream: string | null
  kind: 'silence' | 'account'
  since: number
  raised_at: number
  resolved_at: number | null
  expected: number | null
  detail: string | null
}

export interface HourCount {
  hour: number
  hourOfWeek: number
  items: number
}

/**
 * What Parley has covered per (channel account, stream), the hourly item counts its usual rate is
 * learned from, the gaps it knows of, and silence and account alerts with who was told when.
 * The sync engine's coverage recorder and the coverage monitor are the only writers.
 */
export class CoverageStore {
  private readonly one
  private readonly all
  private readonly insertRow
  private readonly successStmt
  private readonly coveredSinceStmt
  private readonly addHourStmt
  private readonly ratesStmt
  private readonly learnedStmt
  private readonly pruneStmt
  private readonly openGapStmt
  private readonly insertGap
  private readonly updateGap
  private readonly closeGapStmt
  private readonly gapsStmt
  private readonly openAlertStmt
  private readonly openAlertsStmt
  private readonly insertAlert
  private readonly resolveStmt
  private readonly alertStmt
  private readonly lastNoticeStmt
  private readonly insertNotice
  private readonly unseenStmt
  private readonly seeStmt
  private readonly seeOneStmt

  constructor(private readonly db: Db) {
    this.one = db.prepare<[number, string], CoverageRow>('SELECT * FROM stream_coverage WHERE channel_account_id = ? AND stream = ?')
    this.all = db.prepare<[], CoverageRow>('SELECT * FROM stream_coverage ORDER BY channel_account_id, stream')
    this.insertRow = db.prepare(
      `INSERT INTO stream_coverage(channel_account_id, stream, covered_since, learning_since) VALUES (?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    )
    this.successStmt = db.prepare(
      `UPDATE stream_coverage SET last_success_at = @now,
         last_item_at = CASE WHEN @newest IS NULL THEN last_item_at ELSE MAX(COALESCE(last_item_at, 0), @newest) END,
         last_received_at = CASE WHEN @newest IS NULL THEN last_received_at ELSE @now END,
         empty_polls = CASE WHEN @newest IS NULL THEN empty_polls + 1 ELSE 0 END
       WHERE channel_account_id = @account AND stream = @stream`,
    )
    this.coveredSinceStmt = db.prepare('UPDATE stream_coverage SET covered_since = ? WHERE channel_account_id = ? AND stream = ?')
    this.addHourStmt = db.prepare(
      `INSERT INTO coverage_hours(channel_account_id, stream, hour, hour_of_week, items) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET items = items + excluded.items`,
    )
    this.ratesStmt = db.prepare<[number, string, number], { hour_of_week: number; items: number }>(
      `SELECT hour_of_week, SUM(items) AS items FROM coverage_hours
       WHERE channel_account_id = ? AND stream = ? AND hour >= ? GROUP BY hour_of_week`,
    )
    this.learnedStmt = db.prepare<[number, string, number], { items: number | null }>(
      'SELECT SUM(items) AS items FROM coverage_hours WHERE channel_account_id = ? AND stream = ? AND hour >= ?',
    )
    this.pruneStmt = db.prepare('DELETE FROM coverage_hours WHERE hour < ?')
    this.openGapStmt = db.prepare<[number, string], GapRow>(
      'SELECT * FROM coverage_gaps WHERE channel_account_id = ? AND stream = ? AND ended_at IS NULL ORDER BY id DESC LIMIT 1',
    )
    this.insertGap = db.prepare(
      `INSERT INTO coverage_gaps(channel_account_id, stream, kind, started_at, ended_at, outcome, detail)
       VALUES (@account, @stream, @kind, @from, @to, @outcome, @detail)`,
    )
    this.updateGap = db.prepare('UPDATE coverage_gaps SET kind = ?, detail = ? WHERE id = ?')
    this.closeGapStmt = db.prepare('UPDATE coverage_gaps SET ended_at = ?, outcome = ? WHERE id = ?')
    this.gapsStmt = db.prepare<[number, string, number, number], GapRow>(
      `SELECT * FROM coverage_gaps WHERE channel_account_id = ? AND stream = ? AND (ended_at IS NULL OR ended_at >= ?)
       ORDER BY started_at DESC LIMIT ?`,
    )
    this.openAlertStmt = db.prepare<[number, string | null, string], AlertRow>(
      `SELECT * FROM coverage_alerts WHERE channel_account_id = ? AND stream IS ? AND kind = ? AND resolved_at IS NULL
       ORDER BY id DESC LIMIT 1`,
    )
    this.openAlertsStmt = db.prepare<[], AlertRow>('SELECT * FROM coverage_alerts WHERE resolved_at IS NULL ORDER BY id')
    this.insertAlert = db.prepare(
      `INSERT INTO coverage_alerts(channel_account_id, stream, kind, since, raised_at, expected, detail)
       VALUES (@account, @stream, @kind, @since, @now, @expected, @detail)`,
    )
    this.resolveStmt = db.prepare('UPDATE coverage_alerts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL')
    this.alertStmt = db.prepare<[number], AlertRow>('SELECT * FROM coverage_alerts WHERE id = ?')
    this.lastNoticeStmt = db.prepare<[number, number], { notified_at: number | null }>(
      'SELECT MAX(notified_at) AS notified_at FROM coverage_notices WHERE alert_id = ? AND profile_id = ?',
    )
    this.insertNotice = db.prepare('INSERT OR IGNORE INTO coverage_notices(alert_id, profile_id, notified_at) VALUES (?, ?, ?)')
    this.unseenStmt = db.prepare<[number], { alert_id: number }>(
      'SELECT DISTINCT alert_id FROM coverage_notices WHERE profile_id = ? AND seen_at IS NULL',
    )
    this.seeStmt = db.prepare('UPDATE coverage_notices SET seen_at = ? WHERE profile_id = ? AND seen_at IS NULL')
    this.seeOneStmt = db.prepare('UPDATE coverage_notices SET seen_at = ? WHERE profile_id = ? AND alert_id = ? AND seen_at IS NULL')
  }

  /** Runs fn in one transaction (joined when one is open): a check's alerts and notices are written together. */
  transaction<T>(fn: () => T): T {
    return this.db.inTransaction ? fn() : this.db.transaction(fn)()
  }

  get(accountId: number, stream: string): CoverageRow | null {
    return this.one.get(accountId, stream) ?? null
  }

  rows(): CoverageRow[] {
    return this.all.all()
  }

  /** The first time Parley reads a stream: what it covers from, and since when its counts are complete. */
  start(accountId: number, stream: string, coveredSince: number, learningSince: number): void {
    this.insertRow.run(accountId, stream, coveredSince, learningSince)
  }

  /** A good poll; newest is the newest new item's time (null when it brought nothing new). */
  succeeded(accountId: number, stream: string, now: number, newest: number | null): void {
    this.successStmt.run({ account: accountId, stream, now, newest })
  }

  /** A gap that lost items ends the covered window: it starts again here. */
  restartCoverage(accountId: number, stream: string, at: number): void {
    this.coveredSinceStmt.run(at, accountId, stream)
  }

  addHours(accountId: number, stream: string, counts: HourCount[]): void {
    for (const c of counts) this.addHourStmt.run(accountId, stream, c.hour, c.hourOfWeek, c.items)
  }

  /** Items per hour of the week (168 entries) counted since the given hour (hours since the epoch). */
  itemsByHourOfWeek(accountId: number, stream: string, sinceHour: number): number[] {
    const out = new Array<number>(168).fill(0)
    for (const r of this.ratesStmt.all(accountId, stream, sinceHour)) out[r.hour_of_week] = r.items
    return out
  }

  learnedItems(accountId: number, stream: string, sinceHour: number): number {
    return this.learnedStmt.get(accountId, stream, sinceHour)?.items ?? 0
  }

  pruneHoursBefore(hour: number): void {
    this.pruneStmt.run(hour)
  }

  openGap(accountId: number, stream: string): GapRow | null {
    return this.openGapStmt.get(accountId, stream) ?? null
  }

  addGap(g: { account: number; stream: string; kind: GapKind; from: number; to: number | null; outcome: GapOutcome | null; detail: string | null }): void {
    this.insertGap.run(g)
  }

  reviseGap(id: number, kind: GapKind, detail: string | null): void {
    this.updateGap.run(kind, detail, id)
  }

  closeGap(id: number, at: number, outcome: GapOutcome): void {
    this.closeGapStmt.run(at, outcome, id)
  }

  /** The newest gaps of a stream that were still open or ended after `since`. */
  gaps(accountId: number, stream: string, since: number, limit: number): GapRow[] {
    return this.gapsStmt.all(accountId, stream, since, limit)
  }

  openAlert(accountId: number, stream: string | null, kind: AlertRow['kind']): AlertRow | null {
    return this.openAlertStmt.get(accountId, stream, kind) ?? null
  }

  openAlerts(): AlertRow[] {
    return this.openAlertsStmt.all()
  }

  alert(id: number): AlertRow | null {
    return this.alertStmt.get(id) ?? null
  }

  raise(a: { account: number; stream: string | null; kind: AlertRow['kind']; since: number; now: number; expected: number | null; detail: string | null }): number {
    return Number(this.insertAlert.run(a).lastInsertRowid)
  }

  resolve(id: number, at: number): void {
    this.resolveStmt.run(at, id)
  }

  lastNotice(alertId: number, profileId: number): number | null {
    return this.lastNoticeStmt.get(alertId, profileId)?.notified_at ?? null
  }

  notify(alertId: number, profileId: number, at: number): void {
    this.insertNotice.run(alertId, profileId, at)
  }

  unseenAlertIds(profileId: number): Set<number> {
    return new Set(this.unseenStmt.all(profileId).map((r) => r.alert_id))
  }

  /** Marks the profile's notices seen: of the given alerts, or all. Returns how many notices changed. */
  see(profileId: number, at: number, alertIds?: number[]): number {
    if (!alertIds) return this.seeStmt.run(at, profileId).changes
    return this.db.transaction(() => alertIds.reduce((n, id) => n + this.seeOneStmt.run(at, profileId, id).changes, 0))()
  }
}
