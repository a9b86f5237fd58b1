import { classifyCommon } from '../classify'
import { HttpError } from '../../../base/http'
import type { ErrorClass } from '../../../model/connector'
import { DM_ACCESS_MESSAGE } from './dm-access'
import { isBadTokenMethod, xrpcError } from './xrpc'

const LABEL = 'Bluesky'

/** RateLimit-Reset is unix seconds (no X- prefix); honoured on a 429 even without RateLimit-Remaining. */
function resetAt(headers: Headers, now: number): number | null {
  const reset = Number(headers.get('ratelimit-reset'))
  if (!Number.isFinite(reset) || reset <= 0) return null
  return reset > 1e9 ? Math.max(now, reset * 1000) : now + reset * 1000
}

/**
 * classifyCommon, refined by the XRPC error name in the JSON body: an expired
 * access token is routine (the next attempt refreshes the session), an
 * invalid one or a refused login needs the user.
 */
export function classifyBlueskyError(error: unknown, now: number): ErrorClass {
  if (error instanceof Error && error.name === 'ParleyError' && (error as Error & { code?: string }).code === 'unauthorized') {
    return { kind: 'reauth', message: error.message }
  }
  if (!(error instanceof HttpError)) return classifyCommon(error, now, LABEL)
  const { error: name, message } = xrpcError(error) ?? { error: null, message: null }
  const detail = message ? ` ("${message}")` : ''
  if (error.status === 429 || name === 'RateLimitExceeded') {
    const until = resetAt(error.headers, now)
    if (until) return { kind: 'rate_limited', until, message: `${LABEL} asked Parley to slow down until ${new Date(until).toISOString()}.` }
    return classifyCommon(error, now, LABEL)
  }
  if (isBadTokenMethod(error)) return { kind: 'bad_request', message: DM_ACCESS_MESSAGE }
  switch (name) {
    case 'ExpiredToken':
      return { kind: 'retry', message: `The ${LABEL} session expired; Parley renews it and tries again.` }
    case 'InvalidToken':
    case 'AuthenticationRequired':
    case 'AuthMissing':
    case 'AuthFactorTokenRequired':
      return { kind: 'reauth', message: `${LABEL} refused the saved sign-in${detail}. Reconnect the account with a new app password.` }
    case 'AccountTakedown':
    case 'AccountDeactivated':
    case 'RepoTakendown':
    case 'RepoDeactivated':
      return { kind: 'disconnect', message: `${LABEL} has suspended or deactivated this account${detail}.` }
    case 'InvalidSwap':
    case 'ConcurrentWrites':
      return { kind: 'retry', message: `${LABEL} saw a conflicting change; trying again.` }
  }
  // Other XRPC errors are 400s; an unnamed 401 (a proxy's) still means the sign-in.
  return classifyCommon(error, now, LABEL)
}
