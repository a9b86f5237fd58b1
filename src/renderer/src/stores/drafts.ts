import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Draft } from '@shared/contract'
import { plainMessage, useApi } from '@renderer/api/client'
import { useAppStore } from './app'

export const DRAFT_DEBOUNCE_MS = 400

/** idle: nothing typed yet · pending: typed, waiting for the pause · saving · saved · error */
export type DraftStatus = 'idle' | 'loading' | 'pending' | 'saving' | 'saved' | 'error'

/**
 * The reply draft of the open conversation. Saves ~400 ms after the last keystroke and
 * flushes at once on blur, on switching conversation and when the window goes away.
 */
export const useDraftsStore = defineStore('drafts', () => {
  const conversationId = ref<number | null>(null)
  const body = ref('')
  const status = ref<DraftStatus>('idle')
  const error = ref<string | null>(null)
  /** Local edits not yet handed to a save. */
  let dirty = false
  /** The stored draft could not be read; retrying must re-read, not overwrite it. */
  let loadFailed = false
  /** Saves handed over but not answered, per conversation (to ignore our own echo events). */
  const inFlight = new Map<number, number>()
  let timer: ReturnType<typeof setTimeout> | null = null
  // Saves run one after another so an older body can never land after a newer one.
  let queue: Promise<void> = Promise.resolve()

  function clearTimer(): void {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }

  function input(text: string): void {
    if (conversationId.value === null) return
    body.value = text
    dirty = true
    status.value = 'pending'
    clearTimer()
    timer = setTimeout(() => void flush(), DRAFT_DEBOUNCE_MS)
  }

  /** Saves what is typed now, if anything changed. Resolves when every queued save is answered. */
  function flush(): Promise<void> {
    clearTimer()
    const id = conversationId.value
    if (id === null || !dirty) return queue
    const text = body.value
    dirty = false
    inFlight.set(id, (inFlight.get(id) ?? 0) + 1)
    queue = queue.then(() => save(id, text))
    return queue
  }

  async function save(id: number, text: string): Promise<void> {
    const current = (): boolean => conversationId.value === id
    if (current()) status.value = 'saving'
    try {
      await useApi().call('drafts.save', { conversationId: id, body: text })
      if (current() && !dirty) {
        status.value = 'saved'
        error.value = null
      }
    } catch (failure) {
      if (current()) {
        status.value = 'error'
        error.value = plainMessage(failure)
        // Keep it dirty so the next keystroke, blur or retry tries again.
        dirty = true
      } else {
        useAppStore().notify(`A draft could not be saved: ${plainMessage(failure)}`, 'error')
      }
    } finally {
      const left = (inFlight.get(id) ?? 1) - 1
      if (left > 0) inFlight.set(id, left)
      else inFlight.delete(id)
    }
  }

  /** Switches the composer to another conversation: flushes the old draft, loads the new one. */
  async function open(id: number | null): Promise<void> {
    if (id === conversationId.value) return
    void flush()
    conversationId.value = id
    body.value = ''
    error.value = null
    dirty = false
    loadFailed = false
    if (id === null) {
      status.value = 'idle'
      return
    }
    status.value = 'loading'
    try {
      const draft = await useApi().call('drafts.get', { conversationId: id })
      // Typing before the draft arrived wins over the stored copy.
      if (conversationId.value !== id || dirty) return
      body.value = draft?.body ?? ''
      status.value = draft?.body ? 'saved' : 'idle'
    } catch (failure) {
      if (conversationId.value !== id) return
      loadFailed = true
      status.value = 'error'
      error.value = plainMessage(failure)
    }
  }

  /** Another window saved this draft: take it unless we have edits of our own on the way. */
  function onSaved(draft: Draft): void {
    if (draft.conversationId !== conversationId.value || dirty || inFlight.has(draft.conversationId)) return
    if (draft.body !== body.value) {
      body.value = draft.body
      status.value = 'saved'
    }
  }

  /** The acting profile changed: drafts are per person, so read this conversation's draft again. */
  async function reload(): Promise<void> {
    const id = conversationId.value
    if (id === null) return
    await flush()
    conversationId.value = null
    await open(id)
  }

  function retry(): Promise<void> {
    const id = conversationId.value
    if (loadFailed && id !== null) {
      conversationId.value = null
      return open(id)
    }
    dirty = true
    return flush()
  }

  return { conversationId, body, status, error, input, flush, open, onSaved, retry, reload }
})
