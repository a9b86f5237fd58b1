import type { ApiClient } from '@renderer/api/client'

const api = (): typeof Notification | null => (typeof globalThis.Notification === 'function' ? globalThis.Notification : null)

/**
 * A desktop notification per saved view with "Notify me" on that got new conversations, through
 * the Notification API (the OS shows it in Electron; the browser in browser mode). Silent when
 * permission was not given: the toggle asks for it from a click.
 */
export async function notifyNewInViews(client: ApiClient, conversationIds: number[], open: (conversationId: number) => void): Promise<void> {
  const N = api()
  if (!N || N.permission !== 'granted' || !conversationIds.length) return
  let matches
  try {
    matches = await client.call('savedViews.matching', { conversationIds })
  } catch {
    return
  }
  for (const m of matches) {
    const n = m.conversationIds.length
    try {
      const shown = new N(`New in ${m.name}`, {
        body: n === 1 ? 'One new conversation' : `${n} new conversations`,
        tag: `parley-view-${m.viewId}`,
      })
      shown.onclick = () => {
        shown.close()
        window.focus()
        open(m.conversationIds[0]!)
      }
    } catch {
      // Some platforms refuse page-made notifications; the sidebar count still shows them.
    }
  }
}
