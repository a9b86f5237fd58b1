import type { CallResult, EventName } from '../../../shared/contract'

export type CoreEventListener = (name: EventName, payload: unknown) => void

/** How a transport reaches the core, whether it runs in this thread or in the database worker. */
export interface CoreClient {
  call(op: unknown, input: unknown): Promise<CallResult<unknown>>
  subscribe(listener: CoreEventListener): () => void
  close(): Promise<void>
}
