import type { ParleyTransport } from '@shared/contract'
import type { ConnectionSource } from './connection'
import { createHttpTransportFromPage } from './http-transport'
import { createIpcTransport } from './ipc-transport'

/** close() stops background work (the event socket) once the transport is useless, e.g. a refused token. */
export type RendererTransport = ParleyTransport & Partial<ConnectionSource> & { close?(): void }

/** Electron exposes window.parley through the preload; anywhere else we are in browser mode. */
export function createTransport(): RendererTransport | null {
  if (window.parley) return createIpcTransport(window.parley)
  return createHttpTransportFromPage()
}
