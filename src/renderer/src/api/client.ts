import type { CallError, ErrorCode, EventName, EventPayload, OperationInput, OperationName, OperationOutput } from '@shared/contract'
import type { RendererTransport } from './transport'

/** A failed call, carrying the core's plain-words message (safe to show as is) and its code. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly issues: CallError['issues']
  constructor(error: CallError) {
    super(error.message)
    this.name = 'ApiError'
    this.code = error.code
    this.issues = error.issues
  }
}

export interface ApiClient {
  call<N extends OperationName>(op: N, input: OperationInput<N>): Promise<OperationOutput<N>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  readonly transport: RendererTransport
}

export function createClient(transport: RendererTransport): ApiClient {
  return {
    transport,
    async call(op, input) {
      const result = await transport.call(op, input)
      if (!result.ok) throw new ApiError(result.error)
      return result.value
    },
    on: (event, listener) => transport.on(event, listener),
  }
}

/** Turns anything thrown into words a person can act on; never a stack trace. */
export function plainMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return 'Something went wrong in Parley’s window. Try again; reload if it keeps happening.'
}

// One client per window. Stores reach it through useApi() so tests can inject a fake transport.
let current: ApiClient | null = null

export function setApi(client: ApiClient | null): void {
  current = client
}

export function useApi(): ApiClient {
  if (!current) throw new Error('Parley API client used before setApi()')
  return current
}
