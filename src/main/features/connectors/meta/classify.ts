import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { ErrorClass } from '../../../model/connector'
import { classifyCommon } from '../classify'
import { readUsage, resumeFromUsage } from './usage'

/** Meta's error object: {"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}. */
export interface GraphErrorBody {
  message: string
  type: string | null
  code: number | null
  subcode: number | null
  traceId: string | null
}

export function graphError(error: unknown): GraphErrorBody | null {
  if (!(error instanceof HttpError)) return null
  const body = error.json<{ error?: Record<string, unknown> }>()?.error
  if (!body || typeof body !== 'object') return null
  const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null)
  return {
    message: typeof body.message === 'string' ? body.message.slice(0, 300) : '',
    type: typeof body.type === 'string' ? body.type : null,
    code: num(body.code),
    subcode: num(body.error_subcode),
    traceId: typeof body.fbtrace_id === 'string' ? body.fbtrace_id : null,
  }
}

/** Parley stopped before Meta's limit (usage headers near 100%): wait, do not call. */
export class SlowDown extends Error {
  constructor(
    readonly until: number,
    message: string,
  ) {
    super(message)
    this.name = 'SlowDown'
  }
}

/** Codes Meta documents as throttling: app (4), user (17), Page (32), a call type (613), Business Use Case (80001–80014). */
const RATE_CODES = new Set([4, 17, 32, 613])
const isRateCode = (code: number): boolean => RATE_CODES.has(code) || (code >= 80001 && code <= 80014)
const DEFAULT_COOLDOWN: Record<number, number> = { 4: 60, 17: 60, 32: 60, 613: 15 }

/** The permission Meta named in its words ("Requires pages_manage_engagement permission"). */
export function missingPermission(message: string): string | null {
  return /\b(pages_[a-z_]+|instagram_[a-z_]+|business_management|read_insights|human_agent)\b/i.exec(message)?.[1] ?? null
}

/** Subcode 2018278: the 24-hour messaging window has closed (Send API). */
export const WINDOW_CLOSED = 2018278

const plain = (message: string): string => message.replace(/^\(#\d+\)\s*/, '').trim()

export function classifyMetaError(error: unknown, now: number, label: string): ErrorClass {
  if (error instanceof SlowDown) return { kind: 'rate_limited', until: error.until, message: error.message }
  if (error instanceof ParleyError && error.code === 'unauthorized') return { kind: 'reauth', message: error.message }
  const body = graphError(error)
  if (!body || body.code === null || !(error instanceof HttpError)) return classifyCommon(error, now, label)
  const { code, subcode } = body
  if (code === 190 || code === 102) {
    const why =
      subcode === 463 ? 'the access token expired'
      : subcode === 460 ? 'the password of the Facebook account changed'
      : subcode === 458 ? 'the Meta app was removed from the account'
      : subcode === 459 || subcode === 464 ? 'Facebook wants the account owner to log in on facebook.com first'
      : 'Facebook no longer accepts the access token'
    return { kind: 'reauth', message: `${label} needs reconnecting: ${why}. Sign in again from the Channels screen.` }
  }
  if (isRateCode(code)) {
    const until = resumeFromUsage(readUsage(error.headers), now) ?? now + (DEFAULT_COOLDOWN[code] ?? 60) * 60_000
    return { kind: 'rate_limited', until, message: `${label} reached Meta's call limit (code ${code}); Parley waits until ${new Date(until).toISOString()} and then polls again.` }
  }
  if (code === 10 && subcode === WINDOW_CLOSED) {
    return {
      kind: 'bad_request',
      message: `${label} only accepts a reply within 24 hours of the person's last message, and that window has closed. Nothing was sent; ask them to write again, or reply another way.`,
    }
  }
  if (code === 10 || (code >= 200 && code <= 299)) {
    const permission = missingPermission(body.message)
    if (permission) {
      return { kind: 'reauth', message: `${label} needs reconnecting with the "${permission}" permission, which the Meta app was not granted (or it was removed). Reconnect and allow it.` }
    }
    return { kind: 'bad_request', message: `${label} does not allow this: ${plain(body.message) || 'permission denied'}.` }
  }
  if (code === 100 && subcode === 33) return { kind: 'bad_request', message: `That comment, post or conversation no longer exists on ${label}.` }
  if (code === 1 || code === 2) return { kind: 'retry', message: `${label} had a temporary problem (${plain(body.message) || `code ${code}`}); trying again soon.` }
  if (code === 368) return { kind: 'bad_request', message: `${label} has temporarily blocked this action for the Page: ${plain(body.message)}.` }
  if (error.status >= 500) return classifyCommon(error, now, label)
  return { kind: 'bad_request', message: `${label} refused the request: ${plain(body.message) || `code ${code}`}.` }
}
