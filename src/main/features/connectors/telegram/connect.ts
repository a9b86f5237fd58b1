import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError, normaliseBaseUrl, safeHost, type HttpClient } from '../../../base/http'
import type { ConnectInput, ConnectResult } from '../../../model/connector'
import { TELEGRAM_API, TelegramApi } from './api'
import { plainDescription, telegramErrorOf } from './classify'
import type { TelegramUser } from './schema'

/** What BotFather hands out: the bot's numeric id, a colon, and 35 characters. */
const TOKEN_SHAPE = /^\d{3,20}:[A-Za-z0-9_-]{20,100}$/

function connectError(error: unknown, host: string): ParleyError {
  if (error instanceof HttpError) {
    const t = telegramErrorOf(error)
    if (t.code === 401 || t.code === 404) return new ParleyError('unauthorized', 'Telegram refused the bot token. Copy it again from BotFather (/mybots → API Token); a revoked token stops working at once.')
    if (t.code === 429) return new ParleyError('unavailable', `Telegram is rate-limiting this bot right now. Try again in ${t.retryAfter ?? 60} seconds.`)
    const detail = plainDescription(t.description)
    return new ParleyError('unavailable', `${host} could not check the bot token (it answered ${error.status}${detail ? `: ${detail}` : ''}). Try again later.`)
  }
  if (error instanceof NetworkError) {
    if (error.reason === 'bad_body') return new ParleyError('unavailable', `${host} did not answer like the Telegram Bot API. Check the API address.`)
    return new ParleyError('unavailable', `Could not reach the Telegram Bot API at ${host}. Check your connection. (${error.message})`)
  }
  return error instanceof ParleyError ? error : new ParleyError('unavailable', `Could not check the bot token with ${host}.`)
}

/** Checks `{ botToken, apiBase? }` with getMe and describes the bot to store. */
export async function connectTelegram(input: ConnectInput, http: HttpClient): Promise<ConnectResult> {
  const apiBase = input.apiBase?.trim() ? normaliseBaseUrl(input.apiBase, 'Bot API address') : TELEGRAM_API
  // People paste "bot123:abc" from URLs in the docs as often as the bare token.
  const token = (input.botToken ?? input.token ?? '').trim().replace(/^bot(?=\d)/, '')
  if (!token) throw new ParleyError('bad_input', 'Enter the bot token from BotFather.')
  if (!TOKEN_SHAPE.test(token)) throw new ParleyError('bad_input', 'That does not look like a bot token: BotFather gives one like 123456789:AAE… (digits, a colon, then letters). Copy it again.')
  const host = safeHost(apiBase)
  let me: TelegramUser
  try {
    me = await new TelegramApi(http, apiBase, token).getMe()
  } catch (error) {
    throw connectError(error, host)
  }
  if (!me.is_bot || !me.username) throw new ParleyError('bad_input', 'That token belongs to a user account, not a bot. Create a bot with BotFather and use its token.')
  return {
    seed: { platform: 'telegram', displayName: me.first_name, handle: `@${me.username}`, baseUrl: apiBase },
    secrets: { botToken: token },
    settings: { botId: me.id, username: me.username, chats: [] },
  }
}
