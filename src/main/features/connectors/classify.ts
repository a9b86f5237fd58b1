import { HttpError, NetworkError, safeHost } from '../../base/http'
import { resumeAt } from './rate-limit'
import type { ErrorClass } from '../../model/connector'

const DEFAULT_COOLDOWN_MS = 60_000

/**
 * The classification every connector starts from; platform files refine it
 * (Bluesky's ExpiredToken arrives as a 400, for instance).
 */
export function classifyCommon(error: unknown, now: number, platformLabel: string): ErrorClass {
  if (error instanceof NetworkError) {
    if (error.reason === 'unreachable') return { kind: 'offline', message: error.message }
    if (error.reason === 'too_large' || error.reason === 'bad_body') return { kind: 'retry', message: error.message }
    return { kind: 'retry', message: error.message }
  }
  if (error instanceof HttpError) {
    const host = safeHost(error.url)
    const detail = serverMessage(error)
    if (error.status === 429) {
      const until = resumeAt(error.headers, now) ?? now + DEFAULT_COOLDOWN_MS
      return { kind: 'rate_limited', until, message: `${platformLabel} asked Parley to slow down; polling resumes by itself.` }
    }
    if (error.status === 401) {
      return { kind: 'reauth', message: `${platformLabel} refused the credentials${detail ? ` ("${detail}")` : ''}. Reconnect the account.` }
    }
    if (error.status === 403) {
      return { kind: 'bad_request', message: `${platformLabel} does not allow this${detail ? `: ${detail}` : ''}.` }
    }
    if (error.status === 404 || error.status === 410) {
      return { kind: 'disconnect', message: `${host} no longer has this (${error.status})${detail ? `: ${detail}` : ''}.` }
    }
    if (error.status >= 500) {
      const until = resumeAt(error.headers, now)
      if (until) return { kind: 'rate_limited', until, message: `${host} is busy (${error.status}); trying again later.` }
      return { kind: 'retry', message: `${host} had a problem (${error.status}); trying again soon.` }
    }
    return { kind: 'bad_request', message: `${platformLabel} refused the request${detail ? `: ${detail}` : ` (${error.status})`}.` }
  }
  if (error instanceof Error && error.name === 'ParleyError') return { kind: 'bad_request', message: error.message }
  return { kind: 'retry', message: error instanceof Error ? error.message : String(error) }
}

/** The platform's own words, when it sent any ({"error": "..."} or {"message": "..."}). */
export function serverMessage(error: HttpError): string | null {
  const body = error.json<{ error?: unknown; message?: unknown; error_description?: unknown }>()
  const text = [body?.error_description, body?.message, body?.error].find((v) => typeof v === 'string')
  return typeof text === 'string' ? text.slice(0, 300) : null
}
