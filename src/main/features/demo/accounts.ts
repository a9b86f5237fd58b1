/** The demo brand's channel accounts and the authors it posts as. */
import type { ItemAuthor } from '../../model/items'
import type { DemoAccount } from './types'

export const FORUM_HOST = 'ridersforum.example.org'

export type AccountKey = 'mastodon-main' | 'bluesky-main' | 'mastodon-support' | 'feed-forum' | 'feed-news'

export function demoAccounts(): DemoAccount[] {
  return [
    { key: 'mastodon-main', platform: 'mastodon', displayName: 'Lumen Bikes', handle: 'lumenbikes@mastodon.social', baseUrl: 'https://mastodon.social' },
    { key: 'bluesky-main', platform: 'bluesky', displayName: 'Lumen Bikes', handle: 'lumenbikes.bsky.social', baseUrl: 'https://bsky.social' },
    { key: 'mastodon-support', platform: 'mastodon', displayName: 'Lumen Bikes Support', handle: 'lumenhelp@mstdn.social', baseUrl: 'https://mstdn.social' },
    {
      key: 'feed-forum',
      platform: 'feed',
      displayName: 'Riders Forum: E-Bikes',
      handle: FORUM_HOST,
      baseUrl: 'https://' + FORUM_HOST + '/c/e-bikes/12.rss',
    },
    {
      key: 'feed-news',
      platform: 'feed',
      displayName: 'News mentioning Lumen Bikes',
      handle: 'news.example.com',
      baseUrl: 'https://news.example.com/rss/search?q=%22Lumen+Bikes%22',
    },
  ]
}

const BSKY_DID = 'did:plc:lumenbikesq4x7z2kd3wra6p'

/** Who the brand is on each social account; feeds have no outbound author. */
export const BRAND_AUTHORS: Readonly<Partial<Record<AccountKey, ItemAuthor>>> = {
  'mastodon-main': {
    remoteId: '109348571635482190',
    handle: 'lumenbikes@mastodon.social',
    displayName: 'Lumen Bikes',
    avatarUrl: 'https://files.mastodon.social/accounts/avatars/109/348/571/635/482/190/original/7d1e2c4b9a0f3e65.png',
    profileUrl: 'https://mastodon.social/@lumenbikes',
  },
  'bluesky-main': {
    remoteId: BSKY_DID,
    handle: 'lumenbikes.bsky.social',
    displayName: 'Lumen Bikes',
    avatarUrl: 'https://cdn.bsky.app/img/avatar/plain/' + BSKY_DID + '/bafkreihx4lumen7bikes2avatar5q3k6d2xw7mrb4yzvl3p2oqeg6a5nfhu@jpeg',
    profileUrl: 'https://bsky.app/profile/lumenbikes.bsky.social',
  },
  'mastodon-support': {
    remoteId: '110512983746120553',
    handle: 'lumenhelp@mstdn.social',
    displayName: 'Lumen Bikes Support',
    avatarUrl: 'https://mstdn.social/system/accounts/avatars/110/512/983/746/120/553/original/b3c0e19d5a7f4421.png',
    profileUrl: 'https://mstdn.social/@lumenhelp',
  },
}
