import type { EventBus } from '../../base/event-bus'
import type { ConversationNotices } from '../inbox/change-notices'

/** A step that must see newly stored items before the screens refetch (listening: signals, topics, rules, spam). */
export interface IngestStep {
  run(): Promise<void>
}

/**
 * What follows every ingest, in order: the steps for the new items, then one conversations.changed
 * (reason 'ingest') and one counts.changed. What the steps change on the way is merged into those two,
 * so one arrival reaches the screens once.
 */
export class AfterIngest {
  constructor(
    private readonly events: EventBus,
    private readonly conversations: ConversationNotices,
    private readonly steps: readonly IngestStep[],
  ) {}

  ingested(conversationIds: number[]): Promise<void> {
    return this.events.coalesce(async () => {
      for (const step of this.steps) await step.run()
      this.conversations.changed(conversationIds, 'ingest')
    })
  }
}
