/** Facebook Page, Instagram, YouTube and X items, shaped as their connectors' mappings produce them. */
import type { NormalizedItem } from '../../model/items'
import { BRAND_AUTHORS } from './accounts'
import { ALNUM, B64URL, baseItem, oneLevel, Opaque, pad, type Shape, type ShapeInput } from './shape'
import { VIDEOS } from './templates-social'

const PAGE_ID = (BRAND_AUTHORS['facebook-page'] as { remoteId: string }).remoteId

/** Page posts and visitor posts ("<page or person id>_<post id>"), comments ("<post id>_<comment id>"), Messenger threads. */
export class FacebookShape implements Shape {
  readonly html = false
  readonly brandAt = 'Lumen Bikes'
  readonly replyAt = false
  readonly hashtags = true
  readonly ownPosts = true
  private n = 0
  private readonly ids: Opaque

  constructor(seed: number) {
    this.ids = new Opaque(seed)
  }

  item(input: ShapeInput): NormalizedItem {
    const n = this.n++
    const num = '1229' + pad(n, 11)
    if (input.kind === 'dm') {
      const key = input.root ? input.root.conversationKey : 'dm:t_' + String(10_000_000_000 + n * 7)
      return baseItem(input, 'm_' + this.ids.chars(B64URL, 38), key, null, null)
    }
    const root = input.root
    if (root === null) {
      // The Page's own post (context) or a visitor's post that tags the Page (a mention).
      const owner = input.isContext ? PAGE_ID : input.author.remoteId
      const id = owner + '_' + num
      const link = input.isContext ? 'https://www.facebook.com/' + PAGE_ID + '/posts/' + num : 'https://www.facebook.com/permalink.php?story_fbid=' + num + '&id=' + owner
      return baseItem(input, id, 'post:' + id, null, link)
    }
    const postNum = root.remoteId.slice(root.remoteId.indexOf('_') + 1)
    const parent = input.parent === null || input.parent === root ? root.remoteId : input.parent.remoteId
    return baseItem(input, postNum + '_' + num, root.conversationKey, parent, (root.permalink as string) + (root.isContext ? '?' : '&') + 'comment_id=' + num)
  }
}

/** Media ("media:<id>"), one-level comment threads without permalinks, direct messages. */
export class InstagramShape implements Shape {
  readonly html = false
  readonly brandAt = '@lumenbikes'
  readonly replyAt = false
  readonly hashtags = true
  readonly ownPosts = true
  private n = 0
  private readonly ids: Opaque

  constructor(seed: number) {
    this.ids = new Opaque(seed)
  }

  item(input: ShapeInput): NormalizedItem {
    const n = this.n++
    const id = '179' + pad(input.t % 100_000_000, 8) + pad(n, 6)
    if (input.kind === 'dm') {
      const key = input.root ? input.root.conversationKey : 'dm:' + 'aWdfZAG06' + this.ids.chars(B64URL, 30)
      return baseItem(input, 'aWdfZAG1faXRlbToxOklH' + this.ids.chars(B64URL, 40), key, null, null)
    }
    if (input.root === null) return baseItem(input, id, 'media:' + id, null, 'https://www.instagram.com/p/' + this.ids.chars(B64URL, 11) + '/')
    return baseItem(input, id, input.root.conversationKey, oneLevel(input.parent, input.root), null)
  }
}

/**
 * Comment threads on the channel's videos ("yt:thread:<id>"); replies are one level deep, ids
 * "<thread>.<reply>". Spam-like top-level comments are the ones YouTube holds for review.
 */
export class YouTubeShape implements Shape {
  readonly html = false
  readonly brandAt = '@lumenbikes'
  readonly replyAt = true
  readonly hashtags = false
  readonly ownPosts = false
  /** Set by the generator before a thread's first comment: YouTube holds this one for review. */
  holdNext = false
  private video = ''
  private readonly ids: Opaque

  constructor(seed: number) {
    this.ids = new Opaque(seed)
  }

  item(input: ShapeInput): NormalizedItem {
    const root = input.root
    if (root === null) {
      this.video = (VIDEOS[Math.floor(input.t / 3_600_000) % VIDEOS.length] as { id: string }).id
      const thread = 'Ugz' + this.ids.chars(B64URL, 20) + '4AaABAg'
      const item = baseItem(input, thread, 'yt:thread:' + thread, null, this.link(thread))
      if (this.holdNext) item.raw = { snippet: { videoId: this.video, moderationStatus: 'heldForReview' } }
      return item
    }
    const id = root.remoteId + '.' + this.ids.chars(ALNUM, 1) + this.ids.chars(B64URL, 21)
    return baseItem(input, id, root.conversationKey, root.remoteId, this.link(id))
  }

  private link(comment: string): string {
    return 'https://www.youtube.com/watch?v=' + this.video + '&lc=' + encodeURIComponent(comment)
  }
}

/** Twitter-epoch snowflakes: milliseconds since 2010-11-04 above 22 bits of worker and sequence. */
function snowflake(t: number, n: number): string {
  return String((BigInt(t - 1_288_834_974_657) << 22n) | BigInt(n % 4_194_304))
}

/** Posts keyed by their conversation ("x:conv:<root id>"), replies that point at what they answer, DM events. */
export class XShape implements Shape {
  readonly html = false
  readonly brandAt = '@lumenbikes'
  readonly replyAt = true
  readonly hashtags = true
  readonly ownPosts = true
  private n = 0

  item(input: ShapeInput): NormalizedItem {
    const id = snowflake(input.t, this.n++)
    if (input.kind === 'dm') return baseItem(input, id, input.root ? input.root.conversationKey : 'x:dm:' + id, null, null)
    const link = 'https://x.com/' + input.author.handle.slice(1) + '/status/' + id
    if (input.root === null) return baseItem(input, id, 'x:conv:' + id, null, link)
    return baseItem(input, id, input.root.conversationKey, (input.parent ?? input.root).remoteId, link)
  }
}
