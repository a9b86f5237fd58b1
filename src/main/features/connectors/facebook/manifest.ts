import type { ConnectorManifest } from '../../../../shared/contract'

/** Facebook Pages as data: what the app, the CLI and the reports show about the platform. */
export const facebookManifest: ConnectorManifest = {
  id: 'facebook',
  label: 'Facebook',
  colour: '#1877F2',
  icon: 'M14 8h3V4h-3c-2.8 0-4 1.9-4 4.3V10H7v4h3v8h4v-8h3l1-4h-4V8.5c0-.3.2-.5.5-.5z',
  authKind: 'oauth_pkce',
  capabilities: ['comments', 'mentions', 'dms', 'reply', 'reply_dm', 'hide', 'delete', 'block'],
  moderation: ['hide', 'delete', 'block'],
  connect: {
    intro:
      "Brings in comments and replies on your Page's posts, visitors' posts, posts that tag the Page, and Messenger conversations. You use your own Meta app; Parley runs no server.",
    fields: [
      { name: 'appId', label: 'Meta app ID', type: 'text', secret: false, required: true, cliFlag: 'app-id', placeholder: '1234567890123456', help: 'The number at the top of your app on developers.facebook.com.' },
      {
        name: 'appSecret',
        label: 'App secret',
        type: 'password',
        secret: true,
        required: false,
        cliFlag: 'app-secret',
        help: 'Optional. With it Parley swaps the sign-in for a long-lived token, so the Page keeps working without signing in again. Kept in the system keychain.',
        advanced: true,
      },
      { name: 'page', label: 'Page', type: 'text', secret: false, required: false, cliFlag: 'pages', help: 'The Page name or id, when you manage more than one.' },
      {
        name: 'accessToken',
        label: 'User access token or login address',
        type: 'password',
        secret: true,
        required: false,
        cliFlag: 'access-token',
        help: 'Only if signing in through the browser cannot come back to Parley: log in at the login_success page and paste the whole address it ends on.',
        advanced: true,
      },
      { name: 'apiBase', label: 'Graph API address', type: 'url', secret: false, required: false, cliFlag: 'api-base', placeholder: 'https://graph.facebook.com', help: 'Only for a compatible test server.', advanced: true },
    ],
    steps: [
      'On developers.facebook.com, create an app of type "Business" and add the Facebook Login product.',
      'In Facebook Login → Settings, allow http://localhost as a redirect (development mode allows it by default).',
      'Copy the App ID (and, for a token that lasts, the App secret from Settings → Basic).',
      'Sign in here and allow: pages_show_list, pages_read_engagement, pages_read_user_content, pages_manage_engagement, pages_messaging.',
    ],
    oauth: {
      label: 'Sign in with Facebook',
      fields: ['appId', 'appSecret', 'page', 'apiBase'],
      help: 'Your browser opens Facebook Login for your app; pick the Page and allow the permissions. Page tokens go to the system keychain.',
      alternative: 'If Facebook cannot send you back to Parley (the app does not allow localhost), log in at https://www.facebook.com/connect/login_success.html and paste the address it ends on.',
    },
    cliExample: 'npx parley accounts add facebook --app-id 1234567890123456 --app-secret-file ~/meta-secret.txt --pages "Lumen Bikes"',
  },
  streams: [
    { name: 'comments', label: 'Comments on the Page' },
    { name: 'mentions', label: 'Posts that tag the Page' },
    { name: 'messages', label: 'Messenger conversations' },
  ],
  rateLimits:
    'Meta allows each Page about 4,800 calls a day per engaged user and reports use in X-App-Usage, X-Page-Usage and X-Business-Use-Case-Usage. Parley polls comments every 2 minutes and Messenger every minute, reads many comments per call with fields= and cursors, and pauses at 90% of the budget until Meta says calls are allowed again.',
  // Messenger's text limit; a comment may be longer (8,000), but one limit must hold for every reply.
  replyLimit: { maxLength: 2000, counting: 'graphemes' },
  // Messenger's standard messaging window; a person may answer for 7 days with the HUMAN_AGENT message tag.
  replyWindow: { kinds: ['dm'], hours: 24, extended: { hours: 7 * 24, setting: 'humanAgent', label: 'with the Human Agent tag' } },
}
