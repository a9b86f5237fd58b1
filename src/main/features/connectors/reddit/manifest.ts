import type { ConnectorManifest } from '../../../../shared/contract/manifest'

/** Reddit as data: what the add dialog, the CLI and the reports show. */
export const redditManifest: ConnectorManifest = {
  id: 'reddit',
  label: 'Reddit',
  colour: '#d93a00',
  // A speech bubble with two eyes: Reddit's inbox, drawn simply.
  icon: 'M12 3C6.5 3 2 6.6 2 11c0 2.4 1.3 4.5 3.4 6L4.5 21l4.2-2.3c1 .2 2.1.3 3.3.3 5.5 0 10-3.6 10-8s-4.5-8-10-8zM8.5 12.5a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3zm7 0a1.5 1.5 0 1 1 0-3 1.5 1.5 0 0 1 0 3z',
  authKind: 'oauth_pkce',
  capabilities: ['comments', 'mentions', 'dms', 'reply', 'reply_dm', 'hide', 'spam', 'block', 'close', 'approve'],
  moderation: ['hide', 'spam', 'block', 'close', 'approve'],
  connect: {
    intro: 'Brings in replies to your comments and posts, username mentions and private messages, and, for subreddits you moderate, their new comments and mod queue.',
    fields: [
      {
        name: 'clientId',
        label: 'Client id',
        type: 'text',
        secret: false,
        required: true,
        cliFlag: 'client-id',
        placeholder: 'p-jcoLKBynTLew',
        help: 'From your own Reddit app of type "installed app" (reddit.com/prefs/apps); Parley has no shared one.',
      },
      {
        name: 'redirectPort',
        label: 'Redirect port',
        type: 'text',
        secret: false,
        required: true,
        cliFlag: 'redirect-port',
        placeholder: '65010',
        help: 'Reddit accepts only the redirect URI registered with the app: register http://127.0.0.1:PORT/callback (for example http://127.0.0.1:65010/callback) and enter that PORT here.',
      },
      {
        name: 'subreddits',
        label: 'Subreddits you moderate',
        type: 'text',
        secret: false,
        required: false,
        cliFlag: 'subreddits',
        placeholder: 'lumenbikes, lumenowners',
        help: 'Comma-separated, without r/. Parley reads their new comments and mod queue and moderates there; leave empty for the inbox only.',
      },
      {
        name: 'apiBase',
        label: 'API address',
        type: 'url',
        secret: false,
        required: false,
        cliFlag: 'api-base',
        placeholder: 'https://oauth.reddit.com',
        help: 'Only for a compatible server (such as a test double); sign-in then happens there too.',
        advanced: true,
      },
    ],
    steps: [
      'Sign in to Reddit with the brand account and open reddit.com/prefs/apps.',
      'Choose "create another app…", pick the type "installed app", give it a name.',
      'As redirect uri enter http://127.0.0.1:65010/callback (any free port from 1024 to 65535 works; enter the same port in Parley).',
      'Create the app and copy the client id, the string under "installed app" below its name. Installed apps have no secret.',
    ],
    oauth: {
      label: 'Sign in with Reddit',
      fields: ['clientId', 'redirectPort', 'subreddits', 'apiBase'],
      help: 'Your browser opens Reddit; choose "Allow" and come back. Parley asks for identity, read, privatemessages, submit, modposts and history, and listens for the answer only at the redirect you registered.',
      alternative: 'No browser here? Paste a refresh token issued to the same client id instead.',
    },
    cliExample: 'parley accounts add reddit --client-id p-jcoLKBynTLew --redirect-port 65010 --subreddits lumenbikes',
  },
  streams: [
    { name: 'inbox', label: 'Replies, mentions and messages' },
    { name: 'comments', label: 'New comments in your subreddits' },
    { name: 'modqueue', label: 'Mod queue' },
  ],
  rateLimits:
    "Reddit allows each app about 100 requests a minute, counted over a rolling ten-minute window and reported with every answer (X-Ratelimit-Used, -Remaining, -Reset). Parley reads the subreddits' comments in one request for all of them, shows what is left and when the window turns on the account, stops polling while only the last 10 are left so replies and moderation still go out, and waits for the reset when Reddit answers 429.",
  // Reddit refuses comments and messages longer than 10,000 characters.
  replyLimit: { maxLength: 10_000, counting: 'graphemes' },
}
