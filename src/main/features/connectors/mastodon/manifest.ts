import type { ConnectorManifest } from '../../../../shared/contract/manifest'

/** Everything the app, the CLI and the reports know about Mastodon, as data. */
export const mastodonManifest: ConnectorManifest = {
  id: 'mastodon',
  label: 'Mastodon',
  colour: '#6364ff',
  // A speech bubble with a tail (the shape people read as Mastodon), on the 24×24 grid.
  icon: 'M20.5 8.5c0-4-2.6-5.2-2.6-5.2C16.6 2.7 14.3 2.5 12 2.5h-.1c-2.3 0-4.6.2-5.9.8 0 0-2.6 1.2-2.6 5.2 0 5.6-.3 11 6.9 12.3 1.9.3 3.6.3 5 .1v-2c-2.4.5-5.3.2-5.6-2 2.7.6 5.8.6 8.4-.2 2.4-.8 2.4-4.5 2.4-8.2Z',
  authKind: 'oauth_pkce',
  capabilities: ['mentions', 'comments', 'dms', 'reply', 'reply_dm', 'block', 'mute', 'delete', 'like'],
  moderation: ['block', 'mute', 'delete'],
  connect: {
    intro: 'Brings in mentions, replies and direct messages of one Mastodon account.',
    fields: [
      {
        name: 'instance',
        label: 'Instance URL',
        type: 'url',
        secret: false,
        required: true,
        cliFlag: 'instance',
        placeholder: 'https://mastodon.social',
        help: 'The address of the server the account lives on.',
        autocomplete: 'url',
      },
      {
        name: 'token',
        label: 'Access token',
        type: 'password',
        secret: true,
        required: true,
        cliFlag: 'token',
        cliLabel: 'Mastodon access token',
        cliValueFlagDeprecated: true,
        help: 'Kept in your system’s secret store, never in Parley’s database.',
        autocomplete: 'off',
      },
    ],
    oauth: {
      label: 'Sign in with Mastodon',
      fields: ['instance'],
      help: 'Opens your instance in the browser. Approve Parley there, then come back here.',
      alternative: 'Or connect with an access token',
    },
    steps: [
      'On your Mastodon instance, open Preferences → Development.',
      'Choose “New application”, name it “Parley” and keep the read and write scopes ticked.',
      'Submit, open the application and copy “Your access token”.',
    ],
    cliExample: 'parley accounts add mastodon --instance https://mastodon.social --token-file ~/mastodon-token.txt',
  },
  streams: [
    { name: 'notifications', label: 'Mentions and replies' },
    { name: 'conversations', label: 'Direct messages' },
  ],
  rateLimits:
    'Mastodon servers allow 300 requests per 5 minutes per account by default. Parley polls notifications every minute and ' +
    'conversations every two minutes, and waits as long as the server asks (429 and its reset time).',
  // The default of a Mastodon server: 500 characters, each link counted as 23 whatever its length.
  replyLimit: { maxLength: 500, counting: 'characters-url-23' },
}
