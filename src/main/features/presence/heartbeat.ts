import type { OperationOutput, Profile } from '../../../shared/contract'
import { ParleyError } from '../../../shared/contract'
import type { ConversationStore } from '../../store/conversations'
import type { PresenceTracker } from './tracker'

/** The composer's heartbeat: "I am drafting here", checked against a real conversation. */
export class PresenceHeartbeat {
  constructor(
    private readonly tracker: PresenceTracker,
    private readonly conversations: Pick<ConversationStore, 'exists'>,
    private readonly profile: () => Profile,
  ) {}

  beat(conversationId: number, drafting: boolean): OperationOutput<'presence.heartbeat'> {
    if (!this.conversations.exists(conversationId)) throw new ParleyError('not_found', `Conversation ${conversationId} does not exist.`)
    const p = this.profile()
    return this.tracker.beat(conversationId, { id: p.id, name: p.name }, drafting)
  }
}
