import type { OperationOutput, Profile } from '../../../shared/contract'
import type { Clock } from '../../base/clock'
import type { EventBus } from '../../base/event-bus'
import type { ContactStore } from '../../store/contacts'

export interface ContactsDeps {
  contacts: ContactStore
  events: EventBus
  clock: Clock
  profile: () => Profile
}

/** Contacts: one person behind identities on several channels; merges are recorded so they can be undone. */
export class ContactsService {
  constructor(private readonly d: ContactsDeps) {}

  private actor(): { id: number; name: string } {
    const p = this.d.profile()
    return { id: p.id, name: p.name }
  }

  /** A merge moves conversations between contacts: the list rows show the new name. */
  private moved(conversations: number[]): void {
    if (!conversations.length) return
    this.d.events.emit('conversations.changed', { ids: conversations, reason: 'update' })
  }

  get(id: number): OperationOutput<'contacts.get'> {
    return this.d.contacts.get(id)
  }

  find(query: string, limit: number): OperationOutput<'contacts.search'> {
    return this.d.contacts.search(query, limit)
  }

  setNotes(id: number, notes: string): OperationOutput<'contacts.setNotes'> {
    return this.d.contacts.setNotes(id, notes)
  }

  merge(targetId: number, sourceId: number): OperationOutput<'contacts.merge'> {
    const { merge, conversations } = this.d.contacts.merge(targetId, sourceId, this.actor(), this.d.clock.now())
    this.moved(conversations)
    return merge
  }

  unmerge(mergeId: number): OperationOutput<'contacts.unmerge'> {
    const { merge, conversations } = this.d.contacts.unmerge(mergeId, this.actor(), this.d.clock.now())
    this.moved(conversations)
    return merge
  }
}
