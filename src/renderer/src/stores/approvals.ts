import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Approval, OutboxItem } from '@shared/contract'
import { plainMessage, useApi } from '@renderer/api/client'
import { useAppStore } from './app'
import { useOutboxStore } from './outbox'

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
  let seq = 0

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

  /** A change event: re-read what is on screen. */
  async function onChanged(changedConversation: number | null): Promise<void> {
    revision.value++
    const work: Promise<void>[] = [loadQueue()]
    if (conversationId.value !== null && (changedConversation === null || changedConversation === conversationId.value)) {
      work.push(loadConversation(conversationId.value))
    }
    await Promise.all(work)
  }

  function setError(id: string, message: string | null): void {
    const rest = Object.fromEntries(Object.entries(errors.value).filter(([k]) => k !== id))
    errors.value = message === null ? rest : { ...rest, [id]: message }
  }

  async function decide(a: Approval, run: () => Promise<{ outboxItem?: OutboxItem | null } | Approval>): Promise<boolean> {
    setError(a.id, null)
    busy.value = a.id
    try {
      const result = await run()
      if ('outboxItem' in result && result.outboxItem) useOutboxStore().upsert(result.outboxItem)
      await onChanged(a.conversationId)
      return true
    } catch (error) {
      setError(a.id, plainMessage(error))
      return false
    } finally {
      busy.value = null
    }
  }

  const approve = (a: Approval) => decide(a, () => useApi().call('approvals.approve', { approvalId: a.id, bodyHash: a.bodyHash }))
  const editAndApprove = (a: Approval, body: string) =>
    decide(a, () => useApi().call('approvals.editAndApprove', { approvalId: a.id, bodyHash: a.bodyHash, body }))
  const requestChanges = (a: Approval, note: string) => decide(a, () => useApi().call('approvals.requestChanges', { approvalId: a.id, note }))
  const reject = (a: Approval, note: string) => decide(a, () => useApi().call('approvals.reject', { approvalId: a.id, note }))

  return {
    pending,
    conversationId,
    ofConversation,
    outgoing,
    revision,
    errors,
    busy,
    loadQueue,
    loadConversation,
    onChanged,
    approve,
    editAndApprove,
    requestChanges,
    reject,
  }
})
