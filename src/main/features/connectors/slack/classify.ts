import { ParleyError } from '../../../../shared/contract'
import type { ErrorClass } from '../../../model/connector'
import { classifyCommon } from '../classify'
import { SlackError } from './api'

const LABEL = 'Slack'

const REAUTH = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission', 'org_login_required', 'ekm_access_denied'])
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout'])

/** Slack's error codes in words a person can act on. */
export function slackWords(error: SlackError): string {
  switch (error.code) {
    case 'missing_scope':
      return `the Slack app lacks the ${error.needed ?? 'needed'} scope. Add it under OAuth & Permissions, reinstall the app to the workspace, and reconnect`
    case 'channel_not_found':
    case 'not_in_channel':
      return 'the bot is not in that channel. Invite it with /invite in the channel'
    case 'is_archived':
      return 'that channel is archived'
    case 'msg_too_long':
      return 'the message is too long for Slack'
    case 'cant_delete_message':
      return 'a bot can delete only its own messages'
    case 'message_not_found':
      return 'that message no longer exists'
    case 'restricted_action':
      return "the workspace's settings do not allow this"
    default:
      return `Slack answered "${error.code}"`
  }
}

/** classifyCommon (429 with Retry-After, 5xx, network), plus Slack's {"ok": false, "error": "…"} answers. */
export function classifySlackError(error: unknown, now: number): ErrorClass {
  if (error instanceof ParleyError && error.code === 'unauthorized') return { kind: 'reauth', message: error.message }
  if (!(error instanceof SlackError)) return classifyCommon(error, now, LABEL)
  if (REAUTH.has(error.code)) return { kind: 'reauth', message: `Slack no longer accepts the bot token (${error.code}); it may have been revoked or the app removed. Reconnect the account.` }
  if (TRANSIENT.has(error.code)) return { kind: 'retry', message: `Slack had a problem (${error.code}); trying again soon.` }
  if (error.code === 'ratelimited') return { kind: 'rate_limited', until: now + 60_000, message: 'Slack asked Parley to slow down; polling resumes by itself.' }
  const words = slackWords(error)
  return { kind: 'bad_request', message: `Slack did not accept it: ${words}.` }
}
