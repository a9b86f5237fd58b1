import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AccountHealth, ChannelAccount, ConnectorInfo, EventPayload, OperationOutput, Platform, StreamHealth, View } from '@shared/contract'
import { ApiError, useApi } from '@renderer/api/client'
import { clockTime } from '@renderer/lib/format'
import { useAppStore } from './app'
import { useCoverageStore } from './coverage'
import { useInboxStore } from './inbox'
import { usePlatformsStore } from './platforms'

export type VaultInfo = OperationOutput<'vault.describe'>
export type AccountAction = 'pause' | 'resume' | 'remove'

/** Why an account in the sidebar deserves a second look. */
export interface AccountWarning {
  kind: 'reconnect' | 'rate_limited' | 'gap' | 'silent' | 'error'
  /** A couple of words for the sidebar. */
  short: string
  /** The full sentence for screen readers and the tooltip. */
  label: string
}

/** A "Poll now" that never hears back stops showing as busy after this long. */
const POLL_FEEDBACK_MS = 15_000
/** Counting conversations for the remove dialog stops here (per view) and says "more than". */
const COUNT_PAGES = 50
const COUNT_PAGE_SIZE = 200

const progressKey = (accountId: number, stream: string): string => `${accountId}:${stream}`

/**
 * The Channels screen: which platforms can be connected, where secrets are kept, and each
 * account's sync health, kept live from sync.* and accounts.changed events. Secrets typed into
 * the add form pass through add() to the core and are never kept here.
 */
