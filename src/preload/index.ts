import { contextBridge, ipcRenderer } from 'electron'
import { IPC_EVENT_CHANNEL, ipcCallChannel } from '../shared/contract/api'
import { eventNames, isEventName, operationNames, type EventName } from '../shared/contract/names'

/**
 * window.parley: one method per contract operation, built from the names,
 * and an event subscription limited to contract events. No generic invoke.
 */
const api: Record<string, unknown> = {}
for (const op of operationNames) {
  api[op] = (input: unknown) => ipcRenderer.invoke(ipcCallChannel(op), input)
}
api.on = (event: EventName, listener: (payload: unknown) => void) => {
  if (!isEventName(event)) throw new Error(`Unknown event "${String(event)}"`)
  const handler = (_e: unknown, name: string, payload: unknown): void => {
    if (name === event) listener(payload)
  }
  ipcRenderer.on(IPC_EVENT_CHANNEL, handler)
  return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler)
}
api.events = [...eventNames]

contextBridge.exposeInMainWorld('parley', Object.freeze(api))
