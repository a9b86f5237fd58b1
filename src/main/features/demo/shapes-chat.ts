/** Slack, Telegram and Matrix items, shaped as their connectors' mappings produce them. */
import type { NormalizedItem } from '../../model/items'
import { MATRIX_SERVER, SLACK_WORKSPACE } from './accounts'
import { B64URL, baseItem, Opaque, pad, type Shape, type ShapeInput } from './shape'

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
/** The community workspace's public channels a thread can start in. */
const SLACK_CHANNELS = ['C04GENERAL1', 'C04HELPDESK', 'C05RIDES0TR', 'C05FIRMWARE', 'C04HELPDESK']

/** Slack's "seconds.microseconds" ts, unique inside a channel through the per-account sequence. */
function slackTs(t: number, n: number): string {
  return String(Math.floor(t / 1000)) + '.' + pad((t % 1000) * 1000 + (n % 1000), 6)
}

/** Channel threads ("thread:<channel>:<root ts>") and direct messages to the bot ("dm:<D channel>"). */
export class SlackShape implements Shape {
  readonly html = false
  readonly brandAt = '@Lumen Helper'
  readonly replyAt = false
  readonly hashtags = false
  readonly ownPosts = false
  private n = 0
  private channel = ''
  private readonly ids: Opaque

  constructor(seed: number) {
    this.ids = new Opaque(seed)
  }

  item(input: ShapeInput): NormalizedItem {
    const ts = slackTs(input.t, this.n++)
    const root = input.root
    if (root === null) {
      this.channel = input.kind === 'dm' ? 'D0' + this.ids.chars(UPPER, 9) : (SLACK_CHANNELS[this.n % SLACK_CHANNELS.length] as string)
      const key = input.kind === 'dm' ? 'dm:' + this.channel : 'thread:' + this.channel + ':' + ts
      return baseItem(input, this.channel + '/' + ts, key, null, this.link(ts, null))
    }
    if (input.kind === 'dm') return baseItem(input, this.channel + '/' + ts, root.conversationKey, null, this.link(ts, null))
    // Every reply in a thread points at the thread's root message.
    const rootTs = root.remoteId.slice(root.remoteId.indexOf('/') + 1)
    return baseItem(input, this.channel + '/' + ts, root.conversationKey, root.remoteId, this.link(ts, rootTs))
  }

  private link(ts: string, threadTs: string | null): string {
    const base = SLACK_WORKSPACE + 'archives/' + this.channel + '/p' + ts.replace('.', '')
    return threadTs === null ? base : base + '?thread_ts=' + threadTs + '&cid=' + this.channel
  }
}

/** The brand's public forum supergroup, "Lumen Riders" (t.me/lumenriders). */
const GROUP_ID = '-1001748203955'
const GROUP_USERNAME = 'lumenriders'

/**
 * Forum topics of the community group ("<chat>/topic/<first message>"), messages addressed to the bot
 * ("<chat>/mention/<message>") and private chats with it ("dm:<chat>"). Ids are "<chat>/<message id>",
 * message ids counting per chat.
 */
export class TelegramShape implements Shape {
  readonly html = false
  readonly brandAt = '@LumenBikesBot'
  readonly replyAt = false
  readonly hashtags = false
  readonly ownPosts = false
  private groupMessage = 20_000
  private privateChat = 0
  private chat = ''
  private chatMessage = 0

  item(input: ShapeInput): NormalizedItem {
    const root = input.root
    if (input.kind === 'dm') {
      if (root === null) {
        // A private chat's id is the person's; a fresh one per demo conversation keeps conversations apart.
        this.chat = String(5_100_000_000 + this.privateChat++ * 37)
        this.chatMessage = 0
      }
      const item = baseItem(input, this.chat + '/' + String(++this.chatMessage), 'dm:' + this.chat, null, null)
      item.subject = null
      return item
    }
    const id = ++this.groupMessage
    const remoteId = GROUP_ID + '/' + String(id)
    const link = 'https://t.me/' + GROUP_USERNAME + '/' + String(id)
    if (root === null) {
      const key = GROUP_ID + (input.kind === 'mention' ? '/mention/' : '/topic/') + String(id)
      return withTitle(baseItem(input, remoteId, key, null, link))
    }
    // In a forum topic a message "replies" to the topic's first one; only an answer to another message is a reply.
    const parent = input.parent === null || (input.parent === root && input.kind !== 'mention') ? null : input.parent.remoteId
    return withTitle(baseItem(input, remoteId, root.conversationKey, parent, link))
  }
}

function withTitle(item: NormalizedItem): NormalizedItem {
  item.subject = 'Lumen Riders'
  return item
}

/** The community room; DM rooms are made per conversation. */
const ROOM = '!qLmNvRiDeRsXcTbGhz:' + MATRIX_SERVER

/** Threads in the community room ("<room>/<root event>"), mentions of the brand and DM rooms ("dm:<room>"). */
export class MatrixShape implements Shape {
  readonly html = false
  readonly brandAt = 'Lumen Bikes:'
  readonly replyAt = false
  readonly hashtags = false
  readonly ownPosts = false
  private room = ''
  private readonly ids: Opaque

  constructor(seed: number) {
    this.ids = new Opaque(seed)
  }

  item(input: ShapeInput): NormalizedItem {
    const event = '$' + this.ids.chars(B64URL, 43)
    const root = input.root
    if (root === null) this.room = input.kind === 'dm' ? '!' + this.ids.chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 18) + ':' + MATRIX_SERVER : ROOM
    const remoteId = this.room + '/' + event
    const link = 'https://matrix.to/#/' + encodeURIComponent(this.room) + '/' + encodeURIComponent(event)
    if (input.kind === 'dm') return baseItem(input, remoteId, root ? root.conversationKey : 'dm:' + this.room, null, link)
    if (root === null) return baseItem(input, remoteId, remoteId, null, link)
    // A plain thread message answers the thread root; a reply inside the thread names its message.
    return baseItem(input, remoteId, root.conversationKey, (input.parent ?? root).remoteId, link)
  }
}
