import { CannedStore } from '../store/canned-replies'
import { ContactStore } from '../store/contacts'
import type { InboxService } from '../features/inbox/service'
import { CannedService } from '../features/canned/service'
import { ContactsService } from '../features/contacts/service'
import { PresenceHeartbeat } from '../features/presence/heartbeat'
import { SavedViewsService } from '../features/saved-views/service'
import { SearchService } from '../features/search/service'
import { PresenceTracker } from '../features/presence/tracker'
import { followDraftSaves } from '../features/presence/draft-beats'
import { SavedViewStore } from '../store/saved-views'
import { ActivityLog } from '../store/activity'
import { ConversationSearch } from '../store/conversation-search'
import type { Db } from '../store/database'
import type { UnitOfWork } from '../store/unit-of-work'
import { realTimers } from '../base/timers'
import type { Stores } from './compose'
import type { CoreConfig } from './config'
import type { EventBus } from '../base/event-bus'
import type { Profile } from '../../shared/contract'
import type { PlatformNames } from '../model/connector'

export interface PeopleParts {
  search: SearchService
  savedViews: SavedViewsService
  contacts: ContactsService
  canned: CannedService
  presence: PresenceTracker
  heartbeat: PresenceHeartbeat
}

/**
 * Search, saved views, contacts, canned replies and presence, composed in the database
 * worker after the inbox. A saved draft with text counts as a presence heartbeat.
 */
export function composePeople(
  config: CoreConfig,
  parts: {
    db: Db
    uow: UnitOfWork
    events: EventBus
    stores: Stores
    inbox: InboxService
    connectors: PlatformNames
    /** Where before:/after: days start: the workspace's zone when one is set (reports), else this computer's. */
    timeZone: () => string
  },
): PeopleParts {
  const { db, uow, events, stores, inbox, timeZone } = parts
  const presence = new PresenceTracker(config.clock, config.timers ?? realTimers, (p) => events.emit('presence.changed', p))
  const profile = (): Profile => inbox.profile()
  const search = new ConversationSearch(db)
  const contactStore = new ContactStore(db, uow, new ActivityLog(db))
  const { clock } = config
  const searchService = new SearchService({ search, profile, timeZone })
  const savedViews = new SavedViewsService({ savedViews: new SavedViewStore(db, uow, stores.settings), search, events, clock, profile })
  const contacts = new ContactsService({ contacts: contactStore, events, clock, profile })
  const canned = new CannedService({ canned: new CannedStore(db), contacts: contactStore, conversations: stores.conversations, accounts: stores.accounts, clock, platforms: parts.connectors, profile })
  const heartbeat = new PresenceHeartbeat(presence, stores.conversations, profile)
  followDraftSaves(events, presence, profile)
  return { search: searchService, savedViews, contacts, canned, presence, heartbeat }
}
