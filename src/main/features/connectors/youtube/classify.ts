import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { ErrorClass } from '../../../model/connector'
import { BudgetSpentError, resetOf } from '../budget'
import { classifyCommon } from '../classify'

const LABEL = 'YouTube'

/** Google's error body: {"error": {"code", "message", "errors": [{"reason", "domain"}]}}. */
export function googleReason(error: HttpError): { reason: string | null; message: string | null } {
  const body = error.json<{ error?: { message?: unknown; errors?: { reason?: unknown }[] } }>()?.error
  const reason = body?.errors?.[0]?.reason
  return { reason: typeof reason === 'string' ? reason : null, message: typeof body?.message === 'string' ? body.message.replace(/<[^>]*>/g, '').slice(0, 300) : null }
}

export function classifyYouTubeError(error: unknown, now: number): ErrorClass {
  if (error instanceof BudgetSpentError) {
    // Polling waits without holding up replies (rate_limited would stop the outbox too); a spent day stops both.
    return error.scope === 'all' ? { kind: 'rate_limited', until: error.resumesAt, message: error.message } : { kind: 'bad_request', message: error.message }
  }
  if (error instanceof ParleyError && error.code === 'unauthorized') return { kind: 'reauth', message: error.message }
  if (!(error instanceof HttpError)) return classifyCommon(error, now, LABEL)
  const { reason, message } = googleReason(error)
  if (error.status === 403 && (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded')) {
    const until = resetOf('day-pacific', now)
    return { kind: 'rate_limited', until, message: `YouTube says the project's daily quota is spent; Parley waits until midnight Pacific time (${new Date(until).toISOString().slice(11, 16)} UTC).` }
  }
  if (error.status === 403 && (reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded')) {
    return { kind: 'rate_limited', until: now + 60_000, message: 'YouTube asked Parley to slow down; it tries again in a minute.' }
  }
  if (error.status === 403 && (reason === 'insufficientPermissions' || reason === 'forbidden')) {
    return { kind: 'reauth', message: `YouTube does not let this sign-in manage the channel's comments${message ? ` ("${message}")` : ''}. Sign in again and allow managing comments.` }
  }
  if (error.status === 403 && reason === 'commentsDisabled') return { kind: 'bad_request', message: 'Comments are turned off on that video.' }
  if (error.status === 404) return { kind: 'bad_request', message: `That comment no longer exists on YouTube${message ? ` (${message})` : ''}.` }
  if (error.status === 400) return { kind: 'bad_request', message: `YouTube did not accept it: ${message ?? 'the request was invalid'}.` }
  if (error.status === 401) return { kind: 'reauth', message: 'Google refused the sign-in; it may have been withdrawn. Sign in again.' }
  return classifyCommon(error, now, LABEL)
}
