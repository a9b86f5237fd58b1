import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { ipcCallChannel, IPC_EVENT_CHANNEL, operationNames, type CallResult } from '../../../shared/contract'
import type { CoreClient } from '../worker/core-client'
import { isAppUrl } from './app-origin'

/** VS Code's rule: every IPC message is checked for the frame that sent it. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, devServerUrl?: string): boolean {
  const frame = event.senderFrame
  if (!frame) return false
  if (frame.parent !== null) return false
  return isAppUrl(frame.url, devServerUrl)
}

const refused: CallResult<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'This window is not allowed to talk to Parley.' },
}

/** One handler per contract operation; the router in the core validates the input. */
export function registerIpc(ipc: Pick<IpcMain, 'handle' | 'removeHandler'>, client: CoreClient, devServerUrl?: string): () => void {
  for (const op of operationNames) {
    ipc.handle(ipcCallChannel(op), (event, input: unknown) => {
      if (!isTrustedSender(event, devServerUrl)) return refused
      return client.call(op, input)
    })
  }
  return () => {
    for (const op of operationNames) ipc.removeHandler(ipcCallChannel(op))
  }
}

/** Core events go to every app window. */
export function forwardEvents(client: CoreClient, targets: () => WebContents[]): () => void {
  return client.subscribe((name, payload) => {
    for (const contents of targets()) if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, name, payload)
  })
}