export const useChannelsStore = defineStore('channels', () => {
  // The connectable platforms are the platforms store's (loaded once); the Channels screen only reads them.
  const platforms = usePlatformsStore()
  const connectors = computed<ConnectorInfo[]>(() => platforms.list)
  const connectorsLoaded = computed(() => platforms.loaded)
  const vault = ref<VaultInfo | null>(null)
  const health = ref<Record<number, AccountHealth>>({})
  /** Items fetched so far by a running backfill, per account and stream (from sync.progress). */
  const progress = ref<Record<string, number>>({})
  /** The core's own view of the network (sync.online); the window's link is in the app store. */
  const syncOnline = ref(true)
  const loading = ref(false)
  const loadError = ref<string | null>(null)
  const busy = ref<Record<number, AccountAction>>({})
  /** "Poll now" was asked for and the core has not reported back yet. */
  const polling = ref<Record<number, boolean>>({})
  const addOpen = ref(false)
  /** True from a connect until the screens are rebuilt around the new account (the first one changes the whole layout). */
  const settling = ref(false)
  /** The account connected last, so the screen can bring it into view. */
  const lastAddedId = ref<number | null>(null)
  const pollTimers = new Map<number, ReturnType<typeof setTimeout>>()

  const offline = computed(() => !syncOnline.value || Object.values(health.value).some((h) => h.offline))

  function loadConnectors(): Promise<void> {
    return platforms.load()
  }

  async function loadVault(): Promise<void> {
    try {
      vault.value = await useApi().call('vault.describe', {})
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unauthorized') useAppStore().report(error)
      else vault.value = { kind: 'none', description: 'Unknown', available: false, problem: error instanceof ApiError ? error.message : 'Parley could not tell where secrets are kept.' }
    }
  }

  /** Health of every connected (non-demo) account, or of one. */
  async function loadHealth(id?: number): Promise<void> {
    try {
      const list = await useApi().call('accounts.health', id === undefined ? {} : { id })
      if (id === undefined) {
        const next: Record<number, AccountHealth> = {}
        for (const h of list) next[h.accountId] = h
        health.value = next
      } else {
        for (const h of list) health.value[h.accountId] = h
      }
    } catch (error) {
      if (error instanceof ApiError && error.code === 'not_found' && id !== undefined) forget(id)
      else if (id === undefined) throw error
      else useAppStore().report(error)
    }
  }

  /** Everything the Channels screen shows, read fresh. */
  async function load(): Promise<void> {
    loading.value = true
    try {
      await Promise.all([useInboxStore().loadAccounts(), loadConnectors(), loadVault(), loadHealth()])
      loadError.value = null
    } catch (error) {
      if (!useAppStore().report(error)) loadError.value = error instanceof ApiError ? error.message : 'Parley could not read the sync status.'
    } finally {
      loading.value = false
    }
  }

  function forget(id: number): void {
    delete health.value[id]
    delete busy.value[id]
    stopPolling(id)
    for (const key of Object.keys(progress.value)) if (key.startsWith(`${id}:`)) delete progress.value[key]
  }

  function stopPolling(id: number): void {
    const timer = pollTimers.get(id)
    if (timer) clearTimeout(timer)
    pollTimers.delete(id)
    delete polling.value[id]
  }

  /** sync.health: one account's health after a poll. The account's status may have changed with it. */
  function onHealth(next: AccountHealth): void {
    health.value[next.accountId] = next
    // A health report ends the pass: the progress counters of its streams are done.
    for (const key of Object.keys(progress.value)) if (key.startsWith(`${next.accountId}:`)) delete progress.value[key]
    stopPolling(next.accountId)
    syncOnline.value = !next.offline
    const inbox = useInboxStore()
    const index = inbox.accounts.findIndex((a) => a.id === next.accountId)
    const account = inbox.accounts[index]
    if (account && next.status !== 'removed' && (account.status !== next.status || account.statusMessage !== next.statusMessage)) {
      inbox.accounts[index] = { ...account, status: next.status, statusMessage: next.statusMessage }
    }
  }

  function onProgress(payload: EventPayload<'sync.progress'>): void {
    if (payload.phase !== 'backfill') return
    progress.value[progressKey(payload.accountId, payload.stream)] = payload.fetched
  }

  function onOnline(payload: EventPayload<'sync.online'>): void {
    syncOnline.value = payload.online
    for (const h of Object.values(health.value)) h.offline = !payload.online
  }

  /** accounts.changed: re-read the list (sidebar too) and that account's health. */
  async function onAccountsChanged(payload: EventPayload<'accounts.changed'>): Promise<void> {
    const inbox = useInboxStore()
    await inbox.loadAccounts()
    const id = payload.accountId
    if (id === null) {
      await loadHealth().catch((error: unknown) => useAppStore().report(error))
      return
    }
    const account = inbox.accountsById.get(id)
    if (!account) forget(id)
    else if (!account.isDemo) await loadHealth(id)
  }

  /** Connects an account. Throws ApiError with the core's plain-words reason; nothing is kept on failure. */
  async function add(platform: Platform, fields: Record<string, string>): Promise<ChannelAccount> {
    const wasEmpty = useAppStore().isEmpty
    const account = await useApi().call('accounts.add', { platform, fields })
    await connected(account, wasEmpty)
    return account
  }

  /**
   * Starts a sign-in through the browser; the caller opens authorizeUrl and waits for
   * accounts.oauthFinished with this flowId. Throws ApiError in plain words (e.g. an instance too old).
   */
  async function beginOAuth(platform: Platform, fields: Record<string, string>): Promise<OperationOutput<'accounts.beginOAuth'>> {
    return useApi().call('accounts.beginOAuth', { platform, fields })
  }

  /** Stops waiting for a sign-in; a failure to reach the core is reported, not thrown. */
  async function cancelOAuth(flowId: string): Promise<void> {
    try {
      await useApi().call('accounts.cancelOAuth', { flowId })
    } catch (error) {
      useAppStore().report(error)
    }
  }

  /** After an account was connected (typed credentials or a browser sign-in): close the form and show it. */
  async function connected(account: ChannelAccount, wasEmpty = useAppStore().isEmpty): Promise<void> {
    const app = useAppStore()
    const inbox = useInboxStore()
    // Closed here, before the screen may re-render around the first account.
    addOpen.value = false
    // Until the layout is rebuilt, "Add account" waits: a form opened meanwhile would close with the old screen.
    settling.value = true
    try {
      if (!inbox.accounts.some((a) => a.id === account.id)) inbox.accounts = [...inbox.accounts, account]
      await Promise.all([inbox.loadAccounts(), loadHealth(account.id)])
      if (wasEmpty) {
        await app.loadInfo()
        await inbox.loadAll()
      } else void inbox.loadCounts()
    } finally {
      settling.value = false
    }
    // Set last, so the screen that shows it (rebuilt around the first account) brings it into view.
    lastAddedId.value = account.id
  }

  async function act(id: number, action: AccountAction, run: () => Promise<unknown>): Promise<boolean> {
    if (busy.value[id]) return false
    busy.value[id] = action
    try {
      await run()
      return true
    } catch (error) {
      useAppStore().report(error)
      return false
    } finally {
      delete busy.value[id]
    }
  }

  function replaceAccount(account: ChannelAccount): void {
    const inbox = useInboxStore()
    const index = inbox.accounts.findIndex((a) => a.id === account.id)
    if (index >= 0) inbox.accounts[index] = account
    if (health.value[account.id]) {
      health.value[account.id] = { ...health.value[account.id]!, status: account.status, statusMessage: account.statusMessage }
    }
  }

  function pause(id: number): Promise<boolean> {
    return act(id, 'pause', async () => replaceAccount(await useApi().call('accounts.pause', { id })))
  }

  function resume(id: number): Promise<boolean> {
    return act(id, 'resume', async () => {
      replaceAccount(await useApi().call('accounts.resume', { id }))
      startPolling(id)
    })
  }

  function startPolling(id: number): void {
    stopPolling(id)
    polling.value[id] = true
    // The core may skip the poll without a report (e.g. the host is cooling down): re-read instead.
    pollTimers.set(
      id,
      setTimeout(() => {
        stopPolling(id)
        void loadHealth(id)
      }, POLL_FEEDBACK_MS),
    )
  }

  async function pollNow(id: number): Promise<boolean> {
    if (polling.value[id]) return false
    startPolling(id)
    try {
      await useApi().call('accounts.pollNow', { id })
      return true
    } catch (error) {
      stopPolling(id)
      useAppStore().report(error)
      return false
    }
  }

  /** Removes the account (its secrets always; its conversations only when deleteData). */
  async function remove(id: number, deleteData: boolean): Promise<boolean> {
    const ok = await act(id, 'remove', async () => {
      await useApi().call('accounts.remove', { id, deleteData })
    })
    if (!ok) return false
    const app = useAppStore()
    const inbox = useInboxStore()
    inbox.accounts = inbox.accounts.filter((a) => a.id !== id)
    forget(id)
    if (inbox.accountId === id) inbox.setView(inbox.view, null)
    else if (deleteData) void inbox.refresh()
    void inbox.loadCounts()
    await app.loadInfo()
    return true
  }

  /**
   * How many conversations the account has on this computer (open and done), for the remove
   * dialog. Counting stops at a cap; `capped` then says "more than".
   */
  async function countConversations(accountId: number): Promise<{ count: number; capped: boolean }> {
    let total = 0
    let capped = false
    for (const view of ['inbox', 'done'] satisfies View[]) {
      let cursor: string | null = null
      for (let page = 0; ; page++) {
        if (page >= COUNT_PAGES) {
          capped = true
          break
        }
        const result: OperationOutput<'conversations.list'> = await useApi().call('conversations.list', {
          view,
          accountId,
          cursor,
          limit: COUNT_PAGE_SIZE,
        })
        total += result.items.length
        cursor = result.nextCursor
        if (!cursor) break
      }
    }
    return { count: total, capped }
  }

  /** Items fetched so far when a stream is backfilling, otherwise null. */
  function backfillProgress(accountId: number, stream: StreamHealth): number | null {
    const fetched = progress.value[progressKey(accountId, stream.stream)]
    if (fetched !== undefined) return fetched
    // The very first pass (nothing attempted yet) is the backfill, even before the first progress event.
    return stream.backfilling && stream.lastAttemptAt === null ? 0 : null
  }

  /** The warning the sidebar shows for an account, most urgent first; null when all is well. */
  function warningFor(account: ChannelAccount, now: number): AccountWarning | null {
    if (account.status === 'needs_reconnect') {
      const why = account.statusMessage ? ` ${account.statusMessage}` : ''
      return { kind: 'reconnect', short: 'Reconnect', label: `Needs reconnecting.${why}` }
    }
    if (account.status !== 'active') return null
    const streams = health.value[account.id]?.streams ?? []
    const limited = streams.map((s) => s.rateLimitedUntil ?? 0).reduce((a, b) => Math.max(a, b), 0)
    if (limited > now) return { kind: 'rate_limited', short: 'Rate limited', label: `Rate limited until ${clockTime(limited, now)}` }
    if (streams.some((s) => s.mayBeMissingItems)) return { kind: 'gap', short: 'May miss items', label: 'May be missing items' }
    const silent = useCoverageStore().streams.filter((s) => s.accountId === account.id && s.state === 'silent')
    if (silent.length) return { kind: 'silent', short: 'Silent', label: `Quieter than usual: ${silent.map((s) => s.label).join(', ')}` }
    return null
  }

  return {
    connectors,
    connectorsLoaded,
    vault,
    health,
    progress,
    syncOnline,
    loading,
    loadError,
    busy,
    polling,
    addOpen,
    settling,
    lastAddedId,
    offline,
    load,
    loadConnectors,
    loadVault,
    loadHealth,
    onHealth,
    onProgress,
    onOnline,
    onAccountsChanged,
    add,
    beginOAuth,
    cancelOAuth,
    connected,
    pause,
    resume,
    pollNow,
    remove,
    countConversations,
    backfillProgress,
    warningFor,
  }
})
