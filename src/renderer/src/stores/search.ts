import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { OperationOutput } from '@shared/contract'
import { useApi } from '@renderer/api/client'
import { useAppStore } from './app'

type Hit = Extract<OperationOutput<'conversations.search'>, { items: unknown }>['items'][number]
export interface QueryError {
  message: string
  position: number
  length: number
}

const PAGE = 50

/** The search over all history: the query, its results (with highlight ranges) or where it is wrong. */
export const useSearchStore = defineStore('search', () => {
  /** What the field shows. */
  const text = ref('')
  /** The query the results are for; null when no search is on screen. */
  const query = ref<string | null>(null)
  /** The saved view being shown, when the results came from the sidebar. */
  const viewId = ref<number | null>(null)
  const items = ref<Hit[]>([])
  const nextCursor = ref<string | null>(null)
  const error = ref<QueryError | null>(null)
  const loading = ref(false)
  const loadingMore = ref(false)
  let generation = 0

  const active = computed(() => query.value !== null)

  async function fetchPage(q: string, cursor: string | null): Promise<OperationOutput<'conversations.search'>> {
    return useApi().call('conversations.search', { query: q, cursor, limit: PAGE })
  }

  /** Runs a search; a query the language cannot read leaves the last results and shows where it is wrong. */
  async function run(q: string, fromView: number | null = null): Promise<void> {
    const gen = ++generation
    text.value = q
    loading.value = true
    try {
      const result = await fetchPage(q, null)
      if (gen !== generation) return
      if ('error' in result) {
        error.value = result.error
        return
      }
      error.value = null
      query.value = q
      viewId.value = fromView
      items.value = result.items
      nextCursor.value = result.nextCursor
    } catch (failure) {
      if (gen === generation) useAppStore().report(failure)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  /** Re-reads the results in place after changes (new items, a status changed elsewhere). */
  async function refresh(): Promise<void> {
    if (query.value === null) return
    const gen = ++generation
    try {
      const result = await fetchPage(query.value, null)
      if (gen !== generation || 'error' in result) return
      items.value = result.items
      nextCursor.value = result.nextCursor
    } catch {
      // The next change or search tries again; a toast per ingest burst would be noise.
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || query.value === null || loadingMore.value) return
    const gen = generation
    loadingMore.value = true
    try {
      const result = await fetchPage(query.value, nextCursor.value)
      if (gen !== generation || 'error' in result) return
      const seen = new Set(items.value.map((i) => i.conversation.id))
      items.value = items.value.concat(result.items.filter((i) => !seen.has(i.conversation.id)))
      nextCursor.value = result.nextCursor
    } catch (failure) {
      useAppStore().report(failure)
    } finally {
      loadingMore.value = false
    }
  }

  function setText(value: string): void {
    text.value = value
    // The underline belongs to the text it was computed for.
    error.value = null
  }

  function clear(): void {
    generation++
    text.value = ''
    query.value = null
    viewId.value = null
    items.value = []
    nextCursor.value = null
    error.value = null
    loading.value = false
  }

  return { text, query, viewId, items, nextCursor, error, loading, loadingMore, active, run, refresh, loadMore, setText, clear }
})
