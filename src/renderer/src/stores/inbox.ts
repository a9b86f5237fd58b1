import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef, triggerRef } from 'vue'
import type { ChannelAccount, ConversationSummary, Counts, OperationInput, View, limits } from '@shared/contract'
import { useApi } from '@renderer/api/client'
import { useAppStore } from './app'
import { useSearchStore } from './search'

export const PAGE_SIZE = 50
/** The contract's page cap, as a type-checked literal so the zod schemas stay out of the bundle. */
const MAX_PAGE: (typeof limits)['pageSize'] = 200

/** Keyset order of the list: newest activity first, then the higher id. */
const before = (a: ConversationSummary, b: ConversationSummary): boolean =>
  a.lastActivityAt > b.lastActivityAt || (a.lastActivityAt === b.lastActivityAt && a.id > b.id)

/** Does a conversation (after a local change) still belong in the view? Mirrors the core's view filters. */
export function belongsIn(view: View, item: ConversationSummary, me: number | null): boolean {
  const active = item.status === 'open' || item.status === 'pending'
  switch (view) {
    case 'inbox':
      return active
    case 'unassigned':
      return active && item.assigneeId === null
    case 'mine':
      return active && item.assigneeId === me
    case 'pending':
    case 'snoozed':
    case 'done':
      return item.status === view
    case 'needs_approval':
      return true
  }
}

/**
 * The sidebar counts, the channel accounts and the current list (view + optional account filter),
 * plus the multi-selection for bulk actions.
 *
 * Built for 100,000 loaded rows: the list is a shallowRef of raw (non-reactive) items, pages are
 * appended in place, and one id Set and one id → index Map live as long as the list does, so loading
 * a page costs the page, not the list. Changing a row replaces that one object and triggers the ref.
 */
