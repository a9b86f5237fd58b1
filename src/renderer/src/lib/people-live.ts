import type { ApiClient } from '@renderer/api/client'
import { useAppStore } from '@renderer/stores/app'
import { useConversationStore } from '@renderer/stores/conversation'
import { useInboxStore } from '@renderer/stores/inbox'
import { usePresenceStore } from '@renderer/stores/presence'
import { useSavedViewsStore } from '@renderer/stores/saved-views'
import { useSearchStore } from '@renderer/stores/search'
import { notifyNewInViews } from './view-notify'

const NOTIFY_DEBOUNCE_MS = 1_000
const SEARCH_REFRESH_MS = 400

/**
 * Core events for search, saved views, presence and view notifications. Counts and result
 * refreshes are debounced so a burst of ingest costs one recount, not one per item.
 */
export function startPeopleUpdates(api: ApiClient): () => void {
  const savedViews = useSavedViewsStore()
  const presence = usePresenceStore()
  const search = useSearchStore()
  const app = useAppStore()
  let searchTimer: ReturnType<typeof setTimeout> | null = null
  let notifyTimer: ReturnType<typeof setTimeout> | null = null
  const fresh = new Set<number>()

  const refreshSearch = (): void => {
    if (!search.active || searchTimer) return
    searchTimer = setTimeout(() => {
      searchTimer = null
      void search.refresh()
    }, SEARCH_REFRESH_MS)
  }

  const open = (conversationId: number): void => {
    app.showScreen('inbox')
    useInboxStore().select(conversationId)
    void useConversationStore().open(conversationId)
  }

  const stops = [
    api.on('conversations.changed', ({ ids, reason }) => {
      savedViews.scheduleCounts()
      refreshSearch()
      if (reason !== 'ingest' || !savedViews.views.some((v) => v.notify)) return
      for (const id of ids) fresh.add(id)
      if (notifyTimer) return
      notifyTimer = setTimeout(() => {
        notifyTimer = null
        const batch = [...fresh].slice(0, 1000)
        fresh.clear()
        void notifyNewInViews(api, batch, open)
      }, NOTIFY_DEBOUNCE_MS)
    }),
    api.on('counts.changed', () => savedViews.scheduleCounts()),
    api.on('savedViews.changed', () => void savedViews.load()),
    api.on('presence.changed', (p) => presence.set(p)),
    api.on('profiles.changed', () => savedViews.scheduleCounts()),
  ]

  void savedViews.load()
  void presence.load()

  return () => {
    if (searchTimer) clearTimeout(searchTimer)
    if (notifyTimer) clearTimeout(notifyTimer)
    savedViews.dispose()
    for (const stop of stops) stop()
  }
}
