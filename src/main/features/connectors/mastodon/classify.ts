import { ParleyError } from '../../../../shared/contract'
import { classifyCommon, serverMessage } from '../classify'
import { HttpError } from '../../../base/http'
import type { ErrorClass } from '../../../model/connector'

const LABEL = 'Mastodon'

/** "Validation failed: Text can't be blank" reads better without Rails' prefix. */
function plainWords(message: string): string {
  return message.replace(/^Validation failed:\s*/i, '').trim()
}

/** Endpoints about one post or one account: a 404 there means that thing is gone, not the account. */
function aboutOneThing(url: string): boolean {
  try {
    return /^\/api\/v1\/(statuses\/[^/]+|accounts\/[^/]+\/(block|mute|statuses))/.test(new URL(url).pathname)
  } catch {
    return false
  }
}

/** classifyCommon, plus Mastodon's own answers (see platform-apis.md §1 "Rate limits and errors"). */
export function classifyMastodonError(error: unknown, now: number): ErrorClass {
  if (error instanceof ParleyError && error.code === 'unauthorized') return { kind: 'reauth', message: error.message }
  if (!(error instanceof HttpError)) return classifyCommon(error, now, LABEL)
  const detail = serverMessage(error)
  switch (error.status) {
    case 401:
      // Tokens never expire on their own: a 401 means it was revoked (or the app was removed).
      return {
        kind: 'reauth',
        message: `Mastodon refused the access token${detail ? ` ("${detail}")` : ''}; it may have been revoked. Reconnect the account.`,
      }
    case 403:
      return {
        kind: 'bad_request',
        message: /scope/i.test(detail ?? '')
          ? `The Mastodon token does not allow this ("${detail}"). Reconnect the account with read and write access.`
          : `Mastodon does not allow this${detail ? `: ${detail}` : ''}.`,
      }
    case 422:
      return { kind: 'bad_request', message: `Mastodon did not accept it: ${detail ? plainWords(detail) : 'the request was invalid'}.` }
    case 429: {
      // Mastodon's X-RateLimit-Reset is an ISO time; honour it even when X-RateLimit-Remaining is missing.
      const raw = error.headers.get('x-ratelimit-reset') ?? ''
      const reset = /\D/.test(raw) ? Date.parse(raw) : NaN
      if (!error.headers.get('retry-after') && Number.isFinite(reset) && reset > now) {
        return { kind: 'rate_limited', until: reset, message: `Mastodon asked Parley to slow down until ${new Date(reset).toISOString()}.` }
      }
      return classifyCommon(error, now, LABEL)
    }
    case 404:
    case 410:
      if (aboutOneThing(error.url)) {
        return { kind: 'bad_request', message: `That post or account no longer exists on ${new URL(error.url).host}.` }
      }
      return classifyCommon(error, now, LABEL)
    default:
      return classifyCommon(error, now, LABEL)
  }
}
