import type { ConnectorManifest } from '../../../../shared/contract/manifest'

/** Everything the app, the CLI and the reports know about Discourse, as data. */
export const discourseManifest: ConnectorManifest = {
  id: 'discourse',
  label: 'Discourse',
  colour: '#2f9e44',
  // A speech bubble.
  icon: 'M12 2C6.5 2 2 6.2 2 11.5c0 1.9.6 3.7 1.6 5.2L2 22l5.6-1.4c1.3.6 2.8.9 4.4.9 5.5 0 10-4.2 10-9.5S17.5 2 12 2z',
  // The browser sign-in is Discourse's User API Key flow (an encrypted key, not an OAuth code) on the same loopback.
  authKind: 'oauth_pkce',
  capabilities: ['mentions', 'comments', 'dms', 'reply', 'reply_dm', 'hide', 'delete', 'block', 'spam', 'close'],
  moderation: ['hide', 'spam', 'delete', 'block', 'close'],
  connect: {
    intro: 'Brings in mentions, replies and private messages to your forum account, and new posts in the categories and tags you pick. Replies go out as posts in the topic.',
    fields: [
      { name: 'url', label: 'Forum address', type: 'url', secret: false, required: true, cliFlag: 'url', placeholder: 'https://forum.example.com', autocomplete: 'url' },
      {
        name: 'apiKey',
        label: 'API key',
        type: 'password',
        secret: true,
        required: true,
        cliFlag: 'api-key',
        help: 'A key issued by a forum admin for one user (Admin → API → New API Key, "Single user").',
        autocomplete: 'off',
      },
      { name: 'username', label: 'Username the key acts as', type: 'text', secret: false, required: true, cliFlag: 'username', placeholder: 'community-team' },
      {
        name: 'categories',
        label: 'Categories to watch',
        type: 'text',
        secret: false,
        required: false,
        cliFlag: 'categories',
        placeholder: 'support/5, feedback/7',
        help: 'slug/id from each category\'s address, separated by commas. With no categories and no tags, the latest topics of the whole forum.',
        advanced: true,
      },
      {
        name: 'tags',
        label: 'Tags to watch',
        type: 'text',
        secret: false,
        required: false,
        cliFlag: 'tags',
        placeholder: 'refunds, e-bike',
        help: 'Tags as the forum writes them, separated by commas.',
        advanced: true,
      },
    ],
    oauth: {
      label: 'Sign in with the forum',
      fields: ['url', 'categories', 'tags'],
      help:
        'Opens the forum in your browser. Approve Parley there, then come back here. The forum must allow Parley\'s address once: an admin adds http://127.0.0.1:* to the site setting allowed_user_api_auth_redirects.',
      alternative: 'Or connect with an API key from the forum\'s admin',
      // The forum redirects back with the key encrypted for Parley (payload) and keeps the redirect's query.
      resultParam: 'payload',
      stateInRedirect: true,
      cliWhenNoSecret: true,
    },
    steps: [
      'Sign in to the forum as an admin and open Admin → API.',
      'Choose "New API Key", user level "Single user", and pick the account that will answer (your community team\'s).',
      'Copy the key; the forum shows it only once.',
    ],
    cliExample: 'parley accounts add discourse --url https://forum.example.com --username community-team --api-key-file ./discourse.key',
  },
  streams: [
    { name: 'notifications', label: 'Mentions, replies and messages' },
    { name: 'topics', label: 'Watched topics and the review queue' },
  ],
  rateLimits:
    'Discourse allows 60 API requests a minute per key (and 20 a 10 seconds) by default. Parley reads notifications every minute and the watched topics with private messages every two minutes, reads at most 25 topics a poll, and waits as long as the forum says (Retry-After or wait_seconds) when it answers 429.',
  replyLimit: { maxLength: 32_000, counting: 'graphemes' },
}
