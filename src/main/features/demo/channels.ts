/**
 * Which demo account a conversation of each kind lands on, and how each account's platform shapes
 * its items. Mastodon, Bluesky and the feeds keep the weights they had before the other platforms
 * joined; those take about a quarter of the social conversations between them, so benchmark figures
 * stay comparable (same kinds, same messages per conversation).
 */
import type { ConversationKind } from '../../model/items'
import type { AccountKey } from './accounts'
import type { IdentityPlatform } from './identities'
import type { Shape } from './shape'
import { DiscourseShape, EmailShape } from './shapes-mail'
import { MatrixShape, SlackShape, TelegramShape } from './shapes-chat'
import { RedditShape } from './shapes-reddit'
import { FacebookShape, InstagramShape, XShape, YouTubeShape } from './shapes-social'

export const CHANNEL_WEIGHTS: Readonly<Record<ConversationKind, ReadonlyArray<readonly [AccountKey, number]>>> = {
  comment: [
    ['mastodon-main', 48], ['bluesky-main', 42], ['mastodon-support', 10],
    ['facebook-page', 8], ['instagram-main', 8], ['youtube-channel', 7], ['x-main', 4], ['discourse-community', 4],
    ['slack-community', 2], ['telegram-group', 2], ['matrix-community', 1], ['reddit-community', 4],
  ],
  mention: [
    ['mastodon-main', 42], ['bluesky-main', 40], ['mastodon-support', 18],
    ['facebook-page', 3], ['instagram-main', 5], ['x-main', 9], ['discourse-community', 3],
    ['slack-community', 3], ['telegram-group', 3], ['matrix-community', 2], ['reddit-community', 4],
  ],
  dm: [
    ['mastodon-main', 30], ['bluesky-main', 40], ['mastodon-support', 30],
    ['email-support', 14], ['facebook-page', 5], ['instagram-main', 5], ['x-main', 4], ['discourse-community', 2],
    ['slack-community', 2], ['telegram-group', 2], ['matrix-community', 2], ['reddit-community', 2],
  ],
  feed: [['feed-forum', 55], ['feed-news', 45]],
}

/** The item shape of an account's platform; null for the platforms the generator renders itself (Mastodon, Bluesky, feeds). */
export function shapeFor(platform: string, seed: number): { shape: Shape; identity: IdentityPlatform } | null {
  switch (platform) {
    case 'email': return { shape: new EmailShape(seed), identity: 'email' }
    case 'facebook': return { shape: new FacebookShape(seed), identity: 'facebook' }
    case 'instagram': return { shape: new InstagramShape(seed), identity: 'instagram' }
    case 'youtube': return { shape: new YouTubeShape(seed), identity: 'youtube' }
    case 'x': return { shape: new XShape(), identity: 'x' }
    case 'discourse': return { shape: new DiscourseShape(), identity: 'discourse' }
    case 'slack': return { shape: new SlackShape(seed), identity: 'slack' }
    case 'telegram': return { shape: new TelegramShape(), identity: 'telegram' }
    case 'matrix': return { shape: new MatrixShape(seed), identity: 'matrix' }
    case 'reddit': return { shape: new RedditShape(seed), identity: 'reddit' }
    default: return null
  }
}
