import type { EventName, EventPayload } from '../../shared/contract'

type Listener = (name: EventName, payload: unknown) => void
type ConversationsChanged = EventPayload<'conversations.changed'>

export type ChangeReason = ConversationsChanged['reason']

const rank: Record<ChangeReason, number> = { update: 0, ingest: 1, demo: 2 }
/** Merged changes keep the reason that asks the screens for the most: a demo load, then new items, then edits. */
export const strongerReason = (a: ChangeReason | null, b: ChangeReason): ChangeReason => (a !== null && rank[a] >= rank[b] ? a : b)

/** What a coalescing scope holds back: one conversations.changed (ids merged) and the newest counts. */
interface Held {
  conversations: ConversationsChanged | null
  counts: EventPayload<'counts.changed'> | null
}

/** Core events fan out to every transport (each Electron window, each browser socket). */
export class EventBus {
  private readonly listeners = new Set<Listener>()
  private held: Held | null = null

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    if (this.held && this.hold(name, payload)) return
    for (const listener of this.listeners) listener(name, payload)
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Runs fn with conversations.changed and counts.changed held back, then sends each at most once: the
   * conversation ids merged (with the reason that asks the screens for the most) and the newest counts.
   * One arrival (an ingest and the rules it set off) thus reaches the screens as one change.
   */
  async coalesce<T>(fn: () => Promise<T>): Promise<T> {
    if (this.held) return fn()
    const held: Held = { conversations: null, counts: null }
    this.held = held
    try {
      return await fn()
    } finally {
      this.held = null
      if (held.conversations) this.emit('conversations.changed', held.conversations)
      if (held.counts) this.emit('counts.changed', held.counts)
    }
  }

  private hold(name: EventName, payload: unknown): boolean {
    const held = this.held!
    if (name === 'counts.changed') {
      held.counts = payload as EventPayload<'counts.changed'>
      return true
    }
    if (name !== 'conversations.changed') return false
    const next = payload as ConversationsChanged
    const before = held.conversations
    held.conversations = before
      ? { ids: [...new Set([...before.ids, ...next.ids])], reason: strongerReason(before.reason, next.reason) }
      : { ids: [...next.ids], reason: next.reason }
    return true
  }
}
