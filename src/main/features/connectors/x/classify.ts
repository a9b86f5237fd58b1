import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { ErrorClass } from '../../../model/connector'
import { BudgetSpentError } from '../budget'
import { classifyCommon } from '../classify'
import { resumeAt } from '../rate-limit'

const LABEL = 'X'

/** X's own words: a Problem's detail (or title), or the first of its `errors`. */
export function xDetail(error: HttpError): string | null {
  const body = error.json<{ detail?: unknown; title?: unknown; errors?: { message?: unknown }[] }>()
  const text = [body?.detail, body?.errors?.[0]?.message, body?.title].find((v) => typeof v === 'string')
  return typeof text === 'string' ? text.slice(0, 300) : null
}

function problemType(error: HttpError): string {
  const body = error.json<{ type?: unknown; reason?: unknown }>()
  return `${typeof body?.type === 'string' ? body.type : ''} ${typeof body?.reason === 'string' ? body.reason : ''}`
}

/** The access level of the person's X developer account leaves out this endpoint (recent search on some plans). */
export function isAccessLevelRefusal(error: unknown): boolean {
  return error instanceof HttpError && error.status === 403 && /client-forbidden|client-not-enrolled/.test(problemType(error))
}

export function classifyXError(error: unknown, now: number): ErrorClass {
  if (error instanceof BudgetSpentError) {
    return error.scope === 'all' ? { kind: 'rate_limited', until: error.resumesAt, message: error.message } : { kind: 'bad_request', message: error.message }
  }
  if (error instanceof ParleyError && error.code === 'unauthorized') return { kind: 'reauth', message: error.message }
  if (!(error instanceof HttpError)) return classifyCommon(error, now, LABEL)
  const detail = xDetail(error)
  if (error.status === 429) {
    // X's window reset is in x-rate-limit-reset (unix seconds), with dashes unlike most platforms.
    const reset = Number(error.headers.get('x-rate-limit-reset'))
    const until = resumeAt(error.headers, now) ?? (Number.isFinite(reset) && reset * 1000 > now ? reset * 1000 : now + 15 * 60_000)
    return { kind: 'rate_limited', until, message: `X asked Parley to wait until ${new Date(until).toISOString().slice(11, 16)} UTC; polling resumes by itself.` }
  }
  if (error.status === 401) return { kind: 'reauth', message: `X refused the sign-in${detail ? ` ("${detail}")` : ''}; it may have been withdrawn. Sign in again.` }
  if (isAccessLevelRefusal(error)) {
    return { kind: 'bad_request', message: "Your X developer account's access level does not include this endpoint. Upgrade the plan in the developer portal, or leave it off." }
  }
  if (error.status === 403 && /duplicate/i.test(detail ?? '')) return { kind: 'bad_request', message: 'X refused the post because the account already posted the same text.' }
  if (error.status === 403) return { kind: 'bad_request', message: `X does not allow this${detail ? `: ${detail}` : ''}.` }
  if (error.status === 404 || /resource-not-found/.test(problemType(error))) return { kind: 'bad_request', message: `That post or account no longer exists on X${detail ? ` (${detail})` : ''}.` }
  if (error.status === 400) return { kind: 'bad_request', message: `X did not accept it: ${detail ?? 'the request was invalid'}.` }
  return classifyCommon(error, now, LABEL)
}
