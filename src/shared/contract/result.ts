import { z } from 'zod'

/** Every call answers with this envelope; only plain messages cross, never stacks or secrets. */
export const errorCodeSchema = z.enum(['bad_input', 'not_found', 'conflict', 'unauthorized', 'unavailable', 'internal'])

export const callErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
})

export type ErrorCode = z.infer<typeof errorCodeSchema>
export type CallError = z.infer<typeof callErrorSchema>
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallError }

/** Thrown by core code for failures the user should see in plain words. */
export class ParleyError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(message)
    this.name = 'ParleyError'
    this.code = code
  }
}
