import type { Profile } from '../../../shared/contract'
import type { EventBus } from '../../base/event-bus'
import type { PresenceTracker } from './tracker'

/**
 * A saved draft with text counts as a presence heartbeat: drafts are saved for the session's
 * profile, and an emptied draft means they stopped.
 */
export function followDraftSaves(events: EventBus, presence: PresenceTracker, profile: () => Profile): () => void {
  return events.subscribe((name, payload) => {
    if (name !== 'draft.saved') return
    const draft = payload as { conversationId: number; body: string }
    presence.beat(draft.conversationId, profile(), draft.body.trim().length > 0)
  })
}
