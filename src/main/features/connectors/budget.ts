import { randomUUID } from 'node:crypto'
import type { AccountBudget } from '../../../shared/contract'

/**
 * What a metered platform lets Parley spend, counted by Parley itself: YouTube meters quota units per
 * Pacific day, X bills requests per month. The ledger lives in the account's settings (`budget`), so
 * the account screen and the reports read "used / left / resets at" without knowing the platform.
 */
export type BudgetWindow = 'day-pacific' | 'month-utc'

export interface BudgetSnapshot {
  unit: 'units' | 'requests'
  /** 'platform-window': the platform counts and reports it in its answers' headers (Reddit's rolling window). */
  window: BudgetWindow | 'platform-window'
  /** The period counted ("2026-12-07" Pacific day, "2026-12" UTC month). */
  period: string
  used: number
  limit: number
  /** Kept for replies and moderation: polling stops at limit − reserve. */
  reserve: number
  left: number
  resetsAt: number
  /** Plain words when polling is paused or slowed, null otherwise. */
  note: string | null
}

export interface BudgetSpec {
  unit: 'units' | 'requests'
  window: BudgetWindow
  limit: number
  reserve: number
}

/** Polling stopped because the budget the user allows is spent; nothing is wrong with the account. */
export class BudgetSpentError extends Error {
  constructor(
    message: string,
    readonly resumesAt: number,
    /** 'polling': only polling waits (the reserve is for replies); 'all': nothing may go out until the reset. */
    readonly scope: 'polling' | 'all' = 'polling',
  ) {
    super(message)
    this.name = 'BudgetSpentError'
  }
}

const PACIFIC = 'America/Los_Angeles'
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: PACIFIC, year: 'numeric', month: '2-digit', day: '2-digit' })
const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: PACIFIC,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
})

/** Pacific time minus UTC at this instant, in ms (−8 h or −7 h). */
function pacificOffset(at: number): number {
  const p = Object.fromEntries(partsFormat.formatToParts(at).map((x) => [x.type, x.value]))
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second))
  return asUtc - Math.floor(at / 1000) * 1000
}

export function periodOf(window: BudgetWindow, now: number): string {
  if (window === 'month-utc') return new Date(now).toISOString().slice(0, 7)
  return dayFormat.format(now)
}

/** The next midnight in Los Angeles (YouTube's quota day), or the first of next month in UTC. */
export function resetOf(window: BudgetWindow, now: number): number {
  const d = new Date(now)
  if (window === 'month-utc') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
  const [y, m, day] = dayFormat.format(now).split('-').map(Number) as [number, number, number]
  const midnightAsUtc = Date.UTC(y, m - 1, day + 1)
  // Midnight is never inside a DST jump in Los Angeles (they happen at 02:00), so two passes settle it.
  const first = midnightAsUtc - pacificOffset(midnightAsUtc)
  return midnightAsUtc - pacificOffset(first)
}

interface Stored {
  period: string
  used: number
}

/**
 * Every sync context gets its own copy of the settings, and two streams poll at once: the running
 * totals are kept per ledger here (the ledger id is made at connect), so one context's save never
 * writes back a count another has already moved past.
 */
const live = new Map<string, Stored>()

export function newLedgerId(): string {
  return randomUUID()
}

function readStored(settings: Record<string, unknown>): Stored | null {
  const b = settings.budget
  if (!b || typeof b !== 'object') return null
  const { period, used } = b as Record<string, unknown>
  return typeof period === 'string' && typeof used === 'number' && Number.isFinite(used) && used >= 0 ? { period, used } : null
}

export class MeteredBudget {
  private readonly stored: Stored

  constructor(
    readonly spec: BudgetSpec,
    private readonly ledgerId: string | null,
    settings: Record<string, unknown>,
    private readonly labels: { platform: string; what: string },
  ) {
    const fromSettings = readStored(settings) ?? { period: '', used: 0 }
    const known = ledgerId ? live.get(ledgerId) : undefined
    // The larger count wins: never forget spending because a stale copy was read.
    this.stored = known && (known.period !== fromSettings.period || known.used >= fromSettings.used) ? known : { ...fromSettings }
    if (ledgerId) live.set(ledgerId, this.stored)
  }

  private roll(now: number): void {
    const period = periodOf(this.spec.window, now)
    if (this.stored.period !== period) {
      this.stored.period = period
      this.stored.used = 0
    }
  }

  used(now: number): number {
    this.roll(now)
    return this.stored.used
  }

  spend(cost: number, now: number): void {
    this.roll(now)
    this.stored.used += cost
  }

