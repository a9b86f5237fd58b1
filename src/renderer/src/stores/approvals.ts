import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Approval, OutboxItem } from '@shared/contract'
import { plainMessage, useApi } from '@renderer/api/client'
import { useAppStore } from './app'
import { useInboxStore } from './inbox'
import { useOutboxStore } from './outbox'

/** A decision that needs words first (edit, changes, reject): the card of that approval opens its box. */
export interface DecisionRequest {
  approvalId: string
  mode: 'edit' | 'changes' | 'reject'
}

/**
 * Approvals: the Needs approval queue, one conversation's requests (for the composer and the cards),
 * and the decisions. `revision` bumps on every change event so dependent panes (audit) re-read.
 */
export const useApprovalsStore = defineStore('approvals', () => {
  /** The whole pending queue, oldest first. */
  const pending = ref<Approval[]>([])
  /** Every request of the open conversation (any status). */
  const conversationId = ref<number | null>(null)
  const ofConversation = ref<Approval[]>([])
  /** Outgoing items of the open conversation. */
  const outgoing = ref<OutboxItem[]>([])
  const revision = ref(0)
  /** Core refusals per approval id, shown on its card. */
  const errors = ref<Record<string, string>>({})
  const busy = ref<string | null>(null)
  /** Asked for from the keyboard or the palette; the card it names takes it (and clears it) once it is on screen. */
  const request = ref<DecisionRequest | null>(null)
  let seq = 0

  /** The oldest pending request in a conversation: what the approval keys act on for a row of the list. */
  function pendingIn(conversation: number): Approval | null {
    return pending.value.find((a) => a.conversationId === conversation) ?? ofConversation.value.find((a) => a.status === 'pending' && a.conversationId === conversation) ?? null
  }

  function ask(a: Approval, mode: DecisionRequest['mode']): void {
    request.value = { approvalId: a.id, mode }
  }

  function takeRequest(approvalId: string): DecisionRequest['mode'] | null {
    if (request.value?.approvalId !== approvalId) return null
    const mode = request.value.mode
    request.value = null
    return mode
  }

  async function loadQueue(): Promise<void> {
    try {
      pending.value = await useApi().call('approvals.list', { status: 'pending', limit: 100 })
    } catch (error) {
      useAppStore().report(error)
    }
  }

  async function loadConversation(id: number | null): Promise<void> {
    const mine = ++seq
    if (id !== conversationId.value) {
      ofConversation.value = []
      outgoing.value = []
    }
    conversationId.value = id
    if (id === null) return
    try {
      const [list, items] = await Promise.all([
        useApi().call('approvals.list', { conversationId: id, status: 'all', limit: 100 }),
        useApi().call('outbox.list', { conversationId: id, limit: 100 }),
      ])
      if (mine !== seq) return
      ofConversation.value = list
      outgoing.value = items
    } catch (error) {
      if (mine === seq) useAppStore().report(error)
    }
  }

  /** A change event: re-read what is on screen. In Needs approval the list follows at once (a decided row leaves). */
  async function onChanged(changedConversation: number | null): Promise<void> {
    revision.value++
    const inbox = useInboxStore()
    const work: Promise<void>[] = [loadQueue()]
    if (inbox.view === 'needs_approval') work.push(inbox.refresh())
    if (conversationId.value !== null && (changedConversation === null || changedConversation === conversationId.value)) {
      work.push(loadConversation(conversationId.value))
    }
    await Promise.all(work)
  }

  function setError(id: string, message: string | null): void {
    const rest = Object.fromEntries(Object.entries(errors.value).filter(([k]) => k !== id))
    errors.value = message === null ? rest : { ...rest, [id]: message }
  }

  async function decide(a: Approval, run: () => Promise<{ outboxItem?: OutboxItem | null } | Approval>, done: string): Promise<boolean> {
    setError(a.id, null)
    busy.value = a.id
    try {
      const result = await run()
      const item = 'outboxItem' in result ? (result.outboxItem ?? null) : null
      if (item) useOutboxStore().upsert(item)
      // It leaves the queue now, not when the change event comes back.
      pending.value = pending.value.filter((p) => p.id !== a.id)
      await onChanged(a.conversationId)
      if (item?.state === 'queued') offerUndo(item, done)
      else useAppStore().notify(done)
      return true
    } catch (error) {
      setError(a.id, plainMessage(error))
      return false
    } finally {
      busy.value = null
    }
  }

  /** The approved reply waits out its undo window in the outbox: the toast stays that long and can take the approval back. */
  function offerUndo(item: OutboxItem, done: string): void {
    const left = item.notBefore - Date.now()
    if (left < 1000) return void useAppStore().notify(done)
    useAppStore().notify(done, 'info', { durationMs: left, until: item.notBefore, action: { label: 'Undo', run: () => undoApproval(item) } })
  }

  /** Undo: the queued reply leaves the outbox and the request waits in Needs approval again. */
  async function undoApproval(item: OutboxItem): Promise<boolean> {
    const app = useAppStore()
    try {
      useOutboxStore().upsert(await useApi().call('outbox.cancel', { id: item.id, reopenApproval: true }))
      await onChanged(item.conversationId)
      app.notify('Approval taken back: the reply waits for a decision again.')
      return true
    } catch (error) {
      app.report(error)
      return false
    }
  }

  /** "Sam’s reply to Inês Araújo", when the conversation is in the list. */
  function whose(a: Approval): string {
    const to = useInboxStore().get(a.conversationId)?.authorName
    return to ? `${a.author.name}’s reply to ${to}` : `${a.author.name}’s reply`
  }

  const approve = (a: Approval) => decide(a, () => useApi().call('approvals.approve', { approvalId: a.id, bodyHash: a.bodyHash }), `Approved ${whose(a)}`)
  const editAndApprove = (a: Approval, body: string) =>
    decide(a, () => useApi().call('approvals.editAndApprove', { approvalId: a.id, bodyHash: a.bodyHash, body }), `Edited and approved ${whose(a)}`)
  const requestChanges = (a: Approval, note: string) =>
    decide(a, () => useApi().call('approvals.requestChanges', { approvalId: a.id, note }), `Sent back to ${a.author.name} with your note`)
  const reject = (a: Approval, note: string) => decide(a, () => useApi().call('approvals.reject', { approvalId: a.id, note }), `Rejected ${whose(a)}`)

  return {
    pending,
    conversationId,
    ofConversation,
    outgoing,
    revision,
    errors,
    busy,
    request,
    pendingIn,
    ask,
    takeRequest,
    undoApproval,
    loadQueue,
    loadConversation,
    onChanged,
    approve,
    editAndApprove,
    requestChanges,
    reject,
  }
})
