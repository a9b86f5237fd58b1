import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ConversationDetail, Message } from '@shared/contract'
import { ApiError, plainMessage, useApi } from '@renderer/api/client'
import { useAppStore } from './app'
import { useInboxStore } from './inbox'

/** Below this the previous conversation stays on screen instead of flashing a skeleton. */
const SKELETON_AFTER_MS = 150

/** The open conversation and its thread; opening marks it read. */
export const useConversationStore = defineStore('conversation', () => {
  const openId = ref<number | null>(null)
  const detail = ref<ConversationDetail | null>(null)
  const messages = ref<Message[]>([])
  const loading = ref(false)
  /** Loading has taken long enough to show a skeleton. */
  const slow = ref(false)
  const missing = ref<string | null>(null)
  /** Opening failed for a reason worth retrying (the core is unreachable, …). */
  const failed = ref<string | null>(null)
  /** Messages to show first and mark (a report's drill-down opens at the two messages a wait was measured between). */
  const focus = ref<number[]>([])
  let seq = 0

  const context = computed(() => messages.value.find((m) => m.isContext) ?? null)
  const thread = computed(() => messages.value.filter((m) => !m.isContext))
  const account = computed(() => (detail.value ? (useInboxStore().accountsById.get(detail.value.accountId) ?? null) : null))

  async function fetch(id: number, silent: boolean): Promise<void> {
    const mine = ++seq
    if (!silent) {
      loading.value = true
      slow.value = false
      setTimeout(() => {
        if (mine === seq && loading.value) slow.value = true
      }, SKELETON_AFTER_MS)
    }
    try {
      const result = await useApi().call('conversations.get', { id })
      if (mine !== seq) return
      detail.value = result.conversation
      messages.value = result.messages
      missing.value = null
      failed.value = null
      if (result.conversation.unread) void markRead(id)
    } catch (error) {
      if (mine !== seq) return
      if (error instanceof ApiError && error.code === 'not_found') {
        detail.value = null
        messages.value = []
        missing.value = error.message
      } else if (!silent) {
        // Shown in the pane with a retry (not as a toast), rather than leaving the previous conversation up.
        if (error instanceof ApiError && error.code === 'unauthorized') useAppStore().report(error)
        else failed.value = plainMessage(error)
      }
    } finally {
      if (mine === seq) {
        loading.value = false
        slow.value = false
      }
    }
  }

  async function open(id: number, options: { focus?: number[] } = {}): Promise<void> {
    focus.value = options.focus ?? []
    if (openId.value === id && detail.value?.id === id) return
    openId.value = id
    missing.value = null
    failed.value = null
    await fetch(id, false)
  }

  /** After a change event: re-read without a skeleton. */
  async function reload(): Promise<void> {
    if (openId.value !== null) await fetch(openId.value, true)
  }

  async function markRead(id: number): Promise<void> {
    const inbox = useInboxStore()
    // Optimistic: the dot disappears now; the core's events bring counts up to date.
    inbox.patchItem(id, { unread: false })
    if (detail.value?.id === id) detail.value = { ...detail.value, unread: false }
    try {
      await useApi().call('conversations.markRead', { id, read: true })
    } catch (error) {
      inbox.patchItem(id, { unread: true })
      useAppStore().report(error)
    }
  }

  function close(): void {
    seq++
    openId.value = null
    detail.value = null
    messages.value = []
    loading.value = false
    missing.value = null
    failed.value = null
  }

  return { openId, detail, messages, loading, slow, missing, failed, focus, context, thread, account, open, reload, markRead, close }
})
