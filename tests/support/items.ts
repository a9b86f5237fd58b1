import type { NormalizedItem } from '../../src/main/model/items'

let counter = 0

/** A Mastodon-like inbound comment; override any field. */
export function item(overrides: Partial<NormalizedItem> = {}): NormalizedItem {
  counter++
  return {
    remoteId: `1133${String(counter).padStart(8, '0')}`,
    conversationKey: 'thread-1',
    parentRemoteId: null,
    kind: 'comment',
    direction: 'in',
    author: {
      remoteId: '109876',
      handle: '@ines@fosstodon.org',
      displayName: 'Inês Araújo',
      avatarUrl: null,
      profileUrl: 'https://fosstodon.org/@ines',
    },
    text: 'My Commuter 2 battery stopped charging after the update. Any idea?',
    html: '<p>My Commuter 2 battery stopped charging after the update. Any idea?</p>',
    createdAt: Date.UTC(2026, 10, 16, 8, 0, 0),
    permalink: 'https://fosstodon.org/@ines/113300000001',
    ...overrides,
  }
}

export const brandAccount = {
  platform: 'mastodon' as const,
  displayName: 'Lumen Bikes',
  handle: '@lumenbikes@mastodon.social',
  baseUrl: 'https://mastodon.social',
}
