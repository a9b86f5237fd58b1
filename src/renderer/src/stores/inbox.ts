import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ChannelAccount, ConversationSummary, Counts, OperationInput, View, limits } from '@shared/contract'
import { useApi } from '@renderer/api/client'
import { useAppStore } from './app'

export const PAGE_SIZE = 50
/** The contract's page cap, as a type-checked literal so the zod schemas stay out of the bundle. */
const MAX_PAGE: (typeof limits)['pageSize'] = 200

/** The sidebar counts, the channel accounts and the current list (view + optional account filter). */
export const useInboxStore = defineStore('inbox', () => {
  const counts = ref<Counts | null>(null)
  const accounts = ref<ChannelAccount[]>([])
  const view = ref<View>('inbox')
  const accountId = ref<number | null>(null)
  const items = ref<ConversationSummary[]>([])
  const nextCursor = ref<string | null>(null)
  /** The first page of the current view is on its way (skeleton rows). */
  const loading = ref(false)
  const loadingMore = ref(false)
  /** The keyboard cursor in the list; opening is a separate step (Enter or click). */
  const selectedId = ref<number | null>(null)
  // Bumped on every view change or refresh so late answers for an old query are dropped.
  let generation = 0

  const accountsById = computed(() => new Map(accounts.value.map((a) => [a.id, a])))
  const unreadByAccount = computed(() => new Map((counts.value?.accounts ?? []).map((a) => [a.accountId, a.unread])))
  const selectedIndex = computed(() => items.value.findIndex((i) => i.id === selectedId.value))
  const filterAccount = computed(() => (accountId.value === null ? null : (accountsById.value.get(accountId.value) ?? null)))

  function query(cursor: string | null, limit: number): OperationInput<'conversations.list'> {
    return { view: view.value, ...(accountId.value === null ? {} : { accountId: accountId.value }), cursor, limit }
  }

  async function loadCounts(): Promise<void> {
    try {
      counts.value = await useApi().call('views.counts', {})
    } catch (error) {
      useAppStore().report(error)
    }
  }

  async function loadAccounts(): Promise<void> {
    try {
      accounts.value = await useApi().call('accounts.list', {})
    } catch (error) {
      useAppStore().report(error)
    }
  }

  async function loadFirstPage(): Promise<void> {
    const gen = ++generation
    loading.value = true
    loadingMore.value = false
    items.value = []
    nextCursor.value = null
    try {
      const page = await useApi().call('conversations.list', query(null, PAGE_SIZE))
      if (gen !== generation) return
      items.value = page.items
      nextCursor.value = page.nextCursor
    } catch (error) {
      if (gen === generation) useAppStore().report(error)
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value || loading.value || loadingMore.value) return
    const gen = generation
    loadingMore.value = true
    try {
      const page = await useApi().call('conversations.list', query(nextCursor.value, PAGE_SIZE))
      if (gen !== generation) return
      const seen = new Set(items.value.map((i) => i.id))
      items.value = items.value.concat(page.items.filter((i) => !seen.has(i.id)))
      nextCursor.value = page.nextCursor
    } catch (error) {
      if (gen === generation) useAppStore().report(error)
    } finally {
      if (gen === generation) loadingMore.value = false
    }
  }

  /** Re-reads the top of the list in place (after events), keeping the selection where it was. */
  async function refresh(): Promise<void> {
    const gen = ++generation
    const limit = Math.min(Math.max(items.value.length, PAGE_SIZE), MAX_PAGE)
    const previousIndex = selectedIndex.value
    try {
      const page = await useApi().call('conversations.list', query(null, limit))
      if (gen !== generation) return
      items.value = page.items
      nextCursor.value = page.nextCursor
      loading.value = false
      loadingMore.value = false
      if (selectedId.value !== null && previousIndex >= 0 && !page.items.some((i) => i.id === selectedId.value)) {
        // The selected row left this view (e.g. done elsewhere): keep the cursor at the same place.
        selectedId.value = page.items[Math.min(previousIndex, page.items.length - 1)]?.id ?? null
      }
    } catch (error) {
      if (gen === generation) useAppStore().report(error)
    }
  }

  function setView(next: View, account: number | null = null): void {
    if (next === view.value && account === accountId.value && (items.value.length || loading.value)) return
    view.value = next
    accountId.value = account
    selectedId.value = null
    void loadFirstPage()
  }

  /** Clicking an account filters the current view; clicking it again clears the filter. */
  function toggleAccount(id: number): void {
    setView(view.value, accountId.value === id ? null : id)
  }

  function select(id: number | null): void {
    selectedId.value = id
  }

  function move(delta: number): ConversationSummary | null {
    if (!items.value.length) return null
    const from = selectedIndex.value
    const to = from < 0 ? (delta > 0 ? 0 : items.value.length - 1) : Math.min(Math.max(from + delta, 0), items.value.length - 1)
    const item = items.value[to] ?? null
    selectedId.value = item?.id ?? null
    if (to >= items.value.length - 5) void loadMore()
    return item
  }

  function patchItem(id: number, patch: Partial<ConversationSummary>): void {
    const index = items.value.findIndex((i) => i.id === id)
    const item = items.value[index]
    if (item) items.value[index] = { ...item, ...patch }
  }

  function setCounts(next: Counts): void {
    counts.value = next
  }

  async function loadAll(): Promise<void> {
    await Promise.all([loadCounts(), loadAccounts(), loadFirstPage()])
  }

  return {
    counts,
    accounts,
    view,
    accountId,
    items,
    nextCursor,
    loading,
    loadingMore,
    selectedId,
    accountsById,
    unreadByAccount,
    selectedIndex,
    filterAccount,
    loadCounts,
    loadAccounts,
    loadFirstPage,
    loadMore,
    refresh,
    setView,
    toggleAccount,
    select,
    move,
    patchItem,
    setCounts,
    loadAll,
  }
})
