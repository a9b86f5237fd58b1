import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { ErrorClass } from '../../../model/connector'
import { classifyCommon } from '../classify'

const LABEL = 'Matrix'

/** Matrix errors are `{"errcode": "M_…", "error": "…"}`; rate limits add retry_after_ms. */
export function matrixErrorOf(error: HttpError): { errcode: string | null; error: string | null; retryAfterMs: number | null } {
  const body = error.json<{ errcode?: unknown; error?: unknown; retry_after_ms?: unknown }>()
  return {
    errcode: typeof body?.errcode === 'string' ? body.errcode : null,
    error: typeof body?.error === 'string' ? body.error.slice(0, 300) : null,
    retryAfterMs: typeof body?.retry_after_ms === 'number' && Number.isFinite(body.retry_after_ms) ? body.retry_after_ms : null,
  }
}

/** classifyCommon, plus the Matrix error codes (client-server API, "Standard error response"). */
export function classifyMatrixError(error: unknown, now: number): ErrorClass {
  if (error instanceof ParleyError && error.code === 'unauthorized') return { kind: 'reauth', message: error.message }
  if (!(error instanceof HttpError)) return classifyCommon(error, now, LABEL)
  const m = matrixErrorOf(error)
  const detail = m.error ? ` ("${m.error}")` : ''
  if (m.errcode === 'M_LIMIT_EXCEEDED' || error.status === 429) {
    // Synapse sends retry_after_ms in the body and (newer) Retry-After; honour whichever is longer.
    const fromHeader = classifyCommon(error, now, LABEL)
    const fromBody = m.retryAfterMs !== null ? now + m.retryAfterMs : 0
    const until = Math.max(fromHeader.kind === 'rate_limited' ? fromHeader.until : 0, fromBody)
    return { kind: 'rate_limited', until, message: 'The Matrix homeserver asked Parley to slow down; it resumes by itself.' }
  }
  if (m.errcode === 'M_UNKNOWN_TOKEN' || m.errcode === 'M_MISSING_TOKEN' || error.status === 401) {
    return { kind: 'reauth', message: `The Matrix homeserver no longer accepts Parley's access token${detail}; it may have been logged out. Reconnect the account.` }
  }
  if (m.errcode === 'M_FORBIDDEN' || error.status === 403) {
    return { kind: 'bad_request', message: `Matrix does not allow this${detail}. The account may lack the power level in that room.` }
  }
  if (m.errcode === 'M_NOT_FOUND' || error.status === 404) {
    return { kind: 'bad_request', message: `That room or message no longer exists on the homeserver${detail}.` }
  }
  if (m.errcode === 'M_TOO_LARGE') return { kind: 'bad_request', message: 'The homeserver refused the message as too large.' }
  return classifyCommon(error, now, LABEL)
}
