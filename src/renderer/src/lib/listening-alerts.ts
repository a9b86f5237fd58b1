import type { ApiClient } from '@renderer/api/client'
import { useAppStore } from '@renderer/stores/app'
import { useConversationStore } from '@renderer/stores/conversation'
import { useInboxStore } from '@renderer/stores/inbox'
import { useListeningStore } from '@renderer/stores/listening'

/**
 * Tracked-topic alerts: the core sends one per topic and item; each becomes a desktop notification
 * (when permitted and the topic's alert is on) and an in-app notice, and bumps the sidebar badge.
 * Channel text goes into the notification body as plain text only.
 */
export function startListeningAlerts(client: ApiClient): () => void {
  const listening = useListeningStore()
  const app = useAppStore()
  const open = (conversationId: number): void => {
    window.focus()
    app.showScreen('inbox')
    useInboxStore().select(conversationId)
    void useConversationStore().open(conversationId)
  }
  // The open screen refetches on change; a burst of changes during one poll costs one refetch in flight and one after.
  let running: Promise<void> | null = null
  let again = false
  const refetch = (): void => {
    if (app.screen !== 'listening' && app.screen !== 'spam') return
    if (running) return void (again = true)
    running = (app.screen === 'listening' ? listening.loadTopics() : listening.loadSpam()).finally(() => {
      running = null
      if (again) {
        again = false
        refetch()
      }
    })
  }
  // The sidebar badge counts unseen matches from the start, not only once the screen was opened.
  client
    .call('topics.list', {})
    .then((topics) => (listening.unseen = topics.reduce((n, t) => n + t.unseen, 0)))
    .catch(() => undefined)
  const stops = [
    client.on('listening.alert', (alert) => {
      listening.received(alert)
      if (!alert.notify) return
      const N = typeof globalThis.Notification === 'function' ? globalThis.Notification : null
      if (!N || N.permission !== 'granted') return
      try {
        const shown = new N(alert.ruleName ? `Rule '${alert.ruleName}'` : `Tracked: ${alert.topicName}`, {
          body: `${alert.authorName}: ${alert.text}`,
          tag: `parley-topic-${alert.topicId ?? 'rule'}-${alert.messageId}`,
        })
        shown.onclick = () => {
          shown.close()
          open(alert.conversationId)
        }
      } catch {
        // Page-made notifications can be refused; the in-app list and the badge still show it.
      }
    }),
    client.on('listening.changed', (p) => {
      listening.unseen = p.unseen
      refetch()
    }),
  ]
  return () => stops.forEach((s) => s())
}
