import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError, safeHost, type HttpClient } from '../../../base/http'
import type { ConnectInput, ConnectResult } from '../../../model/connector'
import { SlackApi, SlackError, type SlackChannel, type SlackIdentity } from './api'
import { slackWords } from './classify'

export const SLACK_API = 'https://slack.com/api'
const LIST_PAGE_CAP = 20

/** The Web API base: Slack's own unless another was given (a test server, an enterprise proxy). */
export function apiBase(raw: string | undefined): string {
  const value = (raw ?? '').trim()
  if (!value) return SLACK_API
  let url: URL
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`)
  } catch {
    throw new ParleyError('bad_input', `"${value}" is not a valid Slack API address.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ParleyError('bad_input', 'The Slack API address must start with https://.')
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

function connectError(error: unknown, host: string): ParleyError {
  if (error instanceof SlackError) {
    if (['invalid_auth', 'not_authed', 'token_revoked', 'account_inactive', 'token_expired'].includes(error.code)) {
      return new ParleyError('unauthorized', `Slack refused the bot token (${error.code}). Copy the Bot User OAuth Token (xoxb-…) again from your Slack app's OAuth & Permissions page.`)
    }
    return new ParleyError('bad_input', `Slack did not accept the token: ${slackWords(error)}.`)
  }
  if (error instanceof HttpError) {
    if (error.status === 429) return new ParleyError('unavailable', 'Slack is rate-limiting requests right now. Try again in a minute.')
    return new ParleyError('unavailable', `${host} could not check the token (it answered ${error.status}). Try again later.`)
  }
  if (error instanceof NetworkError) {
    if (error.reason === 'bad_body') return new ParleyError('unavailable', `${host} did not answer like Slack's Web API. Check the API address.`)
    return new ParleyError('unavailable', `Could not reach Slack at ${host}. Check your connection. (${error.message})`)
  }
  return error instanceof ParleyError ? error : new ParleyError('unavailable', `Could not check the token with ${host}.`)
}

/** The channels the bot is a member of (public and private). */
export async function memberChannels(api: SlackApi): Promise<SlackChannel[]> {
  const out: SlackChannel[] = []
  let cursor: string | null = null
  for (let page = 0; page < LIST_PAGE_CAP; page++) {
    const result = await api.channels('public_channel,private_channel', cursor)
    out.push(...result.items.filter((c) => c.is_member && !c.is_archived))
    cursor = result.next
    if (!cursor) break
  }
  return out
}

/** "general, #support, C0123" against the bot's channels; a name it is not in is said plainly. */
export function pickChannels(raw: string | undefined, available: SlackChannel[]): { id: string; name: string }[] {
  const wanted = (raw ?? '').split(',').map((p) => p.trim().replace(/^#/, '')).filter(Boolean)
  const all = available.map((c) => ({ id: c.id, name: c.name ?? c.id }))
  if (!wanted.length) {
    if (!all.length) throw new ParleyError('bad_input', 'The bot is not in any channel yet. Invite it with /invite @your-bot in the channels Parley should read, then connect again.')
    return all
  }
  return wanted.map((w) => {
    const found = all.find((c) => c.id === w || c.name.toLowerCase() === w.toLowerCase())
    if (!found) {
      const names = all.map((c) => `#${c.name}`).join(', ') || 'none'
      throw new ParleyError('bad_input', `The bot is not in #${w}. Invite it with /invite @your-bot in that channel. Channels it is in: ${names}.`)
    }
    return found
  })
}

/** `{ botToken, channels?, apiBase? }`: checks the token with auth.test and picks the channels to read. */
export async function connectSlack(input: ConnectInput, http: HttpClient): Promise<ConnectResult> {
  const baseUrl = apiBase(input.apiBase)
  const token = (input.botToken ?? input.token ?? '').trim().replace(/^Bearer\s+/i, '')
  if (!token) throw new ParleyError('bad_input', "Enter the bot token of your Slack app (Bot User OAuth Token, starting with xoxb-).")
  if (/\s/.test(token)) throw new ParleyError('bad_input', 'The bot token cannot contain spaces. Copy it again from the Slack app settings.')
  if (/^xox[pe]-/.test(token)) throw new ParleyError('bad_input', 'That is a user token (xoxp-). Parley reads and answers as your app\'s bot: use the Bot User OAuth Token (xoxb-).')
  const host = safeHost(baseUrl)
  const api = new SlackApi(http, baseUrl, token)
  let identity: SlackIdentity
  let channels: SlackChannel[]
  try {
    identity = await api.authTest()
    channels = await memberChannels(api)
  } catch (error) {
    throw connectError(error, host)
  }
  if (!identity.bot_id) throw new ParleyError('bad_input', 'That token does not belong to a bot. Use the Bot User OAuth Token (xoxb-) of your Slack app.')
  const picked = pickChannels(input.channels, channels)
  const workspace = identity.team ?? identity.team_id
  return {
    seed: { platform: 'slack', displayName: `${identity.user ?? 'bot'} in ${workspace}`, handle: `@${identity.user ?? identity.user_id}@${workspace}`, baseUrl },
    secrets: { botToken: token },
    settings: {
      teamId: identity.team_id,
      team: workspace,
      botUserId: identity.user_id,
      botId: identity.bot_id,
      workspaceUrl: identity.url && /^https?:\/\//.test(identity.url) ? identity.url : null,
      channels: picked,
    },
  }
}
