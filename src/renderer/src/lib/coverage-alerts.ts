import type { ApiClient } from '@renderer/api/client'
import { useAppStore } from '@renderer/stores/app'
import { useCoverageStore } from '@renderer/stores/coverage'

/** Re-reading coverage after a burst of polls costs one call. */
const RELOAD_DEBOUNCE_MS = 500

/**
 * Coverage alerts: the core tells each profile once about a silence and daily about an account that
 * needs reconnecting; the one this window works as gets a desktop notification (when permitted) and
 * the top bar's signal. A click opens the Channels screen, where the alert's causes are listed.
 */
export function startCoverageAlerts(client: ApiClient): () => void {
  const coverage = useCoverageStore()
  const app = useAppStore()
  let timer: ReturnType<typeof setTimeout> | null = null
  const reload = (): void => {
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      void coverage.load()
    }, RELOAD_DEBOUNCE_MS)
  }
  void coverage.load()
  const stops = [
    client.on('coverage.alert', (alert) => {
      reload()
      const me = app.profile?.id
      if (me === undefined || !alert.profileIds.includes(me)) return
      const N = typeof globalThis.Notification === 'function' ? globalThis.Notification : null
      if (!N || N.permission !== 'granted') return
      try {
        const shown = new N(alert.title, { body: alert.body, tag: `parley-coverage-${alert.id}` })
        shown.onclick = () => {
          shown.close()
          window.focus()
          app.showScreen('channels')
        }
      } catch {
        // Page-made notifications can be refused; the top bar still shows it.
      }
    }),
    client.on('coverage.changed', reload),
    client.on('sync.health', reload),
    client.on('accounts.changed', reload),
    client.on('profiles.changed', reload),
  ]
  return () => {
    if (timer) clearTimeout(timer)
    stops.forEach((s) => s())
  }
}
