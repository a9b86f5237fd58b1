import type { ParleyTransport } from '@shared/contract'
import type { ConnectionSource } from './connection'
import { createHttpTransport, type HttpTransport } from './http-transport'
import { createIpcTransport } from './ipc-transport'
import { checkSession, type SignedOutReason } from './session'
import { takeRefusedAddress } from './token'

/** close() stops background work (the event socket) once the transport is useless, e.g. a refused session. */
export type RendererTransport = ParleyTransport & Partial<ConnectionSource> & { close?(): void }

export type StartedTransport =
  | { kind: 'ready'; transport: RendererTransport; onSignedOut?: HttpTransport['onSignedOut'] }
  | { kind: 'signed_out'; reason: SignedOutReason }

/**
 * Electron exposes window.parley through the preload; anywhere else we are in browser mode,
 * where the session cookie (set when the printed address was opened) must be one the server knows.
 */
export async function createTransport(): Promise<StartedTransport> {
  if (window.parley) return { kind: 'ready', transport: createIpcTransport(window.parley) }
  const refused = takeRefusedAddress()
  const session = await checkSession(window.location.origin, window.fetch.bind(window))
  if (session && !session.signedIn) return { kind: 'signed_out', reason: refused ? 'used' : session.reason }
  // Signed in, or the server did not answer: the app starts and its calls say what is wrong.
  const transport = createHttpTransport({})
  return { kind: 'ready', transport, onSignedOut: (listener) => transport.onSignedOut(listener) }
}
