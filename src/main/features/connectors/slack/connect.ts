import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError, safeHost, type HttpClient } from '../../../base/http'
import type { ConnectInput, ConnectResult } from '../../../model/connector'
import { SlackApi, SlackError, type SlackChannel, type SlackIdentity } from './api'
import { slackWords } from './classify'
import { phrase, SEARCH_TERMS_CAP } from './search'

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

/** "Lumen, lumen.example": the words the user token searches for. */
export function parseSearchTerms(raw: string | undefined): string[] {
  const out: string[] = []
  for (const part of (raw ?? '').split(',').map((p) => p.replace(/"/g, ' ').replace(/\s+/g, ' ').trim()).filter(Boolean)) {
    if (part.length > 100) throw new ParleyError('bad_input', `"${part.slice(0, 40)}…" is too long to search for. Use a name or a short phrase.`)
    if (!out.some((t) => t.toLowerCase() === part.toLowerCase())) out.push(part)
  }
  if (out.length > SEARCH_TERMS_CAP) throw new ParleyError('bad_input', `Parley searches for at most ${SEARCH_TERMS_CAP} words or phrases (Slack allows about 20 searches a minute).`)
  return out
}

/**
 * The optional user token (xoxp-) for search.messages, which bots cannot call: it must belong to the
 * bot's workspace and carry search:read (one search proves it). Its person's id is kept, so their own
 * messages are not taken for mentions.
 */
async function checkUserToken(http: HttpClient, baseUrl: string, token: string, teamId: string, terms: string[]): Promise<{ searchUserId: string }> {
  if (/\s/.test(token)) throw new ParleyError('bad_input', 'The user token cannot contain spaces. Copy it again from the Slack app settings.')
  if (!/^xox[pe]-/.test(token)) throw new ParleyError('bad_input', 'The search token must be a user token (User OAuth Token, starting with xoxp-); bots cannot search Slack.')
  if (!terms.length) throw new ParleyError('bad_input', 'Enter the words to search for (your brand\'s name, for example), or leave the user token out.')
  const host = safeHost(baseUrl)
  const api = new SlackApi(http, baseUrl, token)
  try {
    const who = await api.authTest()
    if (who.team_id !== teamId) throw new ParleyError('bad_input', 'The user token belongs to another Slack workspace than the bot. Use a user token from the same workspace.')
    await api.search(phrase(terms[0]!), 1, 1)
    return { searchUserId: who.user_id }
  } catch (error) {
    if (error instanceof SlackError && ['invalid_auth', 'not_authed', 'token_revoked', 'account_inactive', 'token_expired'].includes(error.code)) {
      throw new ParleyError('unauthorized', `Slack refused the user token (${error.code}). Copy the User OAuth Token (xoxp-…) again from your Slack app's OAuth & Permissions page.`)
    }
    if (error instanceof SlackError && error.code === 'missing_scope') {
      throw new ParleyError('bad_input', 'The user token cannot search: add the user scope search:read under OAuth & Permissions, reinstall the app, and copy the new User OAuth Token.')
    }
    throw connectError(error, host)
  }
}

/** `{ botToken, channels?, apiBase?, userToken?, searchTerms? }`: checks the token(s) with auth.test and picks the channels to read. */
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
  const userToken = (input.userToken ?? '').trim().replace(/^Bearer\s+/i, '')
  const terms = parseSearchTerms(input.searchTerms)
  const search = userToken ? await checkUserToken(http, baseUrl, userToken, identity.team_id, terms) : null
  return {
    seed: { platform: 'slack', displayName: `${identity.user ?? 'bot'} in ${workspace}`, handle: `@${identity.user ?? identity.user_id}@${workspace}`, baseUrl },
    secrets: userToken ? { botToken: token, userToken } : { botToken: token },
    settings: {
      teamId: identity.team_id,
      team: workspace,
      botUserId: identity.user_id,
      botId: identity.bot_id,
      workspaceUrl: identity.url && /^https?:\/\//.test(identity.url) ? identity.url : null,
      channels: picked,
      ...(search ? { searchTerms: terms, searchUserId: search.searchUserId } : {}),
    },
  }
}
