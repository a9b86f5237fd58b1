import type { Db } from './database'

/** One inbound message with its conversation, account, assignee and tags: what topics and rules match against. */
export interface MessageFactsRow {
  messageId: number
  conversationId: number
  accountId: number
  platform: string
  accountName: string
  accountHandle: string
  isDemo: number
  kind: 'dm' | 'comment' | 'mention' | 'feed'
  status: string
  unread: number
  assigneeId: number | null
  assigneeName: string | null
  /** Tag names joined by U+001F. */
  tags: string | null
  authorName: string
  authorHandle: string
  authorRemoteId: string | null
  remoteId: string | null
  conversationKey: string
  text: string
  subject: string | null
  createdAt: number
  sentiment: 'negative' | 'neutral' | 'positive' | null
  needsReply: number | null
  raw: string | null
}

const SELECT = `
SELECT m.id AS messageId, m.conversation_id AS conversationId, m.channel_account_id AS accountId, a.platform, a.display_name AS accountName,
  a.handle AS accountHandle, a.is_demo AS isDemo, c.kind, c.status, c.unread, c.assignee_id AS assigneeId, p.name AS assigneeName,
  (SELECT group_concat(t.name, char(31)) FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.conversation_id = c.id) AS tags,
  m.author_name AS authorName, m.author_handle AS authorHandle, i.remote_id AS authorRemoteId, m.remote_id AS remoteId,
  c.conversation_key AS conversationKey, m.text, m.subject, m.created_at AS createdAt, m.sentiment, m.needs_reply AS needsReply, m.raw
FROM messages m
JOIN conversations c ON c.id = m.conversation_id
JOIN channel_accounts a ON a.id = m.channel_account_id
LEFT JOIN identities i ON i.id = m.identity_id
LEFT JOIN profiles p ON p.id = c.assignee_id`

/** Inbound items a person wrote: not the brand's, not context posts, not deleted. */
const INBOUND = "m.direction = 'in' AND m.is_context = 0 AND m.deleted_at IS NULL"

/** Reads message facts for the listening processor (new items after a watermark), dry runs (history) and moderation targets. */
export class MessageFactsStore {
  private readonly afterStmt
  private readonly historyStmt
  private readonly oneStmt
  private readonly latestInbound
  private readonly platformStmt

  constructor(db: Db) {
    this.afterStmt = db.prepare<{ after: number; limit: number }, MessageFactsRow>(`${SELECT} WHERE m.id > @after AND ${INBOUND} ORDER BY m.id LIMIT @limit`)
    // Newest first, so a capped dry run shows the most recent history.
    this.historyStmt = db.prepare<{ before: number; limit: number }, MessageFactsRow>(`${SELECT} WHERE m.id < @before AND ${INBOUND} ORDER BY m.id DESC LIMIT @limit`)
    this.oneStmt = db.prepare<[number], MessageFactsRow>(`${SELECT} WHERE m.id = ?`)
    this.latestInbound = db.prepare<[number], { id: number }>(
      "SELECT id FROM messages WHERE conversation_id = ? AND direction = 'in' AND is_context = 0 ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    this.platformStmt = db.prepare<[number], { platform: string; isDemo: number }>(
      'SELECT a.platform, a.is_demo AS isDemo FROM conversations c JOIN channel_accounts a ON a.id = c.channel_account_id WHERE c.id = ?',
    )
  }

  after(id: number, limit: number): MessageFactsRow[] {
    return this.afterStmt.all({ after: id, limit })
  }

  /** History, newest first, below a message id (keyset paging). */
  before(id: number, limit: number): MessageFactsRow[] {
    return this.historyStmt.all({ before: id, limit })
  }

  one(messageId: number): MessageFactsRow | null {
    return this.oneStmt.get(messageId) ?? null
  }

  /** The newest inbound, non-context message of a conversation. */
  latestInboundId(conversationId: number): number | null {
    return this.latestInbound.get(conversationId)?.id ?? null
  }

  /** The platform of a conversation's account, and whether it is a demo account. */
  conversationPlatform(conversationId: number): { platform: string; isDemo: boolean } | null {
    const row = this.platformStmt.get(conversationId)
    return row ? { platform: row.platform, isDemo: row.isDemo === 1 } : null
  }
}
