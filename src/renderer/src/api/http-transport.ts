import type { CallResult, EventName, EventPayload, OperationInput, OperationName, OperationOutput, ParleyTransport } from '@shared/contract'
// From names.ts directly: the contract barrel would pull zod into the renderer bundle.
import { isEventName } from '@shared/contract/names'
import type { ConnectionListener, ConnectionSource, ConnectionState } from './connection'
import { checkSession, type SignedOutReason } from './session'

export interface HttpTransportOptions {
  /** For programs and tests: sent as a bearer token. A browser page has none and uses its session cookie. */
  token?: string
  /** Defaults to the page's own origin: the server serves the UI and the API together. */
  origin?: string
  fetch?: typeof fetch
  WebSocket?: typeof WebSocket
  /** Set to false to skip the event socket (tests that only exercise calls). */
  events?: boolean
}

export type SignedOutListener = (reason: SignedOutReason) => void

export type HttpTransport = ParleyTransport &
  ConnectionSource & {
    close(): void
    /** Called once when the server no longer knows this page's session (Parley restarted); reconnecting then stops. */
    onSignedOut(listener: SignedOutListener): () => void
  }

/** keepalive lets a call finish after the page unloads (draft flush), but only for small bodies. */
const KEEPALIVE_LIMIT = 60_000
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000]

const unavailable = <T>(message: string): CallResult<T> => ({ ok: false, error: { code: 'unavailable', message } })

/** Browser mode: calls over POST /api/call/<op>, events over one reconnecting WebSocket. */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const origin = options.origin ?? window.location.origin
  const doFetch = options.fetch ?? window.fetch.bind(window)
  const Socket = options.WebSocket ?? window.WebSocket
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const connectionListeners = new Set<ConnectionListener>()
  const signedOutListeners = new Set<SignedOutListener>()
  const authHeaders: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {}
  // Optimistic until the socket says otherwise, so the first paint doesn't flash "Reconnecting".
  let state: ConnectionState = 'online'
  let socket: WebSocket | null = null
  let attempt = 0
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let closed = false

  const setState = (next: ConnectionState): void => {
    if (next === state) return
    state = next
    for (const l of connectionListeners) l(next)
  }

  const connect = (): void => {
    if (closed || options.events === false) return
    // The session cookie goes with the upgrade; no secret is ever part of an address.
    const wsUrl = new URL('/api/events', origin)
    wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:'
    const ws = new Socket(wsUrl.toString())
    socket = ws
    ws.onopen = () => {
      attempt = 0
      setState('online')
    }
    ws.onmessage = (message) => {
      let frame: { event?: unknown; payload?: unknown }
      try {
        frame = JSON.parse(String(message.data)) as typeof frame
      } catch {
        return
      }
      if (!isEventName(frame.event)) return
      for (const l of listeners.get(frame.event) ?? []) l(frame.payload)
    }
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      if (closed) return
      setState('reconnecting')
      void stillSignedIn().then((signedIn) => {
        if (signedIn) scheduleReconnect()
      })
    }
  }

  /**
   * A closed socket may mean Parley restarted: its new run knows nothing of this tab's session,
   * and retrying would spin on "Reconnecting…" forever. A server that cannot be reached is
   * retried as before; one that answers "signed out" ends the transport with the reason.
   */
  const stillSignedIn = async (): Promise<boolean> => {
    if (options.token) return true
    const session = await checkSession(origin, doFetch)
    if (closed) return false
    if (!session || session.signedIn) return true
    signOut(session.reason)
    return false
  }

  const signOut = (reason: SignedOutReason): void => {
    if (closed) return
    closeTransport()
    for (const l of signedOutListeners) l(reason)
  }

  const closeTransport = (): void => {
    closed = true
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = null
    if (typeof window !== 'undefined') window.removeEventListener('online', onOnline)
    socket?.close()
    socket = null
  }

  const scheduleReconnect = (): void => {
    if (retryTimer) return
    const base = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] ?? 15000
    attempt += 1
    // Jitter keeps several tabs from hammering the server in lockstep.
    const delay = base + Math.round(Math.random() * base * 0.2)
    retryTimer = setTimeout(() => {
      retryTimer = null
      connect()
    }, delay)
  }

  // Coming back online should not wait out a long backoff.
  const onOnline = (): void => {
    if (socket || closed) return
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = null
    attempt = 0
    connect()
  }
  if (typeof window !== 'undefined') window.addEventListener('online', onOnline)

  connect()

  return {
    get connectionState() {
      return state
    },
    onConnection(listener) {
      connectionListeners.add(listener)
      return () => connectionListeners.delete(listener)
    },
    async call<N extends OperationName>(op: N, input: OperationInput<N>): Promise<CallResult<OperationOutput<N>>> {
      const body = JSON.stringify(input ?? {})
      let response: Response
      try {
        response = await doFetch(new URL(`/api/call/${encodeURIComponent(op)}`, origin).toString(), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...authHeaders },
          body,
          keepalive: body.length < KEEPALIVE_LIMIT,
          cache: 'no-store',
          credentials: 'same-origin',
        })
      } catch {
        return unavailable('Parley isn’t answering. Check that it is still running in the terminal.')
      }
      try {
        // Errors come back with a non-200 status but the same envelope in the body.
        const result = (await response.json()) as CallResult<OperationOutput<N>>
        if (result && typeof result === 'object' && 'ok' in result) return result
      } catch {
        // Fall through: a proxy or crash page answered instead of Parley.
      }
      return unavailable(`Parley answered with an unexpected response (HTTP ${response.status}). Try again.`)
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      const wrapped = (payload: unknown): void => listener(payload as EventPayload<E>)
      set.add(wrapped)
      return () => set.delete(wrapped)
    },
    onSignedOut(listener) {
      signedOutListeners.add(listener)
      return () => signedOutListeners.delete(listener)
    },
    close: closeTransport,
  }
}
