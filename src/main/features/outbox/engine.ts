import type { Clock } from '../../base/clock'
import { DueTimer } from '../../base/due-timer'
import type { EventBus } from '../../base/event-bus'
import type { Timers } from '../../base/timers'
import type { Deliverer, DeliveryOutcome } from './deliver'
import type { OutboxNudges } from './nudges'
import type { OutboxRecord, OutboxStore } from '../../store/outbox'

export interface DeliveryReport {
  itemId: string
  accountId: number
  outcome: DeliveryOutcome
}

export interface OutboxEngineDeps {
  store: OutboxStore
  deliverer: Deliverer
  clock: Clock
  timers: Timers
  events: EventBus
  /** Rung by whoever queues, releases or retries an item. */
  nudges: OutboxNudges
}

/** Outcomes after which the next item of the same account may go in the same pass. */
const continues = new Set<DeliveryOutcome>(['sent', 'failed', 'held', 'skipped', 'unconfirmed'])

/**
 * The outbox scheduler, in the database worker next to the sync engine (one writer).
 * Passes never overlap: recovery and every pass run one after another on one chain,
 * so no item is ever in flight twice. One timer waits for the soonest due item.
 */
export class OutboxEngine {
  private chain: Promise<unknown> = Promise.resolve()
  private readonly wakeUp: DueTimer
  private running = false
  private unsubscribe: (() => void) | null = null
  /** Accounts that cannot take a reply now (offline, paused, needs reconnect): looked at again after this time. */
  private readonly blockedUntil = new Map<number, number>()
  /** Team replies another laptop holds (or not shared yet): looked at again after this time; the replies behind them go meanwhile. */
  private readonly waitingUntil = new Map<string, number>()

  constructor(
    private readonly deps: OutboxEngineDeps,
    private readonly blockedRetryMs = 30_000,
  ) {
    this.wakeUp = new DueTimer(deps.timers, deps.clock, () => void this.tick())
    // Back online, or a team sync round that reached the team (it may have shared an approval or released a
    // lease): whatever waited may go at once, not half a minute later.
    this.unsubscribe = deps.events.subscribe((name, payload) => {
      if (name === 'sync.online' && (payload as { online: boolean }).online) this.retryBlockedNow()
      else if (name === 'team.changed' && (payload as { state: string }).state === 'synced') this.retryBlockedNow()
    })
    deps.nudges.subscribe(() => this.nudge())
  }

  /** Whatever waited (for the network, or for the team's lease) may try again now. */
  retryBlockedNow(): void {
    this.blockedUntil.clear()
    this.waitingUntil.clear()
    this.arm(0)
  }

  /** Reconciles what a crash left in 'sending', then keeps sending due items by itself. */
  start(): void {
    if (this.running) return
    this.running = true
    this.wakeUp.start()
    void this.recover().finally(() => this.arm(0))
  }

  async stop(): Promise<void> {
    this.running = false
    this.unsubscribe?.()
    this.unsubscribe = null
    this.wakeUp.stop()
    await this.chain.catch(() => undefined)
  }

  /** Something was queued, released or retried: look again soon. */
  nudge(): void {
    if (!this.running) return
    const next = this.nextWake()
    if (next !== null) this.arm(Math.max(0, next - this.deps.clock.now()))
  }

  /**
   * At start-up, every item found in 'sending' was interrupted between the
   * attempt mark and its outcome: ask the platform (connector.reconcile), never resend blindly.
   */
  recover(): Promise<DeliveryReport[]> {
    return this.serial(async () => {
      const reports: DeliveryReport[] = []
      for (const item of this.deps.store.inState('sending')) {
        reports.push({ itemId: item.id, accountId: item.accountId, outcome: await this.deps.deliverer.reconcile(item) })
      }
      return reports
    })
  }

  /** Sends every due item, oldest first per account; accounts go side by side. */
  runDue(): Promise<DeliveryReport[]> {
    return this.serial(async () => {
      const byAccount = new Map<number, OutboxRecord[]>()
      for (const item of this.deps.store.queued()) {
        const list = byAccount.get(item.accountId) ?? []
        list.push(item)
        byAccount.set(item.accountId, list)
      }
      const now = this.deps.clock.now()
      const ready = [...byAccount.entries()].filter(([accountId]) => (this.blockedUntil.get(accountId) ?? 0) <= now)
      const perAccount = await Promise.all(ready.map(([, items]) => this.runAccount(items, now)))
      return [...perAccount.flat(), ...(await this.settleUnconfirmed(now))]
    })
  }

  /**
   * Team replies left unconfirmed here that the team's row shows sent (another laptop found the post or
   * made it) are recorded sent. Asked about like waiting replies: after each round that reached the team,
   * or at most every blockedRetryMs.
   */
  private async settleUnconfirmed(now: number): Promise<DeliveryReport[]> {
    const reports: DeliveryReport[] = []
    for (const item of this.deps.store.inState('unconfirmed')) {
      if (item.approvalId === null || (this.waitingUntil.get(item.id) ?? 0) > now) continue
      const outcome = await this.deps.deliverer.settleUnconfirmed(item)
      if (outcome) {
        this.waitingUntil.delete(item.id)
        reports.push({ itemId: item.id, accountId: item.accountId, outcome })
      } else this.waitingUntil.set(item.id, this.deps.clock.now() + this.blockedRetryMs)
    }
    return reports
  }

  private async runAccount(items: OutboxRecord[], now: number): Promise<DeliveryReport[]> {
    const reports: DeliveryReport[] = []
    for (const item of items) {
      // A held reply waits for its author; it does not block the replies behind it.
      if (item.holdReason !== null) continue
      if ((this.waitingUntil.get(item.id) ?? 0) > now) continue
      // Oldest first: a reply still in its undo window, or backing off, keeps the younger ones behind it.
      if (item.notBefore > now) break
      const outcome = await this.deps.deliverer.deliver(item)
      reports.push({ itemId: item.id, accountId: item.accountId, outcome })
      if (outcome === 'waiting') {
        this.waitingUntil.set(item.id, this.deps.clock.now() + this.blockedRetryMs)
        continue
      }
      this.waitingUntil.delete(item.id)
      if (outcome === 'blocked') this.blockedUntil.set(item.accountId, this.deps.clock.now() + this.blockedRetryMs)
      else this.blockedUntil.delete(item.accountId)
      if (!continues.has(outcome)) break
    }
    return reports
  }

  /** The soonest time a queued, unheld reply may go, given accounts that are blocked for now. */
  private nextWake(): number | null {
    let next: number | null = null
    for (const item of this.deps.store.queued()) {
      if (item.holdReason !== null) continue
      const at = Math.max(item.notBefore, this.blockedUntil.get(item.accountId) ?? 0, this.waitingUntil.get(item.id) ?? 0)
      if (next === null || at < next) next = at
    }
    return next
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task)
    this.chain = run.catch(() => undefined)
    return run
  }

  private arm(delayMs: number): void {
    this.wakeUp.after(delayMs)
  }

  private async tick(): Promise<void> {
    try {
      await this.runDue()
    } catch {
      // A failed pass is retried on the next tick; each item's state is already committed.
    } finally {
      const next = this.nextWake()
      const now = this.deps.clock.now()
      // At least a quarter second between passes; at most a minute, so accounts that come back are noticed.
      this.arm(Math.min(60_000, Math.max(250, (next ?? now + 60_000) - now)))
    }
  }
}
