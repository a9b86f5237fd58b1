import type { EventBus } from '../../base/event-bus'
import type { ApprovalStore } from '../../store/approvals'
import type { OutboxRecord } from '../../store/outbox'
import type { ConversationNotices } from '../inbox/change-notices'
import type { OutboxItemNotices } from '../outbox/nudges'
import { approvalChange } from './change'

/**
 * What the screens hear when an outbox item moves: the item (outbox.changed), its approval
 * (approvals.changed) and, when the conversation's list row moved too, the conversation and the counts.
 */
export class ApprovalItemNotices implements OutboxItemNotices {
  constructor(
    private readonly events: EventBus,
    private readonly approvals: ApprovalStore,
    private readonly conversations: ConversationNotices,
  ) {}

  changed(item: OutboxRecord, conversationsChanged = false): void {
    this.events.emit('outbox.changed', { conversationId: item.conversationId, itemId: item.id, state: item.state, held: item.holdReason !== null })
    const approval = item.approvalId ? this.approvals.get(item.approvalId) : null
    if (approval) this.events.emit('approvals.changed', approvalChange(approval, this.approvals.decisions(approval.id)))
    if (conversationsChanged) this.conversations.changed([item.conversationId])
  }
}
