import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { OperationOutput } from '@shared/contract'
import { useApi } from '@renderer/api/client'
import { useAppStore } from './app'

type SavedView = OperationOutput<'savedViews.list'>[number]

/** Counts wait this long after the last change event, so an ingest burst recounts once. */
export const COUNT_DEBOUNCE_MS = 600

/** Saved views in the sidebar, their live counts and "Notify me". */
export const useSavedViewsStore = defineStore('savedViews', () => {
  const views = ref<SavedView[]>([])
  const counts = ref<Record<number, { count: number; capped: boolean }>>({})
  const loaded = ref(false)
  let countTimer: ReturnType<typeof setTimeout> | null = null
  let counting = false
  let again = false

  async function call<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      return await work()
    } catch (error) {
      useAppStore().report(error)
      return null
    }
  }

  async function load(): Promise<void> {
    const list = await call(() => useApi().call('savedViews.list', {}))
    if (list) {
      views.value = list
      loaded.value = true
    }
    await loadCounts()
  }

  /** One count query at a time; a change during it asks for one more pass, not one per event. */
  async function loadCounts(): Promise<void> {
    if (counting) {
      again = true
      return
    }
    counting = true
    try {
      const list = await useApi().call('savedViews.counts', {})
      counts.value = Object.fromEntries(list.map((c) => [c.id, { count: c.count, capped: c.capped }]))
    } catch {
      // Counts are a hint; the next change tries again.
    } finally {
      counting = false
      if (again) {
        again = false
        void loadCounts()
      }
    }
  }

  function scheduleCounts(): void {
    if (!views.value.length) return
    if (countTimer) clearTimeout(countTimer)
    countTimer = setTimeout(() => {
      countTimer = null
      void loadCounts()
    }, COUNT_DEBOUNCE_MS)
  }

  async function create(name: string, query: string): Promise<SavedView | null> {
    const view = await call(() => useApi().call('savedViews.create', { name, query }))
    if (view) {
      views.value = [...views.value.filter((v) => v.id !== view.id), view]
      void loadCounts()
    }
    return view
  }

  async function rename(id: number, name: string): Promise<void> {
    const view = await call(() => useApi().call('savedViews.update', { id, name }))
    if (view) views.value = views.value.map((v) => (v.id === id ? view : v))
  }

  async function remove(id: number): Promise<void> {
    if (await call(() => useApi().call('savedViews.delete', { id }))) views.value = views.value.filter((v) => v.id !== id)
  }

  /** Moves a view one place up (-1) or down (+1). */
  async function move(id: number, delta: -1 | 1): Promise<void> {
    const ids = views.value.map((v) => v.id)
    const from = ids.indexOf(id)
    const to = from + delta
    if (from < 0 || to < 0 || to >= ids.length) return
    ids.splice(to, 0, ids.splice(from, 1)[0]!)
    const list = await call(() => useApi().call('savedViews.reorder', { ids }))
    if (list) views.value = list
  }

  async function setNotify(id: number, notify: boolean): Promise<void> {
    const view = await call(() => useApi().call('savedViews.setNotify', { id, notify }))
    if (view) views.value = views.value.map((v) => (v.id === id ? view : v))
  }

  function dispose(): void {
    if (countTimer) clearTimeout(countTimer)
    countTimer = null
  }

  return { views, counts, loaded, load, loadCounts, scheduleCounts, create, rename, remove, move, setNotify, dispose }
})
