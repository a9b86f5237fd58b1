import type { ConnectorManifest } from '../../../../shared/contract/manifest'

/** Everything the app, the CLI and the reports know about Bluesky, as data. */
export const blueskyManifest: ConnectorManifest = {
  id: 'bluesky',
  label: 'Bluesky',
  colour: '#1185fe',
  // A butterfly: two wings either side of the body.
  icon: 'M12 11c-1.3-2.6-4.9-7.4-8.2-7.9C2.2 2.9 2 4.6 2 5.5c0 1 .5 4.9.8 5.5.8 2 3 2.6 5.1 2.3-3.6.6-4.6 2.6-2.6 4.6 3.7 3.9 5.3-1 5.7-2.3.4 1.3 2 6.2 5.7 2.3 2-2 1-4-2.6-4.6 2.1.3 4.3-.3 5.1-2.3.3-.6.8-4.5.8-5.5 0-.9-.2-2.6-1.8-2.4-3.3.5-6.9 5.3-8.2 7.9Z',
  authKind: 'app_password',
  capabilities: ['mentions', 'comments', 'dms', 'reply', 'reply_dm', 'hide', 'block', 'mute', 'delete', 'like'],
  moderation: ['hide', 'block', 'mute', 'delete'],
  connect: {
    intro: 'Brings in mentions, replies and quotes of one Bluesky account, and its direct messages when allowed.',
    fields: [
      {
        name: 'handle',
        label: 'Handle',
        type: 'text',
        secret: false,
        required: true,
        cliFlag: 'handle',
        placeholder: 'yourbrand.bsky.social',
        help: 'The account’s handle, without the @.',
        autocomplete: 'username',
      },
      {
        name: 'appPassword',
        label: 'App password',
        type: 'password',
        secret: true,
        required: true,
        cliFlag: 'app-password',
        cliLabel: 'Bluesky app password',
        cliValueFlagDeprecated: true,
        placeholder: 'xxxx-xxxx-xxxx-xxxx',
        help: 'An app password, not the account’s main password. Kept in your system’s secret store.',
        autocomplete: 'off',
      },
      {
        name: 'service',
        label: 'Service',
        type: 'url',
        secret: false,
        required: false,
        cliFlag: 'service',
        placeholder: 'https://bsky.social',
        help: 'Only for accounts on their own server (PDS). Leave empty for bsky.social.',
        advanced: true,
        autocomplete: 'url',
      },
    ],
    steps: [
      'In Bluesky, open Settings → Privacy and security → App passwords.',
      'Add an app password named “Parley”.',
      'Tick “Allow access to your direct messages” if Parley should include DMs.',
      'Copy the password shown (it is shown only once).',
    ],
    cliExample: 'parley accounts add bluesky --handle yourbrand.bsky.social --app-password-file ~/bluesky-app-password.txt',
  },
  streams: [
    { name: 'notifications', label: 'Mentions and replies' },
    { name: 'chat', label: 'Direct messages' },
  ],
  rateLimits:
    'Bluesky allows 3,000 requests per 5 minutes per IP and 30 logins per 5 minutes per account. Parley signs in once per ' +
    'session, polls notifications and chat every minute, and waits as long as the server asks.',
  // A Bluesky post holds 300 graphemes (what a reader sees as one character).
  replyLimit: { maxLength: 300, counting: 'graphemes' },
}
