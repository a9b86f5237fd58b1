import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { ErrorClass } from '../../../model/connector'
import { classifyCommon } from '../classify'

const LABEL = 'Discourse'

/** Discourse's error body: {"errors": ["…"], "error_type": "…", "extras": {"wait_seconds": n}}. */
export interface DiscourseErrorBody {
  errors?: unknown
  error_type?: unknown
  extras?: { wait_seconds?: unknown }
}

export function errorBody(error: HttpError): DiscourseErrorBody {
  const body = error.json<DiscourseErrorBody>()
  return body && typeof body === 'object' ? body : {}
}

/** The forum's own words, joined, or null. */
export function discourseMessage(error: HttpError): string | null {
  const { errors } = errorBody(error)
  if (!Array.isArray(errors)) return null
  const words = errors.filter((e): e is string => typeof e === 'string').join(' ')
  return words ? words.slice(0, 300) : null
}

/**
 * A key the forum no longer accepts. Discourse answers a bad or revoked key with 403 invalid_access
 * and says "The API username or key is invalid"; a plain 403 invalid_access is a missing permission.
 */
export function isKeyRefused(error: HttpError): boolean {
  if (error.status === 401) return true
  return error.status === 403 && /key is invalid|invalid api key|user api key/i.test(discourseMessage(error) ?? '')
}

/** Endpoints about one post, topic or user: a 404 there means that thing is gone, not the account. */
function aboutOneThing(url: string): boolean {
  try {
    return /\/(posts\/\d+|t\/\d+|admin\/users\/\d+)(\/|\.json)/.test(new URL(url).pathname) || new URL(url).pathname.endsWith('/post_actions.json')
  } catch {
    return false
  }
}

/** classifyCommon, plus Discourse's own answers: the errors array, wait_seconds and invalid_access. */
export function classifyDiscourseError(error: unknown, now: number): ErrorClass {
  if (error instanceof ParleyError && error.code === 'unauthorized') return { kind: 'reauth', message: error.message }
  if (!(error instanceof HttpError)) return classifyCommon(error, now, LABEL)
  const detail = discourseMessage(error)
  if (isKeyRefused(error)) {
    return { kind: 'reauth', message: `The forum refused Parley's API key${detail ? ` ("${detail}")` : ''}; it may have been revoked. Reconnect the account.` }
  }
  switch (error.status) {
    case 403:
      return { kind: 'bad_request', message: `The forum does not let this account do that${detail ? `: ${detail}` : ''}.` }
    case 422:
      return { kind: 'bad_request', message: `The forum did not accept it: ${detail ?? 'the request was invalid'}.` }
    case 429: {
      // Retry-After first (classifyCommon); Discourse also says wait_seconds in the body.
      if (!error.headers.get('retry-after')) {
        const wait = Number(errorBody(error).extras?.wait_seconds)
        if (Number.isFinite(wait) && wait > 0) {
          return { kind: 'rate_limited', until: now + wait * 1000, message: 'The forum asked Parley to slow down; polling resumes by itself.' }
        }
      }
      return classifyCommon(error, now, LABEL)
    }
    case 404:
    case 410:
      if (aboutOneThing(error.url)) return { kind: 'bad_request', message: `That post or topic no longer exists on the forum${detail ? ` (${detail})` : ''}.` }
      return classifyCommon(error, now, LABEL)
    default:
      return classifyCommon(error, now, LABEL)
  }
}
