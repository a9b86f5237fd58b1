import type { ConnectorManifest } from '../../../../shared/contract/manifest'

/** Everything the app, the CLI and the reports know about Slack, as data. */
export const slackManifest: ConnectorManifest = {
  id: 'slack',
  label: 'Slack',
  colour: '#7c3a84',
  // A hash sign: Slack's channels.
  icon: 'M9 3L7.5 21M16.5 3L15 21M4 8.5h16.5M3.5 15.5H20',
  authKind: 'token',
  capabilities: ['mentions', 'comments', 'dms', 'reply', 'reply_dm', 'delete'],
  moderation: ['delete'],
  connect: {
    intro: "Brings in the threads of the channels your Slack app's bot is in, mentions of the bot and direct messages to it, and (with an optional user token) your brand's name across the workspace. Replies go out in the thread, as the bot.",
    fields: [
      {
        name: 'botToken',
        label: 'Bot token',
        type: 'password',
        secret: true,
        required: true,
        cliFlag: 'bot-token',
        placeholder: 'xoxb-…',
        help: "Your Slack app's Bot User OAuth Token (OAuth & Permissions).",
        autocomplete: 'off',
      },
      {
        name: 'channels',
        label: 'Channels to read',
        type: 'text',
        secret: false,
        required: false,
        cliFlag: 'channels',
        placeholder: 'community, support',
        help: 'Channel names separated by commas. Empty reads every channel the bot is in.',
      },
      {
        name: 'userToken',
        label: 'User token for search',
        type: 'password',
        secret: true,
        required: false,
        cliFlag: 'user-token',
        placeholder: 'xoxp-…',
        help: "Optional: your Slack app's User OAuth Token with the search:read scope, so Parley also finds the words below in channels the bot is not in. An admin's token also lets Parley delete other people's messages.",
        autocomplete: 'off',
        advanced: true,
      },
      {
        name: 'searchTerms',
        label: 'Words to search for',
        type: 'text',
        secret: false,
        required: false,
        cliFlag: 'search',
        placeholder: 'Lumen, lumen.example',
        help: 'With a user token: your brand\'s name and other words or phrases, separated by commas (at most 5).',
        advanced: true,
      },
      { name: 'apiBase', label: 'Slack API address', type: 'url', secret: false, required: false, cliFlag: 'api-base', placeholder: 'https://slack.com/api', advanced: true },
    ],
    steps: [
      'Create an app for your workspace at api.slack.com/apps ("From scratch").',
      'Under OAuth & Permissions add the bot scopes channels:history, groups:history, im:history, channels:read, groups:read, im:read, users:read and chat:write, then install the app to the workspace.',
      'Copy the Bot User OAuth Token (xoxb-…), and invite the bot to the channels Parley should read with /invite @your-bot.',
      'Optional, to find your brand in channels the bot is not in: add the user scope search:read (and chat:write.public as a bot scope, to answer there), reinstall, and copy the User OAuth Token (xoxp-…).',
    ],
    cliExample: 'parley accounts add slack --bot-token-file ./slack-bot.token --channels community,support --user-token-file ./slack-user.token --search Lumen',
  },
  streams: [
    { name: 'channels', label: 'Channel messages and threads' },
    { name: 'dms', label: 'Direct messages' },
    { name: 'search', label: 'Your brand across the workspace (user token)' },
  ],
  rateLimits:
    "Slack limits each method by tier: conversations.history and conversations.replies are Tier 3 (about 50 calls a minute), chat.postMessage about one message a second per channel. Parley reads the channels every minute, at most 20 threads a poll, direct messages every two minutes, with a user token searches (search.messages, Tier 2: about 20 a minute) every five minutes for at most 5 words, and waits as long as Slack's Retry-After says when it answers 429.",
  // chat.postMessage truncates text beyond 40,000 characters.
  replyLimit: { maxLength: 40_000, counting: 'graphemes' },
}
