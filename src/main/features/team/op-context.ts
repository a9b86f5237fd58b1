import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * The operation a piece of work belongs to, carried across awaits: the router opens one for each
 * validated call, the team applier one (remote) for each pulled op. The op recorder reads it inside
 * each transaction, so an op is written in the same transaction as the change it describes, and a
 * change made while applying a pulled op is never recorded as this laptop's own.
 */
export interface OpContext {
  operation: string
  input: unknown
  /** Set once the op for this call has been written. */
  recorded: boolean
  /** Applying an op pulled from the team: nothing is recorded. */
  remote: boolean
  /** What the rows the call renames or deletes were called before it (team-terms-shared.ts), read by the router first. */
  before?: unknown
}

const storage = new AsyncLocalStorage<OpContext>()

export const opContext = {
  run<T>(context: OpContext, fn: () => T): T {
    return storage.run(context, fn)
  },
  current(): OpContext | undefined {
    return storage.getStore()
  },
}

