/** How well the renderer can reach the core right now, as shown in the top bar. */
export type ConnectionState = 'online' | 'offline' | 'reconnecting'

export type ConnectionListener = (state: ConnectionState) => void

/** Transports that can lose their link to the core (the WebSocket) report it through this. */
export interface ConnectionSource {
  readonly connectionState: ConnectionState
  onConnection(listener: ConnectionListener): () => void
}

/**
 * Combines the transport's own link state with the browser's network state:
 * being offline from the internet matters to the user even when the local core is reachable.
 */
export function watchConnection(
  source: Partial<ConnectionSource>,
  listener: ConnectionListener,
  win: Window = window,
): () => void {
  let link: ConnectionState = source.connectionState ?? 'online'
  let last: ConnectionState | null = null
  const emit = (): void => {
    const next: ConnectionState = !win.navigator.onLine ? 'offline' : link
    if (next !== last) {
      last = next
      listener(next)
    }
  }
  const onNetwork = (): void => emit()
  win.addEventListener('online', onNetwork)
  win.addEventListener('offline', onNetwork)
  const stop = source.onConnection?.((state) => {
    link = state
    emit()
  })
  emit()
  return () => {
    win.removeEventListener('online', onNetwork)
    win.removeEventListener('offline', onNetwork)
    stop?.()
  }
}
