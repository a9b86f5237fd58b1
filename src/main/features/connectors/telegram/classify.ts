import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { ErrorClass } from '../../../model/connector'
import { classifyCommon } from '../classify'
import { resumeAt } from '../rate-limit'

const LABEL = 'Telegram'

/** The Bot API's error envelope: {"ok": false, "error_code": 429, "description": "…", "parameters": {"retry_after": 5}}. */
export function telegramErrorOf(error: HttpError): { code: number; description: string | null; retryAfter: number | null } {
  const body = error.json<{ error_code?: unknown; description?: unknown; parameters?: { retry_after?: unknown } }>()
  const retry = body?.parameters?.retry_after
  return {
    code: typeof body?.error_code === 'number' ? body.error_code : error.status,
    description: typeof body?.description === 'string' ? body.description.slice(0, 300) : null,
    retryAfter: typeof retry === 'number' && Number.isFinite(retry) && retry >= 0 ? retry : null,
  }
}

/** "Bad Request: message to delete not found" reads better without the status prefix. */
export function plainDescription(description: string | null): string | null {
  return description ? description.replace(/^(Bad Request|Forbidden|Conflict|Unauthorized|Too Many Requests):\s*/i, '') : null
}

/** classifyCommon, plus the Bot API's own answers (core.telegram.org/bots/api#making-requests). */
export function classifyTelegramError(error: unknown, now: number): ErrorClass {
  if (error instanceof ParleyError) {
    if (error.code === 'unauthorized') return { kind: 'reauth', message: error.message }
    return { kind: 'bad_request', message: error.message }
  }
  if (!(error instanceof HttpError)) return classifyCommon(error, now, LABEL)
  const t = telegramErrorOf(error)
  const detail = plainDescription(t.description)
  switch (t.code) {
    case 429: {
      // retry_after is in the body, not in a header (a proxy in between may add Retry-After): classifyCommon would miss it.
      const until = t.retryAfter !== null ? now + t.retryAfter * 1000 : (resumeAt(error.headers, now) ?? now + 60_000)
      const seconds = Math.round((until - now) / 1000)
      return { kind: 'rate_limited', until, message: `Telegram asked Parley to wait ${seconds} s; it resumes by itself.` }
    }
    case 401:
    case 404:
      // A revoked or mistyped token: Telegram answers 401, or 404 when the path does not name a bot at all.
      return { kind: 'reauth', message: 'Telegram no longer accepts the bot token; it may have been revoked in BotFather. Reconnect the account with the new token.' }
    case 403:
      return { kind: 'bad_request', message: `Telegram does not let the bot do this${detail ? `: ${detail}` : ''}.` }
    case 409:
      if (/webhook/i.test(t.description ?? '')) {
        return { kind: 'disconnect', message: 'This bot delivers its updates to a webhook, so Parley cannot read them. Remove the webhook (deleteWebhook) or use another bot.' }
      }
      return { kind: 'retry', message: 'Another program is reading this bot\'s updates at the same time; Parley tries again soon. Each bot token should be used by one program.' }
    case 400:
      return { kind: 'bad_request', message: `Telegram did not accept it${detail ? `: ${detail}` : ''}.` }
    default:
      return classifyCommon(error, now, LABEL)
  }
}
