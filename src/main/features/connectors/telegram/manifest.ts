import type { ConnectorManifest } from '../../../../shared/contract/manifest'

/** Telegram, as data: what the connect form, the CLI and the reports show. */
export const telegramManifest: ConnectorManifest = {
  id: 'telegram',
  label: 'Telegram',
  colour: '#1f7fb8',
  // A paper plane.
  icon: 'M2.5 11.2 20.6 4.2c.8-.3 1.6.4 1.4 1.3l-3.1 14.6c-.2 1-1.3 1.4-2.1.8l-4.6-3.4-2.3 2.2c-.3.3-.8.1-.8-.3v-3.3l7.7-7-9.5 6-4.1-1.3c-.9-.3-.9-1.5-.1-1.8Z',
  authKind: 'token',
  capabilities: ['mentions', 'comments', 'dms', 'reply', 'reply_dm', 'delete', 'block', 'mute'],
  moderation: ['delete', 'block', 'mute'],
  connect: {
    intro:
      'Brings in what people write in the groups and channels your bot is in (mentions of the bot and replies to it marked as such) and direct messages to the bot. Replies go out as the bot; it can delete messages, ban and mute people where it is an admin.',
    fields: [
      { name: 'botToken', label: 'Bot token', type: 'password', secret: true, required: true, cliFlag: 'bot-token', cliLabel: 'Telegram bot token', placeholder: '123456789:AAE…', help: 'From BotFather: /mybots → your bot → API Token.', autocomplete: 'off' },
      { name: 'apiBase', label: 'Bot API address', type: 'url', secret: false, required: false, cliFlag: 'api-base', placeholder: 'https://api.telegram.org', help: 'Only for a self-hosted Bot API server.', advanced: true },
    ],
    steps: [
      'In Telegram, talk to @BotFather and send /newbot (or pick an existing bot with /mybots).',
      'Send /setprivacy, choose the bot and pick Disable, so it sees every message in its groups, not only commands.',
      'Add the bot to your groups and channels and make it an admin (delete messages, ban users) where it should moderate.',
      'Copy the API token BotFather shows and paste it here.',
    ],
    cliExample: 'parley accounts add telegram --bot-token-file ./telegram-bot-token.txt',
  },
  // Telegram keeps a bot's pending updates for 24 hours and has no history for bots.
  streams: [{ name: 'updates', label: 'Group messages, mentions and direct messages', backfillLimitDays: 1 }],
  rateLimits:
    'Telegram lets a bot send about one message per second per chat and 20 per minute per group, and answers 429 with parameters.retry_after; Parley polls getUpdates every 20 seconds (one request for all chats) and waits as long as Telegram asks.',
  replyLimit: { maxLength: 4096, counting: 'graphemes' },
}
