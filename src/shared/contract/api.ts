import type { EventName, OperationName } from './names'
import type { EventPayload } from './events'
import type { OperationInput, OperationOutput } from './operations'
import type { CallResult } from './result'

/** What a transport offers the renderer: the same shape over IPC and over HTTP/WebSocket. */
export interface ParleyTransport {
  call<N extends OperationName>(op: N, input: OperationInput<N>): Promise<CallResult<OperationOutput<N>>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/** The narrow API the preload exposes as window.parley: one method per operation, plus events. */
export type ParleyBridge = {
  readonly [N in OperationName]: (input: OperationInput<N>) => Promise<CallResult<OperationOutput<N>>>
} & {
  on(event: EventName, listener: (payload: unknown) => void): () => void
}

/** IPC channel names derived from the contract, shared by preload and shell. */
export const ipcCallChannel = (op: OperationName): string => `parley:call:${op}`
export const IPC_EVENT_CHANNEL = 'parley:event'
