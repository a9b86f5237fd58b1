import type { OperationOutput, Profile } from '../../../shared/contract'
import { peopleLimits } from '../../../shared/contract/operations-people'
import type { Clock } from '../../base/clock'
import type { PlatformNames } from '../../model/connector'
import type { AccountStore } from '../../store/accounts'
import type { ConversationStore } from '../../store/conversations'
import type { ContactStore } from '../../store/contacts'
import { renderCanned } from './render'
import type { CannedStore } from '../../store/canned-replies'

export interface CannedDeps {
  canned: CannedStore
  contacts: ContactStore
  conversations: ConversationStore
  accounts: AccountStore
  clock: Clock
  /** Platform names for the placeholders ("Lumen Blog on RSS/Atom"). */
  platforms: Pick<PlatformNames, 'label'>
  profile: () => Profile
}

/** Canned replies: the team's saved answers, filled in for one conversation when picked. */
export class CannedService {
  constructor(private readonly d: CannedDeps) {}

  list(): OperationOutput<'canned.list'> {
    return this.d.canned.list()
  }

  save(input: { id?: number; name: string; body: string }): OperationOutput<'canned.save'> {
    return this.d.canned.save(input, this.d.clock.now(), peopleLimits.cannedReplies)
  }

  delete(id: number): { id: number } {
    this.d.canned.delete(id)
    return { id }
  }

  render(id: number, conversationId: number): OperationOutput<'canned.render'> {
    const reply = this.d.canned.get(id)
    const { conversation } = this.d.conversations.get(conversationId)
    const contact = conversation.contactId === null ? null : this.d.contacts.get(conversation.contactId).contact
    const account = this.d.accounts.list().find((a) => a.id === conversation.accountId)
    return renderCanned(reply.body, {
      contactName: contact?.displayName ?? (conversation.kind === 'feed' ? '' : conversation.authorName),
      handle: conversation.authorHandle,
      channel: account ? `${account.displayName} on ${this.d.platforms.label(account.platform)}` : '',
      agent: this.d.profile().name,
    })
  }
}
