import type { EventBus } from '../../base/event-bus'
import type { Transactions } from '../../store/transaction'
import type { ConversationNotices } from '../inbox/change-notices'
import type { OutboxNudges } from '../outbox/nudges'
import type { ListeningProcessor } from './processor'

export interface ListeningPassDeps {
  transactions: Transactions
  processor: ListeningProcessor
  /** Topics got new matches (listening.changed). */
  topicsChanged(): void
  events: EventBus
  conversations: ConversationNotices
  nudges: OutboxNudges
}

/**
 * Listening's step after every ingest: signals, tracked topics, rules and spam for the new items,
 * then what they changed (alerts, topics, conversations) and a nudge when a rule queued a platform action.
 */
export class ListeningPass {
  private queue: Promise<void> = Promise.resolve()

  constructor(private readonly deps: ListeningPassDeps) {}

  /** One pass at a time: two polls finishing together must not score the same batch twice. */
  run(): Promise<void> {
    const run = this.queue.then(() => this.processPending())
    this.queue = run.catch(() => undefined)
    return run
  }

  private async processPending(): Promise<void> {
    const { transactions, processor, events } = this.deps
    if (!transactions.isOpen()) return
    const result = await processor.runPendingInSlices()
    if (!result.processed) return
    for (const alert of result.alerts) events.emit('listening.alert', alert)
    if (result.alerts.length) this.deps.topicsChanged()
    if (result.conversationIds.length) this.deps.conversations.changed(result.conversationIds)
    if (result.moderationQueued) this.deps.nudges.nudge()
  }
}
