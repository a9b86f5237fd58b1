import type { Profile } from '../../../shared/contract'
import type { EventBus } from '../../base/event-bus'
import type { PresenceTracker } from './tracker'

/**
 * A saved draft with text counts as a presence heartbeat: drafts are saved for the session's
 * profile, and an emptied draft means they stopped. A submitted reply means they stopped too:
 * it waits for a decision, and "Alex is drafting a reply" above it would send a supervisor
 * looking for a second reply (a draft applied from another laptop of the team beats as well).
 */
export function followDraftSaves(events: EventBus, presence: PresenceTracker, profile: () => Profile): () => void {
  return events.subscribe((name, payload) => {
    if (name === 'approvals.changed') {
      const change = payload as { conversationId: number; kind: string; authorId: number; decidedBy: number | null }
      if (change.kind === 'submitted' && change.decidedBy === null) presence.beat(change.conversationId, { id: change.authorId, name: '' }, false)
      return
    }
    if (name !== 'draft.saved') return
    const draft = payload as { conversationId: number; body: string }
    presence.beat(draft.conversationId, profile(), draft.body.trim().length > 0)
  })
}