export const useInboxStore = defineStore('inbox', () => {
  const counts = ref<Counts | null>(null)
  const accounts = ref<ChannelAccount[]>([])
  const view = ref<View>('inbox')
  const accountId = ref<number | null>(null)
  const items = shallowRef<ConversationSummary[]>([])
  const nextCursor = ref<string | null>(null)
  /** The first page of the current view is on its way (skeleton rows). */
  const loading = ref(false)
  const loadingMore = ref(false)
  /** The keyboard cursor in the list; opening is a separate step (Enter or click). */
  const selectedId = ref<number | null>(null)
  /** Conversations ticked for a bulk action (x, Ctrl/Shift+click). */
  const checked = shallowRef<Set<number>>(new Set())
  /** Where a Shift+click range starts. */
  let anchorId: number | null = null
  // Bumped on every view change or refresh so late answers for an old query are dropped.
  let generation = 0
  let index = new Map<number, number>()
  /** The array the index was built for; a list replaced from outside (tests, devtools) is re-indexed on use. */
  let indexed: ConversationSummary[] | null = null
  function at(id: number): number | undefined {
    if (indexed !== items.value) {
      index = new Map(items.value.map((item, i) => [item.id, i]))
      indexed = items.value
    }
    return index.get(id)
  }

  const accountsById = computed(() => new Map(accounts.value.map((a) => [a.id, a])))
  const unreadByAccount = computed(() => new Map((counts.value?.accounts ?? []).map((a) => [a.accountId, a.unread])))
  const selectedIndex = computed(() => {
    void items.value
    return selectedId.value === null ? -1 : (at(selectedId.value) ?? -1)
  })
  const filterAccount = computed(() => (accountId.value === null ? null : (accountsById.value.get(accountId.value) ?? null)))
  const checkedIds = computed(() => [...checked.value])

  function query(cursor: string | null, limit: number): OperationInput<'conversations.list'> {
    return { view: view.value, ...(accountId.value === null ? {} : { accountId: accountId.value }), cursor, limit }
  }

  /** Replaces the whole list (first page, refresh, removals), rebuilding the index once. */
  function replaceAll(next: ConversationSummary[]): void {
    const list = next.map((i) => markRaw(i))
    index = new Map(list.map((item, i) => [item.id, i]))
    indexed = list
    items.value = list
  }

  /** Appends a page in place: only the page's rows are looked at. */
  function append(page: ConversationSummary[]): void {
    const list = items.value
    for (const item of page) {
      if (at(item.id) !== undefined) continue
      index.set(item.id, list.length)
      list.push(markRaw(item))
    }
    triggerRef(items)
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
    replaceAll([])
    nextCursor.value = null
    try {
      const page = await useApi().call('conversations.list', query(null, PAGE_SIZE))
      if (gen !== generation) return
      replaceAll(page.items)
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
      append(page.items)
      nextCursor.value = page.nextCursor
    } catch (error) {
      if (gen === generation) useAppStore().report(error)
    } finally {
      if (gen === generation) loadingMore.value = false
    }
  }

  /**
   * Re-reads the top of the list (after events) and keeps the rows already loaded below it,
   * so a change never throws away the place of someone deep in a long list.
   */
  async function refresh(): Promise<void> {
    const gen = ++generation
    const limit = Math.min(Math.max(items.value.length, PAGE_SIZE), MAX_PAGE)
    const previousIndex = selectedIndex.value
    try {
      const page = await useApi().call('conversations.list', query(null, limit))
      if (gen !== generation) return
      const last = page.items[page.items.length - 1]
      const fresh = new Set(page.items.map((i) => i.id))
      const tail = page.nextCursor && last ? items.value.filter((i) => !fresh.has(i.id) && before(last, i)) : []
      replaceAll(tail.length ? page.items.concat(tail) : page.items)
      nextCursor.value = tail.length ? nextCursor.value : page.nextCursor
      loading.value = false
      loadingMore.value = false
      keepCursor(previousIndex)
      pruneChecked()
    } catch (error) {
      if (gen === generation) useAppStore().report(error)
    }
  }

  /** The selected row left the list: keep the cursor at the same place. */
  function keepCursor(previousIndex: number): void {
    if (selectedId.value !== null && previousIndex >= 0 && at(selectedId.value) === undefined) {
      selectedId.value = items.value[Math.min(previousIndex, items.value.length - 1)]?.id ?? null
    }
  }

  function pruneChecked(): void {
    if (![...checked.value].some((id) => at(id) === undefined)) return
    checked.value = new Set([...checked.value].filter((id) => at(id) !== undefined))
  }

  function setView(next: View, account: number | null = null): void {
    // Going to a view (g then a letter, the sidebar) leaves search results and saved views, which sit in the list's
    // place: without this, g then i under an open saved view changed the hidden list and nothing on screen.
    useSearchStore().clear()
    if (next === view.value && account === accountId.value && (items.value.length || loading.value)) return
    view.value = next
    accountId.value = account
    selectedId.value = null
    clearChecked()
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

  function get(id: number): ConversationSummary | null {
    const i = at(id)
    return i === undefined ? null : (items.value[i] ?? null)
  }

  function patchItem(id: number, patch: Partial<ConversationSummary>): void {
    const i = at(id)
    const item = i === undefined ? undefined : items.value[i]
    if (i === undefined || !item) return
    items.value[i] = markRaw({ ...item, ...patch })
    triggerRef(items)
  }

  /**
   * A local triage change: patch the rows, and take out those that no longer belong in the view
   * (done in the inbox, ...). The cursor stays at the same place; the core's events confirm it.
   */
  function applyChange(ids: number[], patch: (item: ConversationSummary) => Partial<ConversationSummary>, me: number | null): void {
    const previousIndex = selectedIndex.value
    let removed = false
    for (const id of ids) {
      const i = at(id)
      const item = i === undefined ? undefined : items.value[i]
      if (i === undefined || !item) continue
      const next = markRaw({ ...item, ...patch(item) })
      items.value[i] = next
      if (!belongsIn(view.value, next, me)) removed = true
    }
    if (removed) {
      replaceAll(items.value.filter((i) => belongsIn(view.value, i, me)))
      keepCursor(previousIndex)
      pruneChecked()
    } else triggerRef(items)
  }

  function isChecked(id: number): boolean {
    return checked.value.has(id)
  }

  function toggleChecked(id: number): void {
    const next = new Set(checked.value)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    checked.value = next
    anchorId = id
  }

  /** Shift+click: ticks every row from the last ticked one to this one. */
  function checkRange(id: number): void {
    const from = anchorId === null ? undefined : at(anchorId)
    const to = at(id)
    if (from === undefined || to === undefined) return toggleChecked(id)
    const next = new Set(checked.value)
    for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
      const item = items.value[i]
      if (item) next.add(item.id)
    }
    checked.value = next
    anchorId = id
  }

  function clearChecked(): void {
    if (checked.value.size) checked.value = new Set()
    anchorId = null
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
    checked,
    checkedIds,
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
    get,
    patchItem,
    applyChange,
    isChecked,
    toggleChecked,
    checkRange,
    clearChecked,
    setCounts,
    loadAll,
  }
})
