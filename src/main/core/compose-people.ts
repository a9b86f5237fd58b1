import { CannedStore } from '../store/canned-replies'
import { ContactStore } from '../store/contacts'
import type { InboxService } from '../features/inbox/service'
import { PeopleService } from '../features/inbox/people-service'
import { PresenceTracker } from '../features/presence/tracker'
import { SavedViewStore } from '../store/saved-views'
import { ActivityLog } from '../store/activity'
import { ConversationSearch } from '../store/conversation-search'
import type { Db } from '../store/database'
import type { UnitOfWork } from '../store/unit-of-work'
import { realTimers } from '../base/timers'
import type { Stores } from './compose'
import type { CoreConfig } from './config'
import type { EventBus } from '../base/event-bus'

export interface PeopleParts {
  people: PeopleService
  presence: PresenceTracker
}

/** Where before:/after: days start: the workspace's zone when one is set (reports), else this computer's. */
const TIME_ZONE_SETTING = 'workspace.timeZone'

/**
 * Search, saved views, contacts, canned replies and presence (#6b), composed in the database
 * worker next to the inbox. A saved draft with text counts as a presence heartbeat.
 */
export function composePeople(
  config: CoreConfig,
  parts: { db: Db; uow: UnitOfWork; events: EventBus; stores: Stores; inbox: InboxService },
): PeopleParts {
  const { db, uow, events, stores, inbox } = parts
  const presence = new PresenceTracker(config.clock, config.timers ?? realTimers, (p) => events.emit('presence.changed', p))
  const people = new PeopleService({
    search: new ConversationSearch(db),
    savedViews: new SavedViewStore(db, uow, stores.settings),
    contacts: new ContactStore(db, uow, new ActivityLog(db)),
    canned: new CannedStore(db),
    presence,
    conversations: stores.conversations,
    accounts: stores.accounts,
    events,
    clock: config.clock,
    profile: () => inbox.profile(),
    timeZone: () => stores.settings.get<string | null>(TIME_ZONE_SETTING, null) ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  })
  events.subscribe((name, payload) => {
    if (name !== 'draft.saved') return
    const draft = payload as { conversationId: number; body: string }
    // Drafts are saved for the session's profile; an emptied draft means they stopped.
    presence.beat(draft.conversationId, inbox.profile(), draft.body.trim().length > 0)
  })
  return { people, presence }
}
