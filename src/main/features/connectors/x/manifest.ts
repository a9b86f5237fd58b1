import type { ConnectorManifest } from '../../../../shared/contract/manifest'

/** X as data: what the add dialog, the CLI and the reports show. */
export const xManifest: ConnectorManifest = {
  id: 'x',
  label: 'X',
  colour: '#3f4750',
  // The X letterform, two crossing strokes.
  icon: 'M4 3h4.6l4.1 5.8L17.6 3H20l-6.2 7.2L20.5 21h-4.6l-4.4-6.3L6 21H3.6l6.7-7.7L4 3zm3 1.6l9.6 14.8h1.3L8.4 4.6H7z',
  authKind: 'oauth_pkce',
  capabilities: ['mentions', 'comments', 'dms', 'reply', 'reply_dm', 'hide', 'mute'],
  moderation: ['hide', 'mute'],
  connect: {
    intro: 'Brings in mentions of your account, replies in the threads of your recent posts, and direct messages; answers them as the account.',
    fields: [
      {
        name: 'clientId',
        label: 'OAuth 2.0 client id',
        type: 'text',
        secret: false,
        required: true,
        cliFlag: 'client-id',
        help: 'From your own app in the X developer portal (Keys and tokens → OAuth 2.0 Client ID); Parley has no shared one.',
      },
      {
        name: 'clientSecret',
        label: 'Client secret',
        type: 'password',
        secret: true,
        required: false,
        cliFlag: 'client-secret',
        help: 'Only for a "Web App" client; "Native App" clients have none.',
        advanced: true,
      },
      {
        name: 'monthlyCap',
        label: 'Monthly cap (requests)',
        type: 'text',
        secret: false,
        required: false,
        cliFlag: 'monthly-cap',
        placeholder: '10000',
        help: 'X bills each request. Polling pauses when this many were made this month; approved replies still go out.',
      },
      {
        name: 'redirectPort',
        label: 'Callback port',
        type: 'text',
        secret: false,
        required: false,
        cliFlag: 'redirect-port',
        placeholder: '65011',
        help: 'X accepts only the callback addresses listed with your app, exactly: register http://127.0.0.1:65011/callback, or another port from 1024 to 65535 and enter it here.',
        advanced: true,
      },
      {
        name: 'apiBase',
        label: 'API address',
        type: 'url',
        secret: false,
        required: false,
        cliFlag: 'api-base',
        placeholder: 'https://api.x.com',
        help: 'Only for a compatible server (such as a test double); sign-in then happens there too.',
        advanced: true,
      },
    ],
    steps: [
      'At developer.x.com, create a project and an app (or open yours); a plan with access to the v2 API is needed, and recent search for replies deeper in threads.',
      'Under User authentication settings, turn on OAuth 2.0, choose "Native App", and add http://127.0.0.1:65011/callback as a callback URI (X accepts only the exact addresses listed there; for another port, enter it under the advanced options).',
      'Copy the OAuth 2.0 Client ID.',
      'Sign in with the brand account.',
    ],
    oauth: {
      label: 'Sign in with X',
      fields: ['clientId', 'clientSecret', 'monthlyCap', 'redirectPort', 'apiBase'],
      help: 'Your browser opens X; approve reading and writing posts and DMs, hiding replies and muting, and come back.',
      alternative: 'No browser here? Paste a refresh token issued to the same client id instead (it is used once: X replaces it).',
    },
    cliExample: 'parley accounts add x --client-id YOUR_CLIENT_ID --monthly-cap 10000',
  },
  streams: [
    { name: 'mentions', label: 'Mentions' },
    { name: 'replies', label: 'Replies to the brand’s posts' },
    { name: 'dms', label: 'Direct messages' },
  ],
  rateLimits:
    'X bills every request and limits each endpoint per 15-minute window (x-rate-limit-* headers). Parley polls mentions and DMs every 15 minutes and replies every 30 (about 8,600 requests a month), counts every request, waits for the window when X says it is spent, and pauses polling at the monthly cap you set, with the count and the reset date on the account.',
  // 280 characters weighted as X counts them (twitter-text: CJK and emoji count double), each link as 23 (t.co).
  replyLimit: { maxLength: 280, counting: 'weighted-url-23' },
  // Published pay-per-use rates: creating a post $0.015 ($0.20 when it holds a link), a direct message $0.015.
  replyCost: { unit: 'usd', reply: 0.015, dm: 0.015, withLink: 0.2, budget: 'your X developer account’s pay-per-use balance' },
}
