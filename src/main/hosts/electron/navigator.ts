import type { WebContents } from 'electron'
import { IPC_EVENT_CHANNEL, navigationTargetSchema, type NavigationTarget } from '../../../shared/contract'

/**
 * Takes the window to a conversation, view or screen by sending the contract's
 * 'app.navigate' event. A target that arrives before the page has loaded (a deep link
 * that launched Parley, a click on a notification while no window was open) waits
 * for the load; only the latest one is kept.
 */
export function createNavigator(showWindow: () => void): {
  navigate(target: NavigationTarget): void
  /** The page in contents finished loading: send what waited. */
  loaded(contents: Pick<WebContents, 'send' | 'isDestroyed'>): void
  /** The window closed: later targets wait for the next one. */
  closed(): void
} {
  let ready: Pick<WebContents, 'send' | 'isDestroyed'> | null = null
  let pending: NavigationTarget | null = null
  const send = (contents: Pick<WebContents, 'send'>, target: NavigationTarget): void =>
    contents.send(IPC_EVENT_CHANNEL, 'app.navigate', navigationTargetSchema.parse(target))
  return {
    navigate(target) {
      showWindow()
      if (ready && !ready.isDestroyed()) send(ready, target)
      else pending = target
    },
    loaded(contents) {
      ready = contents
      if (pending) send(contents, pending)
      pending = null
    },
    closed() {
      ready = null
    },
  }
}
