import type { ChangeReason, EventBus } from '../../base/event-bus'
import type { CountsPublisher } from './counts-publisher'

/**
 * Tells the screens that conversations changed outside a unit of work's commit (which publishes its own):
 * their list rows and threads (conversations.changed), then the sidebar counts that may have moved with them.
 */
export class ConversationNotices {
  constructor(
    private readonly events: EventBus,
    private readonly counts: CountsPublisher,
  ) {}

  changed(ids: number[], reason: ChangeReason = 'update'): void {
    this.events.emit('conversations.changed', { ids, reason })
    this.counts.publish()
  }
}
