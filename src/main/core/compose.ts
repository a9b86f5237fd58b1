import { databaseFile } from '../paths'
import { openDatabase, type Db } from '../store/database'
import { AccountStore } from '../store/accounts'
import { ConversationStore } from '../store/conversations'
import { CountStore } from '../store/counts'
import { DraftStore } from '../store/drafts'
import { IngestWriter } from '../store/ingest'
import { ProfileStore } from '../store/profiles'
import { SettingsStore } from '../store/settings'
import type { CoreConfig } from './config'
import { EventBus } from './event-bus'
import { InboxService } from '../domain/inbox-service'
import { DemoLoader } from '../demo/loader'

export interface Core {
  readonly config: CoreConfig
  readonly db: Db
  readonly events: EventBus
  readonly stores: Stores
  readonly inbox: InboxService
  readonly demo: DemoLoader
  close(): void
}

/** The one composition root: the Electron shell, browser mode and the CLI all build the core here. */
export function createCore(config: CoreConfig): Core {
  const db = openDatabase({ file: databaseFile(config.dataDir) })
  const events = new EventBus()
  const now = (): number => config.clock.now()
  const stores = {
    accounts: new AccountStore(db),
    conversations: new ConversationStore(db),
    counts: new CountStore(db),
    drafts: new DraftStore(db),
    profiles: new ProfileStore(db),
    settings: new SettingsStore(db),
    ingest: new IngestWriter(db, now),
  }
  const inbox = new InboxService(stores, events, config)
  const demo = new DemoLoader(db, stores, events, now)
  return {
    config,
    db,
    events,
    stores,
    inbox,
    demo,
    close: () => {
      if (db.open) {
        db.pragma('optimize')
        db.close()
      }
    },
  }
}

export type Stores = {
  accounts: AccountStore
  conversations: ConversationStore
  counts: CountStore
  drafts: DraftStore
  profiles: ProfileStore
  settings: SettingsStore
  ingest: IngestWriter
}
