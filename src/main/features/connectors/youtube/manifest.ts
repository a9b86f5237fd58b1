import type { ConnectorManifest } from '../../../../shared/contract/manifest'

/** YouTube as data: what the add dialog, the CLI and the reports show. */
export const youtubeManifest: ConnectorManifest = {
  id: 'youtube',
  label: 'YouTube',
  colour: '#c4302b',
  // A rounded play button.
  icon: 'M21.6 7.2a2.5 2.5 0 0 0-1.8-1.8C18.2 5 12 5 12 5s-6.2 0-7.8.4A2.5 2.5 0 0 0 2.4 7.2C2 8.8 2 12 2 12s0 3.2.4 4.8a2.5 2.5 0 0 0 1.8 1.8C5.8 19 12 19 12 19s6.2 0 7.8-.4a2.5 2.5 0 0 0 1.8-1.8c.4-1.6.4-4.8.4-4.8s0-3.2-.4-4.8zM10 15V9l5.2 3L10 15z',
  authKind: 'oauth_pkce',
  capabilities: ['comments', 'reply', 'hide', 'block', 'approve'],
  moderation: ['hide', 'block', 'approve'],
  connect: {
    intro: "Brings in the comments on your channel's videos, including those YouTube held for review, and answers them as the channel.",
    fields: [
      {
        name: 'clientId',
        label: 'OAuth client id',
        type: 'text',
        secret: false,
        required: true,
        cliFlag: 'client-id',
        placeholder: '1234567890-abc.apps.googleusercontent.com',
        help: 'From your own Google Cloud project (a "Desktop app" client); Parley has no shared one.',
      },
      {
        name: 'clientSecret',
        label: 'Client secret',
        type: 'password',
        secret: true,
        required: false,
        cliFlag: 'client-secret',
        help: 'Google gives Desktop app clients a secret and asks for it when signing in; it is kept in the vault.',
      },
      {
        name: 'channelId',
        label: 'Channel id',
        type: 'text',
        secret: false,
        required: false,
        cliFlag: 'channel-id',
        placeholder: 'UC…',
        help: 'Only when the Google account manages several channels.',
        advanced: true,
      },
      {
        name: 'dailyQuota',
        label: 'Daily quota (units)',
        type: 'text',
        secret: false,
        required: false,
        cliFlag: 'daily-quota',
        placeholder: '10000',
        help: "Your project's YouTube quota per day; 10,000 unless Google granted more.",
        advanced: true,
      },
      {
        name: 'apiBase',
        label: 'API address',
        type: 'url',
        secret: false,
        required: false,
        cliFlag: 'api-base',
        placeholder: 'https://www.googleapis.com',
        help: 'Only for a compatible server (such as a test double); sign-in then happens there too.',
        advanced: true,
      },
    ],
    steps: [
      'In console.cloud.google.com, create a project (or pick one) and enable "YouTube Data API v3".',
      'Under APIs & Services → OAuth consent screen, set it up and add your Google account as a test user.',
      'Under Credentials, create an OAuth client id of type "Desktop app"; copy its client id, and save its secret to a file.',
      'Sign in with the Google account that owns (or manages) the brand channel.',
    ],
    oauth: {
      label: 'Sign in with Google',
      fields: ['clientId', 'clientSecret', 'channelId', 'dailyQuota', 'apiBase'],
      help: 'Your browser opens Google; approve "Manage your YouTube comments" and come back. Parley asks only for youtube.force-ssl.',
      alternative: 'No browser here? Paste a refresh token issued to the same client id instead.',
    },
    cliExample: 'parley accounts add youtube --client-id 1234567890-abc.apps.googleusercontent.com --client-secret-file ./google-secret.txt',
  },
  streams: [
    { name: 'comments', label: 'Comments on the videos' },
    { name: 'held', label: 'Comments held for review' },
  ],
  rateLimits:
    'YouTube charges quota units per call: listing comments costs 1, a reply 50, a moderation 50, against 10,000 units a day per Google project (reset at midnight Pacific time). Parley counts every call, slows polling when the day would run out, stops polling before the last 1,000 units so replies and moderation still go out, and shows units used and the reset time on the account.',
  // YouTube counts comment length in characters, up to 10,000.
  replyLimit: { maxLength: 10_000, counting: 'graphemes' },
  replyCost: { unit: 'quota-units', reply: 50, budget: 'the Google project’s 10,000 units a day (reset at midnight Pacific time)' },
}
