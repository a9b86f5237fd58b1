import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { ErrorClass } from '../../../model/connector'
import { BudgetSpentError } from '../budget'
import { classifyCommon } from '../classify'
import { resumeAt } from '../rate-limit'
import { RedditApiError } from './api'

const LABEL = 'Reddit'

/** "you are doing that too much. try again in 5 minutes." → ms, else null. */
function waitOf(detail: string): number | null {
  const m = /(\d+)\s*(second|minute|hour)/i.exec(detail)
  if (!m) return null
  const unit = m[2]!.toLowerCase() === 'second' ? 1000 : m[2]!.toLowerCase() === 'minute' ? 60_000 : 3_600_000
  return Number(m[1]) * unit
}

function redditMessage(error: HttpError): string | null {
  const body = error.json<{ message?: unknown; error?: unknown; reason?: unknown }>()
  const text = [body?.reason, body?.message].find((v) => typeof v === 'string')
  return typeof text === 'string' ? text.slice(0, 200) : null
}

export function classifyRedditError(error: unknown, now: number): ErrorClass {
  if (error instanceof BudgetSpentError) {
    // Polling waits without holding up replies (rate_limited would stop the outbox too); a spent window stops both.
    return error.scope === 'all' ? { kind: 'rate_limited', until: error.resumesAt, message: error.message } : { kind: 'bad_request', message: error.message }
  }
  if (error instanceof RedditApiError) {
    if (error.code === 'RATELIMIT') {
      const until = now + (waitOf(error.detail) ?? 10 * 60_000)
      return { kind: 'rate_limited', until, message: `Reddit asked the account to wait before posting again (${error.detail}); Parley sends at ${new Date(until).toISOString().slice(11, 16)} UTC.` }
    }
    return { kind: 'bad_request', message: `Reddit did not accept it: ${error.detail}.` }
  }
  if (error instanceof ParleyError && error.code === 'unauthorized') return { kind: 'reauth', message: error.message }
  if (!(error instanceof HttpError)) return classifyCommon(error, now, LABEL)
  const detail = redditMessage(error)
  if (error.status === 429) {
    // X-Ratelimit-Reset is seconds from now; resumeAt reads it when Remaining is 0.
    const reset = Number(error.headers.get('x-ratelimit-reset'))
    const until = resumeAt(error.headers, now) ?? (Number.isFinite(reset) && reset > 0 ? now + reset * 1000 : now + 60_000)
    return { kind: 'rate_limited', until, message: `Reddit asked Parley to slow down until ${new Date(until).toISOString().slice(11, 16)} UTC; polling resumes by itself.` }
  }
  if (error.status === 401) return { kind: 'reauth', message: 'Reddit refused the sign-in; it may have been withdrawn (reddit.com → preferences → apps). Sign in again.' }
  if (error.status === 403) return { kind: 'bad_request', message: `Reddit does not allow this account to do that${detail ? ` (${detail})` : ''}: is it still a moderator there?` }
  if (error.status === 404) return { kind: 'bad_request', message: `Reddit no longer has that (a deleted comment, or a subreddit that was renamed or banned)${detail ? `: ${detail}` : ''}.` }
  return classifyCommon(error, now, LABEL)
}
