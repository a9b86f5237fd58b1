import type { Clock } from '../base/clock'
import { strongerReason, type ChangeReason, type EventBus } from '../base/event-bus'
import { HybridLogicalClock, parseHlc } from '../base/hlc'
import type { Db } from './database'
import { refuseIfStopped } from './write-gate'

/** The transaction repositories write in; what it changed is published once, after it commits. */
export interface Tx {
  /** These conversations changed (their list rows or their threads): one conversations.changed after commit. */
  conversationsChanged(ids: Iterable<number>, reason?: ChangeReason): void
  /** The sidebar counts may have moved: one counts.changed after commit. */
  countsChanged(): void
  /** Runs after the outermost transaction committed (never after a rollback). */
  afterCommit(fn: () => void): void
}

/** What one commit changed. */
class Collected implements Tx {
  readonly ids = new Set<number>()
  reason: ChangeReason | null = null
  counts = false
  readonly after: (() => void)[] = []

  conversationsChanged(ids: Iterable<number>, reason: ChangeReason = 'update'): void {
    for (const id of ids) this.ids.add(id)
    this.reason = strongerReason(this.reason, reason)
  }

  countsChanged(): void {
    this.counts = true
  }

  afterCommit(fn: () => void): void {
    this.after.push(fn)
  }
}

/**
 * Something that writes in the same transaction as every change (the team op recorder): begin runs
 * first in each outermost transaction, beforeCommit last, so what it writes commits or rolls back with
 * the change it describes.
 */
export interface TransactionParticipant {
  begin(): void
  beforeCommit(): void
}

export interface UnitOfWorkDeps {
  clock: Clock
  events: EventBus
  /** The uid of the profile the session acts as (null before the first one exists); stamped on each change. */
  actor(): string | null
  /** Publishes the sidebar counts (counts.changed); called once per commit that moved them. */
  counts: { publish(): void }
  /** Writes in every outermost transaction (the team op recorder); none in a workspace without one. */
  participant?: TransactionParticipant
}

/**
 * One transaction object for every repository. Nested runs join the outer transaction (as savepoints,
 * so an inner failure that is caught undoes only its own writes). At the start of each outermost
 * transaction the change context (hybrid logical clock stamp, profile, time) is written where the
 * change-log triggers read it; after the commit the collected changes go out once, and a rollback
 * publishes nothing.
 */
export class UnitOfWork {
  private readonly hlc: HybridLogicalClock
  private readonly setContext
  private readonly transaction: (fn: () => unknown) => unknown
  private current: Collected | null = null
  private readonly participant: TransactionParticipant | null

  constructor(
    private readonly db: Db,
    private readonly deps: UnitOfWorkDeps,
  ) {
    const last = db.prepare<[], { hlc: string }>('SELECT hlc FROM change_context WHERE id = 1').get()
    this.hlc = new HybridLogicalClock(() => deps.clock.now(), parseHlc(last?.hlc))
    this.setContext = db.prepare<[string, string | null, number]>('UPDATE change_context SET hlc = ?, profile_uid = ?, at = ? WHERE id = 1')
    this.transaction = db.transaction((fn: () => unknown) => fn())
    this.participant = deps.participant ?? null
  }

  /** Runs fn in one transaction (joining the caller's, if any); fn must be synchronous. */
  run<T>(fn: (tx: Tx) => T): T {
    const outer = this.current
    if (outer) return this.transaction(() => fn(outer)) as T
    // The file was found damaged while Parley ran: a plain refusal before anything is attempted.
    refuseIfStopped(this.db)
    const tx = new Collected()
    this.current = tx
    let result: T
    try {
      result = this.transaction(() => {
        this.stamp()
        this.participant?.begin()
        const value = fn(tx)
        this.participant?.beforeCommit()
        return value
      }) as T
    } finally {
      this.current = null
    }
    this.publish(tx)
    return result
  }

  /**
   * Inside a transaction that holds several changes made by different people (a team catch-up slice):
   * the changes from here on are stamped as a transaction of their own would be (actor, a fresh clock).
   */
  restamp(): void {
    if (this.current) this.stamp()
  }

  /** Whether a transaction of this unit of work is open (a repository may assert it). */
  get active(): boolean {
    return this.current !== null
  }

  private stamp(): void {
    this.setContext.run(this.hlc.tick(), this.deps.actor(), this.deps.clock.now())
  }

  private publish(tx: Collected): void {
    // What the callers publish of their own (approvals.changed, outbox.changed…) first, then the lists, then the counts.
    for (const fn of tx.after) fn()
    if (tx.reason !== null) this.deps.events.emit('conversations.changed', { ids: [...tx.ids], reason: tx.reason })
    if (tx.counts) this.deps.counts.publish()
  }
}
