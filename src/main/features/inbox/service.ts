import type { ChannelAccount, Counts, Draft, OperationOutput, OperationParsedInput, Profile } from '../../../shared/contract'
import { ParleyError } from '../../../shared/contract'
import type { Stores } from '../../store/stores'
import type { Clock } from '../../base/clock'
import type { EventBus } from '../../base/event-bus'
import type { ConversationNotices } from './change-notices'
import type { CountsPublisher, ProfileSource } from './counts-publisher'

/** What the inbox needs to know about where it runs (the core's config satisfies it). */
export interface InboxEnv {
  clock: Clock
  version: string
  dataDir: string
}

/** The approval workflow's rules around a draft save. */
export interface DraftGuard {
  /** Runs the save inside the approval workflow's transaction (an edit voids an approval; 'drafted' is audited). */
  wrapDraftSave(input: { conversationId: number; profileId: number; body: string; at: number }, save: () => Draft): Draft
}

export interface InboxDeps {
  /** The session's profile: every read and draft is on its behalf. */
  profiles: ProfileSource
  counts: CountsPublisher
  conversations: ConversationNotices
  drafts: DraftGuard
}

/** Reading and triaging the inbox on behalf of the current profile. */
export class InboxService {
  constructor(
    private readonly stores: Stores,
    private readonly events: EventBus,
    private readonly config: InboxEnv,
    private readonly deps: InboxDeps,
  ) {}

  profile(): Profile {
    return this.deps.profiles.currentProfile()
  }

  info(): OperationOutput<'app.info'> {
    const accounts = this.stores.accounts.list()
    return {
      version: this.config.version,
      dataDir: this.config.dataDir,
      profile: this.profile(),
      // Kept conversations of a removed account still make a workspace that is not empty.
      isEmpty: accounts.length === 0 && this.stores.conversations.isEmpty(),
      hasDemo: accounts.some((a) => a.isDemo),
    }
  }

  counts(): Counts {
    return this.deps.counts.read()
  }

  accounts(): ChannelAccount[] {
    return this.stores.accounts.list()
  }

  list(input: Omit<OperationParsedInput<'conversations.list'>, 'limit'> & { limit: number }): OperationOutput<'conversations.list'> {
    return this.stores.conversations.list({ ...input, profileId: this.profile().id })
  }

  get(id: number): OperationOutput<'conversations.get'> {
    return this.stores.conversations.get(id)
  }

  markRead(id: number, read: boolean): OperationOutput<'conversations.markRead'> {
    const result = this.stores.conversations.markRead(id, read)
    this.deps.conversations.changed([id])
    return result
  }

  draft(conversationId: number): Draft | null {
    return this.stores.drafts.get(conversationId, this.profile().id)
  }

  saveDraft(conversationId: number, body: string): Draft {
    if (!this.stores.conversations.exists(conversationId)) {
      throw new ParleyError('not_found', `Conversation ${conversationId} does not exist, so its draft was not saved.`)
    }
    const input = { conversationId, profileId: this.profile().id, body, at: this.config.clock.now() }
    const save = (): Draft => this.stores.drafts.save(input.conversationId, input.profileId, input.body, input.at)
    const draft = this.deps.drafts.wrapDraftSave(input, save)
    this.events.emit('draft.saved', draft)
    return draft
  }
}
