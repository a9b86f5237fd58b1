import type { CallResult, EventName, EventPayload, OperationInput, OperationName, OperationOutput, ParleyBridge, ParleyTransport } from '@shared/contract'

type Call<N extends OperationName> = (input: OperationInput<N>) => Promise<CallResult<OperationOutput<N>>>

/** Electron: the preload's window.parley already speaks the contract; we only normalise failures. */
export function createIpcTransport(bridge: ParleyBridge): ParleyTransport {
  return {
    async call<N extends OperationName>(op: N, input: OperationInput<N>): Promise<CallResult<OperationOutput<N>>> {
      try {
        return await (bridge[op] as Call<N>)(input)
      } catch {
        // invoke() only rejects when the main process is gone or restarting.
        return { ok: false, error: { code: 'unavailable', message: 'Parley’s core is not answering. Restart the app if this persists.' } }
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.on(event, (payload) => listener(payload as EventPayload<E>))
    },
  }
}
