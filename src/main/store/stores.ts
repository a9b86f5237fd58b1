import type { AccountStore } from './accounts'
import type { ConversationStore } from './conversations'
import type { CountStore } from './counts'
import type { DraftStore } from './drafts'
import type { IngestWriter } from './ingest'
import type { ProfileStore } from './profiles'
import type { SettingsStore } from './settings'
import type { SyncStreamStore } from './sync-streams'

/** The inbox's repositories, built once per workspace by the composition root. */
export interface Stores {
  accounts: AccountStore
  conversations: ConversationStore
  counts: CountStore
  drafts: DraftStore
  profiles: ProfileStore
  settings: SettingsStore
  streams: SyncStreamStore
  ingest: IngestWriter
}