  /** The platform says the budget is gone (YouTube's quotaExceeded): count it as spent until the reset. */
  exhaust(now: number): void {
    this.roll(now)
    this.stored.used = Math.max(this.stored.used, this.spec.limit)
  }

  pollingLeft(now: number): number {
    return this.spec.limit - this.spec.reserve - this.used(now)
  }

  canSend(cost: number, now: number): boolean {
    return this.used(now) + cost <= this.spec.limit
  }

  /** Throws BudgetSpentError when a poll costing `cost` would eat into the reserve (or past the cap). */
  assertCanPoll(cost: number, now: number): void {
    if (this.pollingLeft(now) >= cost) return
    throw new BudgetSpentError(this.pausedNote(now), resetOf(this.spec.window, now))
  }

  /**
   * How long to wait before the next poll so the budget left lasts until it resets: the stream's own
   * interval while there is plenty, longer as it runs low.
   */
  paceMs(intervalMs: number, costPerPoll: number, streams: number, now: number): number {
    const left = this.pollingLeft(now)
    const until = resetOf(this.spec.window, now) - now
    if (left <= 0) return until
    const pollsLeft = left / Math.max(1, costPerPoll) / Math.max(1, streams)
    // At least one poll per stream before the reset (never a wait past it: the new period brings a new budget).
    return Math.max(intervalMs, Math.ceil(until / Math.max(1, pollsLeft)))
  }

  private pausedNote(now: number): string {
    const { unit, limit, reserve } = this.spec
    const when = new Date(resetOf(this.spec.window, now)).toISOString().replace('T', ' ').slice(0, 16)
    const kept = reserve > 0 ? ` (${reserve.toLocaleString('en-US')} kept for replies and moderation)` : ''
    return (
      `Polling ${this.labels.platform} is paused: ${this.used(now).toLocaleString('en-US')} of the ${limit.toLocaleString('en-US')} ${unit} ` +
      `${this.labels.what} are spent${kept}. It resumes by itself at ${when} UTC; replies already approved still go out.`
    )
  }

  snapshot(now: number, pace?: { intervalMs: number; paceMs: number }): BudgetSnapshot {
    const used = this.used(now)
    const left = Math.max(0, this.spec.limit - used)
    let note: string | null = null
    if (this.pollingLeft(now) <= 0) note = this.pausedNote(now)
    else if (pace && pace.paceMs > pace.intervalMs) {
      note = `Polling ${this.labels.platform} slowed to every ${Math.round(pace.paceMs / 60_000)} min so the ${this.spec.unit} left last until the reset.`
    }
    return {
      unit: this.spec.unit,
      window: this.spec.window,
      period: this.stored.period,
      used,
      limit: this.spec.limit,
      reserve: this.spec.reserve,
      left,
      resetsAt: resetOf(this.spec.window, now),
      note,
    }
  }
}

/** A positive whole number from settings or what the user typed, else the default. */
export function positiveInt(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value.trim()) : value
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : fallback
}

const PERIODS: Record<BudgetSnapshot['window'], AccountBudget['period']> = { 'day-pacific': 'day', 'month-utc': 'month', 'platform-window': 'window' }

/**
 * The budget a metered connector saved with the account, as sync health shows it. A count from a period
 * that has ended is shown as the fresh one it became (nothing spent yet), until the next call counts again.
 */
export function budgetOfSettings(settings: Record<string, unknown>, now: number): AccountBudget | null {
  const b = settings.budget as Partial<BudgetSnapshot> | null | undefined
  if (!b || typeof b !== 'object') return null
  const period = typeof b.window === 'string' ? PERIODS[b.window] : undefined
  const numbers = [b.used, b.limit, b.left, b.resetsAt]
  if (!period || (b.unit !== 'units' && b.unit !== 'requests') || !numbers.every((n) => typeof n === 'number' && Number.isFinite(n))) return null
  const { used, limit, left, resetsAt } = b as BudgetSnapshot
  if (resetsAt <= now) {
    // The platform's own window is known only from its next answer; the fixed periods start again at once.
    const next = b.window === 'platform-window' ? resetsAt : resetOf(b.window as BudgetWindow, now)
    return { unit: b.unit, period, used: 0, limit, left: limit, resetsAt: next, note: null }
  }
  return { unit: b.unit, period, used, limit, left, resetsAt, note: typeof b.note === 'string' ? b.note : null }
}

/**
 * Runs a metered call and then writes what it cost (or what the platform said is left) back to the
 * account, success or not: a failed call counts against the budget too. A failed save is not the
 * call's failure; the next call saves again.
 */
export async function spendingFrom<T>(session: { save(): Promise<void> }, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } finally {
    await session.save().catch(() => undefined)
  }
}
