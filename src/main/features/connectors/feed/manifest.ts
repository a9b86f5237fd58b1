import type { ConnectorManifest } from '../../../../shared/contract/manifest'

/** Everything the app, the CLI and the reports know about RSS and Atom feeds, as data. */
export const feedManifest: ConnectorManifest = {
  id: 'feed',
  label: 'RSS/Atom',
  source: 'the feed',
  openLabel: 'Open the page',
  colour: '#f26522',
  // The broadcast symbol: a dot and two arcs.
  icon: 'M5 19a1 1 0 1 0 0-.01 M4 11a9 9 0 0 1 9 9 M4 4a16 16 0 0 1 16 16',
  authKind: 'none',
  capabilities: [],
  moderation: [],
  connect: {
    intro: 'Follows an RSS or Atom feed — a blog, a forum or a news search. Feeds are read-only.',
    fields: [
      {
        name: 'url',
        label: 'Feed URL',
        type: 'url',
        secret: false,
        required: true,
        cliFlag: 'url',
        placeholder: 'https://example.com/feed.xml',
        help: 'The address of the RSS or Atom feed.',
        autocomplete: 'url',
      },
      {
        name: 'keywords',
        label: 'Keywords',
        type: 'text',
        secret: false,
        required: false,
        cliFlag: 'keywords',
        placeholder: 'yourbrand, your product',
        help: 'Optional, separated by commas: only items that mention one of them are added. Leave empty to add every item.',
        autocomplete: 'off',
      },
    ],
    cliExample: 'parley accounts add feed --url https://example.com/feed.xml --keywords "yourbrand, your product"',
  },
  streams: [{ name: 'feed', label: 'Feed items' }],
  rateLimits:
    'Feeds publish no limits. Parley polls every 15 minutes, never sooner than the feed’s ttl or Cache-Control max-age, ' +
    'and sends If-None-Match and If-Modified-Since so an unchanged feed costs one short answer.',
}
