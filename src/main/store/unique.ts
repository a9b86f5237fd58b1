import { ParleyError } from '../../shared/contract'

/** A UNIQUE violation becomes a plain-language conflict naming what already exists; anything else is rethrown. */
export function uniqueOr(error: unknown, what: string): never {
  if (error instanceof Error && /UNIQUE constraint failed/.test(error.message)) throw new ParleyError('conflict', `There is already ${what}; pick another name.`)
  throw error
}
