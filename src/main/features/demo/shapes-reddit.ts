/** Reddit items, shaped as the Reddit connector's mapping produces them. */
import type { NormalizedItem } from '../../model/items'
import { REDDIT_SUBREDDIT } from './accounts'
import { Opaque, type Shape, type ShapeInput } from './shape'
import { REDDIT_OTHER_POSTS, REDDIT_OTHER_SUBREDDITS, REDDIT_OWN_POSTS } from './templates-social'

const WEB = 'https://www.reddit.com'
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz'

/** Reddit's ids count up in base 36; these start where a 2025 comment, post and message id would. */
const COMMENT_START = parseInt('mq00000', 36)
const POST_START = parseInt('1k00000', 36)
const MESSAGE_START = parseInt('2n0000', 36)

/** The title's words, lower-cased and joined by _, as Reddit writes a post's address. */
function slugOf(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 50).replace(/_+$/, '')
}

/**
 * Comment threads under a post ("rd:post:t3_<post>"): the brand's own subreddit's new comments,
 * and username mentions in other subreddits; private messages ("rd:pm:<first message>"). Ids are
 * fullnames (t1_ comments, t4_ messages). A comment's subject is its post's title, a message's its
 * subject ("re: …" on replies). A thread's first comment answers the post, which is no inbox item
 * itself, so it has no parent here; every later one names the comment it answers (Reddit nests).
 */
export class RedditShape implements Shape {
  readonly html = false
  readonly brandAt = 'u/LumenBikes'
  readonly replyAt = false
  readonly hashtags = false
  readonly ownPosts = false
  /** Set by the generator before a thread's first comment: it waits in the subreddit's mod queue. */
  holdNext = false
  private comments = 0
  private posts = 0
  private messages = 0
  private subreddit = ''
  private post = ''
  private title = ''
  private slug = ''
  private readonly ids: Opaque

  constructor(seed: number) {
    this.ids = new Opaque(seed)
  }

  item(input: ShapeInput): NormalizedItem {
    if (input.kind === 'dm') return this.message(input)
    const root = input.root
    if (root === null) this.newPost(input.kind === 'mention')
    // Spread over the id space between neighbours, as other people's comments fill the gaps.
    const id = 't1_' + (COMMENT_START + this.comments++ * 37 + BASE36.indexOf(this.ids.chars(BASE36, 1))).toString(36)
    const item: NormalizedItem = {
      remoteId: id,
      conversationKey: root ? root.conversationKey : 'rd:post:' + this.post,
      parentRemoteId: root === null ? null : (input.parent ?? root).remoteId,
      kind: input.kind,
      direction: input.direction,
      author: input.author,
      text: input.text,
      html: null,
      createdAt: input.t,
      permalink: this.link(id, input.kind === 'mention' && input.direction === 'in'),
      subject: this.title,
      isContext: input.isContext,
    }
    if (root === null && this.holdNext && input.kind === 'comment') {
      // What the mod queue listing adds to a comment someone reported.
      item.raw = { subreddit: this.subreddit, link_id: this.post, num_reports: 1, user_reports: [['Spam', 1]], mod_reports: [] }
    }
    return item
  }

  private newPost(elsewhere: boolean): void {
    const n = this.posts++
    const list = elsewhere ? REDDIT_OTHER_POSTS : REDDIT_OWN_POSTS
    this.title = list[n % list.length] as string
    this.subreddit = elsewhere ? (REDDIT_OTHER_SUBREDDITS[(n * 7 + 3) % REDDIT_OTHER_SUBREDDITS.length] as string) : REDDIT_SUBREDDIT
    this.post = 't3_' + (POST_START + n * 911).toString(36)
    this.slug = slugOf(this.title)
  }

  /** The inbox gives a mention's address with its context; the subreddit listing builds it from the post. */
  private link(fullname: string, inbox: boolean): string {
    const path = WEB + '/r/' + this.subreddit + '/comments/' + this.post.slice(3) + '/'
    return inbox ? path + this.slug + '/' + fullname.slice(3) + '/?context=3' : path + '_/' + fullname.slice(3) + '/'
  }

  private message(input: ShapeInput): NormalizedItem {
    const id = (MESSAGE_START + this.messages++ * 5).toString(36)
    const root = input.root
    const subject = root === null ? (input.subject ?? 'Question') : 're: ' + (root.subject as string)
    return {
      remoteId: 't4_' + id,
      conversationKey: root ? root.conversationKey : 'rd:pm:t4_' + id,
      parentRemoteId: input.parent ? input.parent.remoteId : null,
      kind: 'dm',
      direction: input.direction,
      author: input.author,
      text: input.text,
      html: null,
      createdAt: input.t,
      permalink: WEB + '/message/messages/' + id,
      subject,
      isContext: input.isContext,
    }
  }
}
