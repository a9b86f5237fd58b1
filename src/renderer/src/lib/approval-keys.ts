import type { Approval } from '@shared/contract'
import { useAppStore } from '@renderer/stores/app'
import { useApprovalsStore, type DecisionRequest } from '@renderer/stores/approvals'
import { useConversationStore } from '@renderer/stores/conversation'
import { useInboxStore } from '@renderer/stores/inbox'

/**
 * The approval keys of the Needs approval view (a approve, e edit, c request changes, x reject): they act
 * on the reply waiting in the conversation selected in the list (else the open one), so focus can stay
 * on the list. Approve runs at once; the others open the box of that reply's card, opening the
 * conversation first when another one is on screen.
 */
export function approvalKeys(): { approve(): Promise<void>; ask(mode: DecisionRequest['mode']): Promise<void> } {
  const app = useAppStore()
  const inbox = useInboxStore()
  const conversation = useConversationStore()
  const approvals = useApprovalsStore()

  function target(): Approval | null {
    const id = inbox.selectedId ?? conversation.openId
    if (id === null && !approvals.pending.length && !inbox.items.length) {
      app.notify('Nothing waits for approval.')
      return null
    }
    if (id === null) {
      app.notify('Pick a reply first: j and k move in the list.')
      return null
    }
    const a = approvals.pendingIn(id)
    if (!a) app.notify('Nothing in this conversation waits for approval.')
    return a
  }

  return {
    async approve() {
      const a = target()
      if (a) await approvals.approve(a)
    },
    async ask(mode) {
      const a = target()
      if (!a) return
      // The card shows in the queue of every pending reply (nothing open) or of the open conversation.
      if (conversation.openId !== null && conversation.openId !== a.conversationId) await conversation.open(a.conversationId)
      approvals.ask(a, mode)
    },
  }
}
