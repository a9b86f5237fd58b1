import { DueTimer } from '../../base/due-timer'
import type { Timers } from '../../base/timers'
import type { AccountRecord } from '../../store/accounts'
import type { EventPayload } from '../../../shared/contract'
import { LEARN_MS, assess } from './assess'
import { epochHour } from './rate'
import { describeAlert, streamKey, type CoverageDeps } from './context'

type CoverageAlertEvent = EventPayload<'coverage.alert'>

const DAY_MS = 86_400_000
/** Hourly counts older than the learning window are dropped this often. */
const PRUNE_EVERY_MS = 6 * 3_600_000
/** How often silences are looked for between polls. */
const CHECK_EVERY_MS = 5 * 60_000

export interface CheckResult {
  raised: number
  resolved: number
  /** Notices given (one per alert and profile told). */
  notices: number
}

/**
 * Looks for silences and account problems and tells every profile. A silence alarm is raised once per
 * quiet spell (it ends when an item arrives); an account that needs reconnecting alerts every profile,
 * not only whoever connected it, and again each day until it is fixed.
 */
export class CoverageMonitor {
  private readonly timer: DueTimer
  private prunedAt = -Infinity

  constructor(
    private readonly d: CoverageDeps,
    timers: Timers,
  ) {
    this.timer = new DueTimer(timers, d.clock, () => this.tick())
  }

  private unsubscribe: (() => void) | null = null
  private nudged = false

  /** Checks every few minutes, and after each poll (a burst of polls costs one check). */
  start(): void {
    if (!this.timer.start()) return
    this.timer.after(CHECK_EVERY_MS)
    this.unsubscribe = this.d.events.subscribe((name) => {
      if (name !== 'sync.health' || this.nudged) return
      this.nudged = true
      setImmediate(() => {
        this.nudged = false
        if (this.timer.isRunning) this.tick()
      })
    })
  }

  stop(): void {
    this.timer.stop()
    this.unsubscribe?.()
    this.unsubscribe = null
  }

  private tick(): void {
    try {
      this.check()
    } catch (error) {
      console.error(`[parley] coverage check failed: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      this.timer.after(CHECK_EVERY_MS)
    }
  }

  /** Looks for silences and account problems now; alerts go out once their rows are committed. */
  check(): CheckResult {
    const told: CoverageAlertEvent[] = []
    const result = this.d.store.transaction(() => this.evaluate(told))
    for (const alert of told) this.d.events.emit('coverage.alert', alert)
    if (result.raised || result.resolved || result.notices) this.d.events.emit('coverage.changed', {})
    return result
  }

  private evaluate(told: CoverageAlertEvent[]): CheckResult {
    const { store, clock } = this.d
    const now = clock.now()
    if (now - this.prunedAt >= PRUNE_EVERY_MS) {
      store.pruneHoursBefore(epochHour(now - LEARN_MS) - 1)
      this.prunedAt = now
    }
    const result: CheckResult = { raised: 0, resolved: 0, notices: 0 }
    const accounts = new Map(this.d.accounts.records().filter((a) => !a.isDemo).map((a) => [a.id, a]))
    const settings = this.d.settings.get()
    const zone = this.d.zone()

    for (const alert of store.openAlerts()) {
      const account = accounts.get(alert.channel_account_id)
      const row = alert.stream ? store.get(alert.channel_account_id, alert.stream) : null
      const over =
        !account ||
        (alert.kind === 'account' ? account.status !== 'needs_reconnect' : account.status !== 'active' || !settings.enabled || !row || (row.last_item_at ?? -Infinity) > alert.since)
      if (over) {
        store.resolve(alert.id, now)
        result.resolved++
      }
    }

    for (const account of accounts.values()) {
      if (account.status === 'needs_reconnect' && !store.openAlert(account.id, null, 'account')) {
        store.raise({ account: account.id, stream: null, kind: 'account', since: now, now, expected: null, detail: account.statusMessage })
        result.raised++
      }
    }
    for (const row of store.rows()) {
      const account = accounts.get(row.channel_account_id)
      if (!account || account.status !== 'active' || !this.d.polledThisRun.has(streamKey(account.id, row.stream))) continue
      if (store.openAlert(account.id, row.stream, 'silence')) continue
      const a = assess(store, row, settings, now, zone)
      if (!a.silent) continue
      store.raise({ account: account.id, stream: row.stream, kind: 'silence', since: a.quietSince, now, expected: a.expected, detail: null })
      result.raised++
    }

    result.notices = this.tell(accounts, now, told)
    return result
  }

  /** Gives each profile the notices due: a new alert once, an account problem again every day. */
  private tell(accounts: Map<number, AccountRecord>, now: number, out: CoverageAlertEvent[]): number {
    const { store } = this.d
    const profiles = this.d.profileIds()
    let given = 0
    for (const alert of store.openAlerts()) {
      const account = accounts.get(alert.channel_account_id)
      if (!account) continue
      const toldNow = profiles.filter((profileId) => {
        const last = store.lastNotice(alert.id, profileId)
        const due = last === null || (alert.kind === 'account' && now - last >= DAY_MS)
        if (due) store.notify(alert.id, profileId, now)
        return due
      })
      if (!toldNow.length) continue
      given += toldNow.length
      out.push({ ...describeAlert(this.d, alert, account), profileIds: toldNow })
    }
    return given
  }
}
