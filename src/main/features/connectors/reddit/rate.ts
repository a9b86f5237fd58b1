import type { BudgetSnapshot } from '../budget'
import { BudgetSpentError } from '../budget'

/**
 * Reddit meters requests per client id over a rolling window and says where the account stands in
 * every answer (X-Ratelimit-Used, -Remaining, -Reset in seconds). Parley keeps the latest of those per
 * account (shared by the streams that poll at once) and shows them as the account's budget.
 */
export interface RateState {
  used: number
  remaining: number
  resetAt: number
}

/** Kept for replies and moderation: polling waits for the window to turn once this few are left. */
export const POLL_RESERVE = 10

const live = new Map<string, RateState>()

export function readRate(settings: Record<string, unknown>): RateState | null {
  const b = settings.budget as Partial<BudgetSnapshot> | undefined
  if (!b || typeof b !== 'object' || typeof b.left !== 'number' || typeof b.used !== 'number' || typeof b.resetsAt !== 'number') return null
  return { used: b.used, remaining: b.left, resetAt: b.resetsAt }
}

export class RedditRate {
  private state: RateState | null

  constructor(
    private readonly ledgerId: string | null,
    settings: Record<string, unknown>,
  ) {
    this.state = (ledgerId ? live.get(ledgerId) : undefined) ?? readRate(settings)
  }

  /** Reads the headers of an answer (a 429 included); answers without them change nothing. */
  note(headers: Headers, now: number): void {
    const remaining = Number(headers.get('x-ratelimit-remaining'))
    const used = Number(headers.get('x-ratelimit-used'))
    const reset = Number(headers.get('x-ratelimit-reset'))
    if (headers.get('x-ratelimit-remaining') === null || !Number.isFinite(remaining) || !Number.isFinite(reset)) return
    this.state = { used: Number.isFinite(used) ? used : 0, remaining: Math.max(0, Math.floor(remaining)), resetAt: now + Math.max(0, reset) * 1000 }
    if (this.ledgerId) live.set(this.ledgerId, this.state)
  }

  /** What is known now: nothing before the first answer, a fresh window once the reset passed. */
  current(now: number): RateState | null {
    if (!this.state) return null
    if (this.state.resetAt <= now) return null
    return this.state
  }

  /** Polling stops while only the reserve is left, so an approved reply still goes out in this window. */
  assertCanPoll(now: number): void {
    const s = this.current(now)
    if (!s || s.remaining > POLL_RESERVE) return
    throw new BudgetSpentError(this.note_(s), s.resetAt)
  }

  /** Nothing at all goes out once Reddit says none are left. */
  assertCanSend(now: number): void {
    const s = this.current(now)
    if (!s || s.remaining > 0) return
    throw new BudgetSpentError(`Reddit's request allowance for this app is spent until ${clock(s.resetAt)} UTC; Parley sends then.`, s.resetAt, 'all')
  }

  private note_(s: RateState): string {
    return `Polling Reddit waits until ${clock(s.resetAt)} UTC: ${s.remaining} requests are left in Reddit's window and they are kept for replies and moderation.`
  }

  snapshot(now: number): BudgetSnapshot | null {
    const s = this.current(now)
    if (s) return this.snapshotOf(s)
    // The window turned since Reddit last answered: all of it is there again.
    return this.state ? { ...this.snapshotOf(this.state), used: 0, left: this.state.used + this.state.remaining, note: null } : null
  }

  private snapshotOf(s: RateState): BudgetSnapshot {
    return {
      unit: 'requests',
      window: 'platform-window',
      period: new Date(s.resetAt).toISOString().slice(0, 16),
      used: s.used,
      limit: s.used + s.remaining,
      reserve: POLL_RESERVE,
      left: s.remaining,
      resetsAt: s.resetAt,
      note: s.remaining <= POLL_RESERVE ? this.note_(s) : null,
    }
  }
}

function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 16)
}
