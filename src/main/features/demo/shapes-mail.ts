/** E-mail and Discourse items: both carry subjects, as their connectors' mappings produce them. */
import type { NormalizedItem } from '../../model/items'
import { COMMUNITY_HOST, SUPPORT_ADDRESS } from './accounts'
import { slugify } from './ids'
import { baseItem, Opaque, type Shape, type ShapeInput } from './shape'

export interface MailAttachment {
  name: string
  type: string
  size: number
}

/**
 * The support mailbox: remote ids are normalised Message-IDs, a thread is keyed by its first
 * message's id, a reply points at the message it answers (In-Reply-To), no permalinks.
 * The generator writes the text (quoting, signature, attachment list) and passes attachments here.
 */
export class EmailShape implements Shape {
  readonly html = false
  readonly brandAt = ''
  readonly replyAt = false
  readonly hashtags = false
  readonly ownPosts = false
  /** Set by the generator for the next item. */
  attachments: MailAttachment[] = []
  /** The customer of the conversation being rendered, the recipient of the brand's mail. */
  counterpart = ''
  private readonly ids: Opaque

  constructor(seed: number) {
    this.ids = new Opaque(seed)
  }

  item(input: ShapeInput): NormalizedItem {
    const from = input.author.remoteId
    const domain = from.slice(from.indexOf('@') + 1)
    const id = input.direction === 'out' ? this.ids.chars('0123456789abcdef', 24) + '@lumenbikes.example' : this.ids.chars('0123456789abcdefghijklmnopqrstuvwxyz', 20) + '@' + domain
    if (input.direction === 'in') this.counterpart = from
    const key = input.root ? input.root.conversationKey : id
    const item = baseItem(input, id, key, input.parent ? input.parent.remoteId : null, null)
    item.raw = { attachments: this.attachments, to: [input.direction === 'out' ? this.counterpart : SUPPORT_ADDRESS] }
    this.attachments = []
    return item
  }
}

/** Topics ("topic:<id>") in the community's categories and private messages ("pm:<id>"); cooked HTML; subject = topic title. */
export class DiscourseShape implements Shape {
  readonly html = true
  readonly brandAt = '@lumen_team'
  readonly replyAt = false
  readonly hashtags = false
  readonly ownPosts = false
  private topic = 3_100
  private post = 41_000
  private postNumber = 0
  private slug = ''

  item(input: ShapeInput): NormalizedItem {
    const root = input.root
    if (root === null) {
      this.topic += 1
      this.postNumber = 0
      this.slug = slugify(input.subject ?? 'topic') || 'topic'
    }
    const id = String(++this.post)
    const n = ++this.postNumber
    const key = root ? root.conversationKey : (input.kind === 'dm' ? 'pm:' : 'topic:') + String(this.topic)
    // Answering the topic itself carries no reply_to_post_number; answering a later post does.
    const parent = input.parent === null || input.parent === root ? null : input.parent.remoteId
    return baseItem(input, id, key, parent, 'https://' + COMMUNITY_HOST + '/t/' + this.slug + '/' + String(this.topic) + '/' + String(n))
  }
}
