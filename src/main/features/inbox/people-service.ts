import type { OperationOutput, Profile } from '../../../shared/contract'
import { ParleyError } from '../../../shared/contract'
import { peopleLimits, type SavedView } from '../../../shared/contract/operations-people'
import type { CannedStore } from '../../store/canned-replies'
import { renderCanned } from '../canned/render'
import type { ContactStore } from '../../store/contacts'
import type { Clock } from '../../base/clock'
import type { EventBus } from '../../base/event-bus'
import type { PresenceTracker } from '../presence/tracker'
import type { SavedViewStore } from '../../store/saved-views'
import { parseQuery, QuerySyntaxError } from '../../model/search'
import type { ConversationSearch } from '../../store/conversation-search'
import type { ConversationStore } from '../../store/conversations'
import type { AccountStore } from '../../store/accounts'
import { platformLabel } from '../../model/platform-label'

export interface PeopleDeps {
  search: ConversationSearch
  savedViews: SavedViewStore
  contacts: ContactStore
  canned: CannedStore
  presence: PresenceTracker
  conversations: ConversationStore
  accounts: AccountStore
  events: EventBus
  clock: Clock
  profile: () => Profile
  /** The workspace time zone for before:/after: (undefined: UTC). */
  timeZone?: () => string | undefined
}

/** Search, saved views, contacts, canned replies and presence on behalf of the session's profile. */
export class PeopleService {
  constructor(private readonly d: PeopleDeps) {}

  search(query: string, cursor: string | null | undefined, limit: number): OperationOutput<'conversations.search'> {
    try {
      return this.d.search.search(query, { limit, cursor, profileId: this.d.profile().id, timeZone: this.d.timeZone?.() })
    } catch (error) {
      if (error instanceof QuerySyntaxError) return { error: { message: error.message, position: error.column, length: error.length } }
      throw error
    }
  }

  /* ---- saved views ---- */

  private checkQuery(query: string): void {
    // The same words and position the search field shows, as a plain bad_input.
    parseQuery(query)
  }

  private viewsChanged(): void {
    this.d.events.emit('savedViews.changed', {})
  }

  listViews(): SavedView[] {
    return this.d.savedViews.list()
  }

  createView(name: string, query: string): SavedView {
    this.checkQuery(query)
    const view = this.d.savedViews.create(name, query, this.d.profile().id, this.d.clock.now(), peopleLimits.savedViews)
    this.viewsChanged()
    return view
  }

  updateView(id: number, change: { name?: string; query?: string }): SavedView {
    if (change.query !== undefined) this.checkQuery(change.query)
    const view = this.d.savedViews.update(id, change, this.d.clock.now())
    this.viewsChanged()
    return view
  }

  deleteView(id: number): { id: number } {
    this.d.savedViews.delete(id)
    this.viewsChanged()
    return { id }
  }

  reorderViews(ids: number[]): SavedView[] {
    const views = this.d.savedViews.reorder(ids)
    this.viewsChanged()
    return views
  }

  setNotify(id: number, notify: boolean): SavedView {
    const view = this.d.savedViews.setNotify(id, notify)
    this.viewsChanged()
    return view
  }

  /** One capped count per view. A view whose query no longer parses counts 0 rather than failing the sidebar. */
  viewCounts(): OperationOutput<'savedViews.counts'> {
    const cap = peopleLimits.countCap
    const profileId = this.d.profile().id
    return this.d.savedViews.list().map((v) => {
      let n = 0
      try {
        n = this.d.search.count(v.query, cap + 1, profileId)
      } catch (error) {
        if (!(error instanceof ParleyError)) throw error
      }
      return { id: v.id, count: Math.min(n, cap), capped: n > cap }
    })
  }

  matching(conversationIds: number[]): OperationOutput<'savedViews.matching'> {
    const profileId = this.d.profile().id
    return this.d.savedViews
      .list()
      .filter((v) => v.notify)
      .flatMap((v) => {
        try {
          const ids = this.d.search.matching(v.query, conversationIds, profileId)
          return ids.length ? [{ viewId: v.id, name: v.name, conversationIds: ids }] : []
        } catch (error) {
          if (error instanceof ParleyError) return []
          throw error
        }
      })
  }

  /* ---- contacts ---- */

  private actor(): { id: number; name: string } {
    const p = this.d.profile()
    return { id: p.id, name: p.name }
  }

  private contactsMoved(conversations: number[]): void {
    if (!conversations.length) return
    this.d.events.emit('conversations.changed', { ids: conversations, reason: 'update' })
  }

  contact(id: number): OperationOutput<'contacts.get'> {
    return this.d.contacts.get(id)
  }

  findContacts(query: string, limit: number): OperationOutput<'contacts.search'> {
    return this.d.contacts.search(query, limit)
  }

  setContactNotes(id: number, notes: string): OperationOutput<'contacts.setNotes'> {
    return this.d.contacts.setNotes(id, notes)
  }

  merge(targetId: number, sourceId: number): OperationOutput<'contacts.merge'> {
    const { merge, conversations } = this.d.contacts.merge(targetId, sourceId, this.actor(), this.d.clock.now())
    this.contactsMoved(conversations)
    return merge
  }

  unmerge(mergeId: number): OperationOutput<'contacts.unmerge'> {
    const { merge, conversations } = this.d.contacts.unmerge(mergeId, this.actor(), this.d.clock.now())
    this.contactsMoved(conversations)
    return merge
  }

  /* ---- canned replies ---- */

  cannedList(): OperationOutput<'canned.list'> {
    return this.d.canned.list()
  }

  saveCanned(input: { id?: number; name: string; body: string }): OperationOutput<'canned.save'> {
    return this.d.canned.save(input, this.d.clock.now(), peopleLimits.cannedReplies)
  }

  deleteCanned(id: number): { id: number } {
    this.d.canned.delete(id)
    return { id }
  }

  renderCanned(id: number, conversationId: number): OperationOutput<'canned.render'> {
    const reply = this.d.canned.get(id)
    const { conversation } = this.d.conversations.get(conversationId)
    const contact = conversation.contactId === null ? null : this.d.contacts.get(conversation.contactId).contact
    const account = this.d.accounts.list().find((a) => a.id === conversation.accountId)
    return renderCanned(reply.body, {
      contactName: contact?.displayName ?? (conversation.kind === 'feed' ? '' : conversation.authorName),
      handle: conversation.authorHandle,
      channel: account ? `${account.displayName} on ${platformLabel(account.platform)}` : '',
      agent: this.d.profile().name,
    })
  }

  /* ---- presence ---- */

  heartbeat(conversationId: number, drafting: boolean): OperationOutput<'presence.heartbeat'> {
    if (!this.d.conversations.exists(conversationId)) throw new ParleyError('not_found', `Conversation ${conversationId} does not exist.`)
    return this.d.presence.beat(conversationId, this.actor(), drafting)
  }
}
