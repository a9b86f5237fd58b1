import type { ConnectorManifest } from '../../../src/shared/contract/manifest'

/** A platform Parley does not ship: only its folder and one line in a connector list make it appear everywhere. */
export const exampleForumManifest: ConnectorManifest = {
  id: 'example-forum',
  label: 'Example Forum',
  colour: '#0a7d5c',
  icon: 'M4 5h16v10H8l-4 4V5Z',
  authKind: 'token',
  capabilities: ['comments', 'reply'],
  moderation: [],
  connect: {
    intro: 'Brings in the replies to your topics on an Example Forum.',
    fields: [
      { name: 'forumUrl', label: 'Forum address', type: 'url', secret: false, required: true, cliFlag: 'forum-url', placeholder: 'https://forum.example', help: 'The forum’s home page.' },
      { name: 'apiKey', label: 'API key', type: 'password', secret: true, required: true, cliFlag: 'api-key', help: 'From your forum profile, under API keys.' },
    ],
    steps: ['Open your profile on the forum.', 'Create an API key named “Parley”.'],
    cliExample: 'parley accounts add example-forum --forum-url https://forum.example --api-key-file ~/forum-key.txt',
  },
  rateLimits: 'Sixty requests a minute; Parley polls every five minutes.',
}
