/** The demo brand's channel accounts and the authors it posts as. */
import type { ItemAuthor } from '../../model/items'
import type { DemoAccount } from './types'

export const FORUM_HOST = 'ridersforum.example.org'
/** The brand's own Discourse community (self-hosted, so a reserved example host). */
export const COMMUNITY_HOST = 'community.lumenbikes.example'
export const SUPPORT_ADDRESS = 'support@lumenbikes.example'
/** The fictional Slack workspace's address (Slack's own domain, a made-up workspace). */
export const SLACK_WORKSPACE = 'https://lumen-riders.slack.com/'
export const MATRIX_SERVER = 'matrix.lumenbikes.example'
/** The brand's own subreddit, which its Reddit account moderates. */
export const REDDIT_SUBREDDIT = 'lumenbikes'

export type AccountKey =
  | 'mastodon-main' | 'bluesky-main' | 'mastodon-support' | 'feed-forum' | 'feed-news'
  | 'email-support' | 'facebook-page' | 'instagram-main' | 'youtube-channel' | 'x-main'
  | 'discourse-community' | 'slack-community' | 'telegram-group' | 'matrix-community' | 'reddit-community'

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
    // Handles and base URLs are shaped as each connector's connect step writes them.
    { key: 'email-support', platform: 'email', displayName: SUPPORT_ADDRESS, handle: SUPPORT_ADDRESS, baseUrl: 'imaps://imap.lumenbikes.example:993' },
    { key: 'facebook-page', platform: 'facebook', displayName: 'Lumen Bikes', handle: '@lumenbikes', baseUrl: 'https://graph.facebook.com' },
    { key: 'instagram-main', platform: 'instagram', displayName: 'Lumen Bikes', handle: '@lumenbikes', baseUrl: 'https://graph.facebook.com' },
    { key: 'youtube-channel', platform: 'youtube', displayName: 'Lumen Bikes', handle: '@lumenbikes', baseUrl: 'https://www.googleapis.com' },
    { key: 'x-main', platform: 'x', displayName: 'Lumen Bikes', handle: '@lumenbikes', baseUrl: 'https://api.x.com' },
    { key: 'discourse-community', platform: 'discourse', displayName: 'Lumen Bikes Team', handle: '@lumen_team@' + COMMUNITY_HOST, baseUrl: 'https://' + COMMUNITY_HOST },
    { key: 'slack-community', platform: 'slack', displayName: 'Lumen Helper in Lumen Riders', handle: '@lumen_helper@Lumen Riders', baseUrl: 'https://slack.com/api' },
    { key: 'telegram-group', platform: 'telegram', displayName: 'Lumen Bikes', handle: '@LumenBikesBot', baseUrl: 'https://api.telegram.org' },
    { key: 'matrix-community', platform: 'matrix', displayName: 'lumenbikes', handle: '@lumenbikes:' + MATRIX_SERVER, baseUrl: 'https://' + MATRIX_SERVER },
    { key: 'reddit-community', platform: 'reddit', displayName: 'LumenBikes', handle: 'u/LumenBikes', baseUrl: 'https://oauth.reddit.com' },
  ]
}

const BSKY_DID = 'did:plc:lumenbikesq4x7z2kd3wra6p'

/** Who the brand is on each account; feeds have no outbound author. */
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
  'email-support': { remoteId: SUPPORT_ADDRESS, handle: SUPPORT_ADDRESS, displayName: 'Lumen Bikes Support', avatarUrl: null, profileUrl: null },
  // Facebook shows a Page by name only.
  'facebook-page': { remoteId: '104729384756102', handle: 'Lumen Bikes', displayName: 'Lumen Bikes', avatarUrl: null, profileUrl: null },
  'instagram-main': { remoteId: '17841405822304914', handle: '@lumenbikes', displayName: 'lumenbikes', avatarUrl: null, profileUrl: 'https://www.instagram.com/lumenbikes' },
  'youtube-channel': {
    remoteId: 'UCl7mKqz3LumenBikes0xQ2w',
    handle: '@lumenbikes',
    displayName: 'Lumen Bikes',
    avatarUrl: null,
    profileUrl: 'https://www.youtube.com/@lumenbikes',
  },
  'x-main': { remoteId: '1428391057264918528', handle: '@lumenbikes', displayName: 'Lumen Bikes', avatarUrl: null, profileUrl: 'https://x.com/lumenbikes' },
  'discourse-community': {
    remoteId: '2',
    handle: '@lumen_team',
    displayName: 'Lumen Bikes Team',
    avatarUrl: 'https://' + COMMUNITY_HOST + '/user_avatar/' + COMMUNITY_HOST + '/lumen_team/96/12_2.png',
    profileUrl: 'https://' + COMMUNITY_HOST + '/u/lumen_team',
  },
  'slack-community': { remoteId: 'U05LUMENBOT', handle: '@Lumen Helper', displayName: 'Lumen Helper', avatarUrl: null, profileUrl: SLACK_WORKSPACE + 'team/U05LUMENBOT' },
  'telegram-group': { remoteId: '6043917725', handle: '@LumenBikesBot', displayName: 'Lumen Bikes', avatarUrl: null, profileUrl: 'https://t.me/LumenBikesBot' },
  'matrix-community': {
    remoteId: '@lumenbikes:' + MATRIX_SERVER,
    handle: '@lumenbikes:' + MATRIX_SERVER,
    displayName: 'Lumen Bikes',
    avatarUrl: null,
    profileUrl: 'https://matrix.to/#/%40lumenbikes%3A' + MATRIX_SERVER,
  },
  // Reddit knows people by their username: the id banning and messaging take.
  'reddit-community': { remoteId: 'LumenBikes', handle: 'u/LumenBikes', displayName: 'LumenBikes', avatarUrl: null, profileUrl: 'https://www.reddit.com/user/LumenBikes' },
}
