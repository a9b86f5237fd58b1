import { watch } from 'vue'
import type { ApiClient } from '@renderer/api/client'
import { watchConnection } from '@renderer/api/connection'
import { startApprovalNotifications } from '@renderer/lib/notify'
import { useAppStore } from '@renderer/stores/app'
import { useApprovalsStore } from '@renderer/stores/approvals'
import { useChannelsStore } from '@renderer/stores/channels'
import { useConversationStore } from '@renderer/stores/conversation'
import { useDraftsStore } from '@renderer/stores/drafts'
import { useInboxStore } from '@renderer/stores/inbox'
import { useOutboxStore } from '@renderer/stores/outbox'
import { useProfilesStore } from '@renderer/stores/profiles'
import { useWorkspaceStore } from '@renderer/stores/workspace'

const REFRESH_DEBOUNCE_MS = 250

/**
 * Wires core events and connection changes to the stores. Returns a stop function.
 * Bursts of change events (ingest, demo build) collapse into one list refresh.
 */
export function startLiveUpdates(api: ApiClient): () => void {
  const app = useAppStore()
  const inbox = useInboxStore()
  const conversation = useConversationStore()
  const drafts = useDraftsStore()
  const workspace = useWorkspaceStore()
  const channels = useChannelsStore()
  const approvals = useApprovalsStore()
  const outbox = useOutboxStore()
  const profiles = useProfilesStore()
  let refreshTimer: ReturnType<typeof setTimeout> | null = null
  let wasOnline = true

  const scheduleRefresh = (): void => {
    if (refreshTimer) return
    refreshTimer = setTimeout(() => {
      refreshTimer = null
      void inbox.refresh()
    }, REFRESH_DEBOUNCE_MS)
  }

  // Approval and outbox events come in bursts (queued, sending, sent): one re-read per burst.
  const pendingConversations = new Set<number>()
  let approvalTimer: ReturnType<typeof setTimeout> | null = null
  const scheduleApprovals = (conversationId: number): void => {
    pendingConversations.add(conversationId)
    if (approvalTimer) return
    approvalTimer = setTimeout(() => {
      approvalTimer = null
      const ids = [...pendingConversations]
      pendingConversations.clear()
      void outbox.load()
      void approvals.onChanged(ids.length === 1 ? ids[0]! : null)
      if (conversation.openId !== null && ids.includes(conversation.openId)) void conversation.reload()
    }, REFRESH_DEBOUNCE_MS)
  }

  const stops = [
    api.on('approvals.changed', ({ conversationId }) => scheduleApprovals(conversationId)),
    api.on('outbox.changed', ({ conversationId }) => scheduleApprovals(conversationId)),
    // Approvers hear about submissions, authors about decisions (once permission was given).
    startApprovalNotifications(api),
    api.on('profiles.changed', ({ current }) => {
      profiles.setCurrent(current)
      void profiles.load()
      void approvals.onChanged(null)
    }),
    api.on('counts.changed', (counts) => inbox.setCounts(counts)),
    api.on('conversations.changed', ({ ids, reason }) => {
      if (workspace.building) return
      if (reason === 'demo') {
        void app.loadInfo()
        void inbox.loadAll()
        return
      }
      scheduleRefresh()
      if (conversation.openId !== null && ids.includes(conversation.openId)) void conversation.reload()
    }),
    api.on('demo.progress', (progress) => workspace.onProgress(progress)),
    api.on('draft.saved', (draft) => {
      drafts.onSaved(draft)
      // An author's edit withdraws a pending request: the composer and the queue follow.
      if (draft.conversationId === approvals.conversationId) scheduleApprovals(draft.conversationId)
    }),
    // Sync health feeds the Channels screen and the sidebar's warning marks.
    api.on('sync.health', (health) => channels.onHealth(health)),
    api.on('sync.progress', (progress) => channels.onProgress(progress)),
    api.on('sync.online', (state) => channels.onOnline(state)),
    api.on('accounts.changed', (change) => {
      if (app.info) void channels.onAccountsChanged(change)
    }),
    // The desktop shell's deep links, notification clicks and menu (the target is validated by the contract).
    api.on('app.navigate', (target) => {
      if (target.kind === 'screen') return app.showScreen(target.screen)
      app.showScreen('inbox')
      if (target.kind === 'view') return inbox.setView(target.view)
      inbox.select(target.conversationId)
      void conversation.open(target.conversationId)
    }),
    watchConnection(api.transport, (state) => {
      app.setConnection(state)
      // Events may have been missed while away: catch up once the link is back.
      if (state === 'online' && !wasOnline && app.info && !app.isEmpty) {
        void inbox.loadCounts()
        void inbox.refresh()
        void drafts.flush()
        void channels.loadHealth().catch(() => undefined)
      }
      wasOnline = state === 'online'
    }),
  ]

  // A refused token will not start working: stop retrying the event socket.
  stops.push(
    watch(
      () => app.unauthorized,
      (refused) => {
        if (refused) api.transport.close?.()
      },
    ),
  )

  return () => {
    if (refreshTimer) clearTimeout(refreshTimer)
    if (approvalTimer) clearTimeout(approvalTimer)
    for (const stop of stops) stop()
  }
}
