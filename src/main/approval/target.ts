import { ParleyError, type Platform } from '../../shared/contract'
import type { ConnectorRegistry } from '../connectors/registry'
import type { Db } from '../store/database'
import type { ReplyTarget } from './hash'

export interface ConversationTarget extends ReplyTarget {
  conversationId: number
  conversationKey: string
  kind: 'comment' | 'mention' | 'dm'
}

interface ConversationRow {
  id: number
  channel_account_id: number
  conversation_key: string
  kind: 'dm' | 'comment' | 'mention' | 'feed'
  platform: Platform
  is_demo: number
}

/**
 * What a reply in a conversation answers: the newest inbound message that the
 * platform knows (a remote id, not deleted), else the newest message at all.
 */
export class TargetResolver {
  private readonly conversation
  private readonly newestInbound
  private readonly newestAny
  private readonly message
  private readonly maxMessage
  private readonly lastInboundAt

  constructor(
    db: Db,
    private readonly connectors: ConnectorRegistry,
  ) {
    this.conversation = db.prepare<[number], ConversationRow>(
      `SELECT c.id, c.channel_account_id, c.conversation_key, c.kind, a.platform, a.is_demo
       FROM conversations c JOIN channel_accounts a ON a.id = c.channel_account_id WHERE c.id = ?`,
    )
    const newest = (where: string) =>
      db.prepare<[number], { remote_id: string }>(
        `SELECT remote_id FROM messages WHERE conversation_id = ? AND remote_id IS NOT NULL AND deleted_at IS NULL ${where}
         ORDER BY created_at DESC, id DESC LIMIT 1`,
      )
    this.newestInbound = newest("AND direction = 'in' AND is_context = 0")
    this.newestAny = newest('')
    this.message = db.prepare<[number, string], { id: number }>('SELECT id FROM messages WHERE conversation_id = ? AND remote_id = ? AND deleted_at IS NULL')
    this.maxMessage = db.prepare<[number], { id: number | null }>('SELECT max(id) AS id FROM messages WHERE conversation_id = ?')
    this.lastInboundAt = db.prepare<[number], { at: number | null }>(
      "SELECT max(created_at) AS at FROM messages WHERE conversation_id = ? AND direction = 'in' AND is_context = 0",
    )
  }

  resolve(conversationId: number, inReplyTo?: string): ConversationTarget {
    const c = this.conversation.get(conversationId)
    if (!c) throw new ParleyError('not_found', `Conversation ${conversationId} does not exist.`)
    if (c.kind === 'feed') throw new ParleyError('bad_input', 'Feed items cannot be answered from Parley; open the page to reply there.')
    if (this.connectors.has(c.platform) && !this.connectors.get(c.platform).capabilities.has('reply')) {
      throw new ParleyError('bad_input', `Parley cannot reply on ${c.platform}.`)
    }
    let remote = inReplyTo
    if (remote) {
      if (!this.message.get(conversationId, remote)) throw new ParleyError('bad_input', 'The message to answer is not in this conversation (or was deleted).')
    } else {
      remote = this.newestInbound.get(conversationId)?.remote_id ?? this.newestAny.get(conversationId)?.remote_id
    }
    if (!remote) throw new ParleyError('bad_input', 'This conversation has no message the platform knows yet, so there is nothing to reply to.')
    return { conversationId, accountId: c.channel_account_id, inReplyTo: remote, conversationKey: c.conversation_key, kind: c.kind }
  }

  /** Where a queued reply goes inside the platform's model (thread key and kind), without re-checking its target. */
  replyPlace(conversationId: number): { conversationKey: string; kind: 'comment' | 'mention' | 'dm'; platform: Platform; isDemo: boolean } | null {
    const c = this.conversation.get(conversationId)
    if (!c || c.kind === 'feed') return null
    return { conversationKey: c.conversation_key, kind: c.kind, platform: c.platform, isDemo: c.is_demo === 1 }
  }

  /** The id of the newest stored message: replies see anything after it as new activity. */
  newestMessageId(conversationId: number): number {
    return this.maxMessage.get(conversationId)?.id ?? 0
  }

  /** The platform's reply deadline for this conversation, when it has one (Mastodon and Bluesky: none). */
  deadline(conversationId: number): number | null {
    const c = this.conversation.get(conversationId)
    if (!c || c.kind === 'feed' || !this.connectors.has(c.platform)) return null
    const connector = this.connectors.get(c.platform)
    if (!connector.replyDeadline) return null
    return connector.replyDeadline({ kind: c.kind, lastInboundAt: this.lastInboundAt.get(conversationId)?.at ?? null })
  }
}
