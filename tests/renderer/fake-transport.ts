import type { CallResult, EventName, OperationInput, OperationName, OperationOutput } from '@shared/contract'
import type { RendererTransport } from '@renderer/api/transport'

type Handler = (input: unknown) => unknown | Promise<unknown>

/** An in-memory transport: answers calls from handlers, records them, and lets tests emit events. */
export function fakeTransport(handlers: Partial<Record<OperationName, Handler>> = {}) {
  const calls: { op: OperationName; input: unknown }[] = []
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const transport: RendererTransport = {
    async call<N extends OperationName>(op: N, input: OperationInput<N>): Promise<CallResult<OperationOutput<N>>> {
      calls.push({ op, input })
      const handler = handlers[op]
      if (!handler) return { ok: false, error: { code: 'not_found', message: `No fake for ${op}` } }
      try {
        return { ok: true, value: (await handler(input)) as OperationOutput<N> }
      } catch (error) {
        return { ok: false, error: { code: 'unavailable', message: (error as Error).message } }
      }
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener as (payload: unknown) => void)
      return () => set.delete(listener as (payload: unknown) => void)
    },
  }
  const emit = (event: EventName, payload: unknown): void => {
    for (const l of listeners.get(event) ?? []) l(payload)
  }
  const callsOf = (op: OperationName) => calls.filter((c) => c.op === op)
  return { transport, calls, callsOf, emit }
}
