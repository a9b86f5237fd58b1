import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { OutboxItem } from '@shared/contract'
import { plainMessage, useApi } from '@renderer/api/client'
import { useAppStore } from './app'

/** States that still need someone to look or wait: the sidebar's Outbox count. */
export const ACTIVE_STATES: OutboxItem['state'][] = ['queued', 'sending', 'failed', 'unconfirmed']

/** Every outgoing reply and what happened to it. */
export const useOutboxStore = defineStore('outbox', () => {
  const items = ref<OutboxItem[]>([])
  const loading = ref(false)
  /** Plain-words refusals per item, shown next to it. */
  const errors = ref<Record<string, string>>({})
  let seq = 0

  const activeCount = computed(() => items.value.filter((i) => ACTIVE_STATES.includes(i.state)).length)

  async function load(): Promise<void> {
    const mine = ++seq
    loading.value = true
    try {
      const list = await useApi().call('outbox.list', { limit: 200 })
      if (mine === seq) items.value = [...list].sort((a, b) => b.createdAt - a.createdAt)
    } catch (error) {
      if (mine === seq) useAppStore().report(error)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function upsert(item: OutboxItem): void {
    const i = items.value.findIndex((x) => x.id === item.id)
    // Only outbox.list says who is answered: an action's answer keeps what the list said.
    if (i >= 0) items.value.splice(i, 1, { ...item, answering: item.answering ?? items.value[i]!.answering ?? null })
    else items.value.unshift(item)
  }

  async function act(id: string, run: () => Promise<OutboxItem>): Promise<boolean> {
    errors.value = Object.fromEntries(Object.entries(errors.value).filter(([k]) => k !== id))
    try {
      upsert(await run())
      return true
    } catch (error) {
      errors.value = { ...errors.value, [id]: plainMessage(error) }
      return false
    }
  }

  const api = () => useApi()
  const cancel = (id: string) => act(id, () => api().call('outbox.cancel', { id }))
  const retry = (id: string) => act(id, () => api().call('outbox.retry', { id }))
  const release = (id: string) => act(id, () => api().call('outbox.release', { id }))
  const resolve = (id: string, resolution: 'sent' | 'resend') => act(id, () => api().call('outbox.resolveUnconfirmed', { id, resolution }))

  return { items, loading, errors, activeCount, load, upsert, cancel, retry, release, resolve }
})
