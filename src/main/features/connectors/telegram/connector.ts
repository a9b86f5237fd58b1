import { ParleyError } from '../../../../shared/contract'
import { fromManifest, type Connector, type ConnectorContext } from '../../../model/connector'
import { TELEGRAM_API, TelegramApi } from './api'
import { classifyTelegramError } from './classify'
import { connectTelegram } from './connect'
import { telegramManifest } from './manifest'
import type { BotIdentity } from './mapping'
import { moderateTelegram } from './moderate'
import { reconcileReply, sendReply } from './send'
import { pollUpdates } from './updates'

function apiFor(ctx: ConnectorContext): TelegramApi {
  const token = ctx.account.secrets.botToken
  if (!token) throw new ParleyError('unauthorized', 'The Telegram bot token is missing from the secret store. Reconnect the account.')
  return new TelegramApi(ctx.http, ctx.account.baseUrl || TELEGRAM_API, token)
}

/** The bot's id and username from connect(); an account stored without them asks getMe once. */
async function botFor(ctx: ConnectorContext, api: TelegramApi): Promise<BotIdentity> {
  const { botId, username } = ctx.account.settings
  if (typeof botId === 'number' && typeof username === 'string') return { id: botId, username }
  const me = await api.getMe()
  const bot = { botId: me.id, username: me.username ?? '' }
  await ctx.saveSettings(bot)
  ctx.account.settings = { ...ctx.account.settings, ...bot }
  return { id: me.id, username: me.username ?? '' }
}

function knownChats(ctx: ConnectorContext): number[] {
  const chats = ctx.account.settings.chats
  return Array.isArray(chats) ? chats.filter((c): c is number => typeof c === 'number') : []
}

export const telegramConnector: Connector = {
  // Label, capabilities and connect fields are in manifest.ts.
  ...fromManifest(telegramManifest),
  // Telegram allows 4096 UTF-16 code units; counted here in graphemes (the nearest counting the
  // composer has), so a reply dense in emoji may still be refused by Telegram in plain words.
  // getUpdates is cheap and Telegram drops updates older than 24 hours: poll often.
  streams: [{ name: 'updates', intervalMs: 20_000 }],

  connect: connectTelegram,

  async poll(stream, cursor, ctx, options) {
    if (stream !== 'updates') throw new ParleyError('bad_input', `Telegram has no stream called "${stream}".`)
    const api = apiFor(ctx)
    const result = await pollUpdates(api, await botFor(ctx, api), cursor, options)
    // Remember the groups the bot is in: ban and mute need a chat, and an author id names none.
    const known = knownChats(ctx)
    const fresh = result.chats.filter((c) => !known.includes(c))
    if (fresh.length) {
      const chats = [...known, ...fresh]
      await ctx.saveSettings({ chats })
      ctx.account.settings = { ...ctx.account.settings, chats }
    }
    const { chats: _chats, ...poll } = result
    return poll
  },

  async send(reply, idempotencyKey, ctx) {
    const api = apiFor(ctx)
    return sendReply(api, await botFor(ctx, api), reply, idempotencyKey, ctx)
  },

  moderate: (action, ctx) => moderateTelegram(apiFor(ctx), action, knownChats(ctx)),

  classifyError: (error, now) => classifyTelegramError(error, now ?? Date.now()),

  async reconcile(_reply, idempotencyKey, ctx) {
    return reconcileReply(idempotencyKey, ctx)
  },
}
