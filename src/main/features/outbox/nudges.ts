import type { OutboxRecord } from '../../store/outbox'

/**
 * The outbox engine's doorbell: whoever queues, releases or retries an item rings it, and the engine
 * (subscribed when it is built) looks again. It exists before the engine, so the parts that queue
 * (approvals, listening's platform actions) need no engine, and the engine may be built after the sync engine.
 */
export class OutboxNudges {
  private readonly listeners = new Set<() => void>()

  nudge(): void {
    for (const listener of this.listeners) listener()
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

/** Tells the screens that an outbox item moved (after its change committed). */
export interface OutboxItemNotices {
  changed(item: OutboxRecord, conversationsChanged?: boolean): void
}
