import type { ConnectorManifest } from '../../../../shared/contract'

/** An Instagram professional account (linked to a Facebook Page) as data. */
export const instagramManifest: ConnectorManifest = {
  id: 'instagram',
  label: 'Instagram',
  colour: '#C13584',
  icon: 'M7 2h10a5 5 0 0 1 5 5v10a5 5 0 0 1-5 5H7a5 5 0 0 1-5-5V7a5 5 0 0 1 5-5zm0 2a3 3 0 0 0-3 3v10a3 3 0 0 0 3 3h10a3 3 0 0 0 3-3V7a3 3 0 0 0-3-3zm5 3.5a4.5 4.5 0 1 1 0 9 4.5 4.5 0 0 1 0-9zm0 2a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5zM17.5 5.5a1 1 0 1 1 0 2 1 1 0 0 1 0-2z',
  authKind: 'oauth_pkce',
  capabilities: ['comments', 'mentions', 'dms', 'reply', 'reply_dm', 'hide', 'delete'],
  moderation: ['hide', 'delete'],
  connect: {
    intro:
      'Brings in comments and replies on your Instagram professional account, media that tags it, and direct messages. The account must be linked to a Facebook Page you manage; you sign in with Facebook through your own Meta app.',
    fields: [
      { name: 'appId', label: 'Meta app ID', type: 'text', secret: false, required: true, cliFlag: 'app-id', placeholder: '1234567890123456', help: 'The number at the top of your app on developers.facebook.com.' },
      { name: 'appSecret', label: 'App secret', type: 'password', secret: true, required: false, cliFlag: 'app-secret', help: 'Optional; gives a token that lasts. Kept in the system keychain.', advanced: true },
      { name: 'page', label: 'Facebook Page', type: 'text', secret: false, required: false, cliFlag: 'pages', help: 'The Page the Instagram account is linked to, when you manage more than one.' },
      {
        name: 'accessToken',
        label: 'User access token or login address',
        type: 'password',
        secret: true,
        required: false,
        cliFlag: 'access-token',
        help: 'Only if signing in through the browser cannot come back to Parley: paste the whole address the login_success page ends on.',
        advanced: true,
      },
      { name: 'apiBase', label: 'Graph API address', type: 'url', secret: false, required: false, cliFlag: 'api-base', placeholder: 'https://graph.facebook.com', help: 'Only for a compatible test server.', advanced: true },
    ],
    steps: [
      'Make the Instagram account a professional (business or creator) account and link it to your Facebook Page.',
      'On developers.facebook.com, create a "Business" app with Facebook Login and the Instagram Graph API and Messenger products.',
      'Sign in here and allow: instagram_basic, instagram_manage_comments, instagram_manage_messages, pages_show_list, pages_read_engagement.',
    ],
    oauth: {
      label: 'Sign in with Facebook',
      fields: ['appId', 'appSecret', 'page', 'apiBase'],
      help: "Your browser opens Facebook Login for your app; pick the Page the Instagram account is linked to and allow the permissions.",
      alternative: 'If Facebook cannot send you back to Parley, log in at https://www.facebook.com/connect/login_success.html and paste the address it ends on.',
    },
    cliExample: 'npx parley accounts add instagram --app-id 1234567890123456 --app-secret-file ~/meta-secret.txt --pages "Lumen Bikes"',
  },
  streams: [
    { name: 'comments', label: 'Comments on the media' },
    { name: 'mentions', label: 'Media that tags the account' },
    { name: 'messages', label: 'Direct messages' },
  ],
  rateLimits:
    'Instagram allows about 200 calls an hour per account (Business Use Case limits, reported in X-Business-Use-Case-Usage). Parley reads each media\'s comments and their replies in one call, polls every 2 minutes, and pauses at 90% of the budget.',
  // A direct message holds 1,000 characters (a comment 2,200): one limit must hold for every reply.
  replyLimit: { maxLength: 1000, counting: 'graphemes' },
  // Instagram's messaging window is Messenger's: 24 hours, 7 days with the HUMAN_AGENT message tag.
  replyWindow: { kinds: ['dm'], hours: 24, extended: { hours: 7 * 24, setting: 'humanAgent', label: 'with the Human Agent tag' } },
}
