import type { ConnectorManifest } from '../../../../shared/contract/manifest'

/** Matrix, as data: what the connect form, the CLI and the reports show. */
export const matrixManifest: ConnectorManifest = {
  id: 'matrix',
  label: 'Matrix',
  source: 'the Matrix homeserver',
  colour: '#0b7a5b',
  // Two square brackets around an "m", the shape of Matrix's own mark.
  icon: 'M3 3h4v2H5v14h2v2H3Z M21 3h-4v2h2v14h-2v2h4Z M8 9h2v1c.5-.7 1.2-1 2-1s1.5.3 2 1c.5-.7 1.2-1 2-1 1.2 0 2 .8 2 2v5h-2v-4.5c0-.4-.3-.7-.7-.7s-.8.3-.8.7V16h-2v-4.5c0-.4-.3-.7-.7-.7s-.8.3-.8.7V16H8Z',
  authKind: 'password',
  capabilities: ['mentions', 'comments', 'dms', 'reply', 'reply_dm', 'delete', 'block', 'mute'],
  moderation: ['delete', 'block', 'mute'],
  connect: {
    intro:
      'Brings in the Matrix rooms you pick, messages that mention the account, and direct messages to it. Replies go out as that account; deleting redacts a message, blocking bans the person from the watched rooms, muting removes (kicks) them.',
    fields: [
      { name: 'homeserver', label: 'Homeserver', type: 'url', secret: false, required: true, cliFlag: 'homeserver', placeholder: 'https://matrix.example.org', help: 'The address of the server the account lives on (not the room).', autocomplete: 'url' },
      { name: 'user', label: 'User', type: 'text', secret: false, required: false, cliFlag: 'user', placeholder: '@lumen:example.org', help: 'Needed to sign in with a password.', autocomplete: 'username' },
      { name: 'password', label: 'Password', type: 'password', secret: true, required: false, cliFlag: 'password', cliLabel: 'Matrix password', help: 'Parley signs in once as a new device called "Parley" and keeps only its access token.', autocomplete: 'current-password' },
      { name: 'accessToken', label: 'Access token', type: 'password', secret: true, required: false, cliFlag: 'access-token', cliLabel: 'Matrix access token', help: 'Instead of a password (for single sign-on accounts): from your Matrix client, Settings → Help & About → Access token.', advanced: true },
      { name: 'rooms', label: 'Rooms', type: 'text', secret: false, required: false, cliFlag: 'rooms', placeholder: '#support:example.org, #general:example.org', help: 'Room aliases or ids, separated by commas. Empty: every room the account is in. Direct messages always come in.' },
    ],
    steps: [
      'Create a Matrix account for the brand (or use the existing one) and invite it to the rooms to watch.',
      'To delete messages and ban people, give it a moderator power level (50) in those rooms.',
      'Enter the homeserver, the user and the password (or an access token when the account signs in with single sign-on).',
    ],
    storedSecret: 'access token',
    cliExample: 'parley accounts add matrix --homeserver https://matrix.example.org --user @lumen:example.org --password-file ./matrix-password.txt --rooms "#support:example.org"',
  },
  streams: [{ name: 'sync', label: 'Rooms, mentions and direct messages' }],
  rateLimits:
    'Homeservers set their own limits (Synapse: a few messages per second per user) and answer M_LIMIT_EXCEEDED with retry_after_ms; Parley syncs every 30 seconds with one request for all rooms and waits as long as the server asks.',
}
