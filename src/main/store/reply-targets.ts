import type { Platform } from '../../shared/contract'
import type { Db } from './database'
import { CONFLICT_KEY_PREFIX } from './ingest'

export interface TargetConversationRow {
  id: number
  channel_account_id: number
  conversation_key: string
  kind: 'dm' | 'comment' | 'mention' | 'feed'
  platform: Platform
  is_demo: number
}

export interface TargetAccountRow {
  platform: Platform
  base_url: string
  settings: string
  is_demo: number
}

/** What resolving a reply's target reads: the conversation, its answerable messages and its account. */
export class ReplyTargetReads {
  private readonly conversationStmt
  private readonly newestInboundStmt
  private readonly newestAnyStmt
  private readonly messageStmt
  private readonly maxMessageStmt
  private readonly lastInboundAtStmt
  private readonly parentRawStmt
  private readonly accountStmt

  constructor(db: Db) {
    this.conversationStmt = db.prepare<[number], TargetConversationRow>(
      `SELECT c.id, c.channel_account_id, c.conversation_key, c.kind, a.platform, a.is_demo
       FROM conversations c JOIN channel_accounts a ON a.id = c.channel_account_id WHERE c.id = ?`,
    )
    // A message stored under a conflict key has lost its id to another message: never answer it.
    const known = `remote_id IS NOT NULL AND substr(remote_id, 1, ${CONFLICT_KEY_PREFIX.length}) <> '${CONFLICT_KEY_PREFIX}'`
    const newest = (where: string) =>
      db.prepare<[number], { remote_id: string }>(
        `SELECT remote_id FROM messages WHERE conversation_id = ? AND ${known} AND deleted_at IS NULL ${where}
         ORDER BY created_at DESC, id DESC LIMIT 1`,
      )
    this.newestInboundStmt = newest("AND direction = 'in' AND is_context = 0")
    this.newestAnyStmt = newest('')
    this.messageStmt = db.prepare<[number, string], { id: number }>(
      `SELECT id FROM messages WHERE conversation_id = ? AND remote_id = ? AND ${known} AND deleted_at IS NULL`,
    )
    this.maxMessageStmt = db.prepare<[number], { id: number | null }>('SELECT max(id) AS id FROM messages WHERE conversation_id = ?')
    this.lastInboundAtStmt = db.prepare<[number], { at: number | null }>(
      "SELECT max(created_at) AS at FROM messages WHERE conversation_id = ? AND direction = 'in' AND is_context = 0",
    )
    this.parentRawStmt = db.prepare<[number, string], { raw: string | null; subject: string | null }>(
      'SELECT raw, subject FROM messages WHERE channel_account_id = ? AND remote_id = ?',
    )
    this.accountStmt = db.prepare<[number], TargetAccountRow>('SELECT platform, base_url, settings, is_demo FROM channel_accounts WHERE id = ?')
  }

  conversation(conversationId: number): TargetConversationRow | undefined {
    return this.conversationStmt.get(conversationId)
  }

  /** The newest inbound message the platform knows, else the newest known message at all. */
  newestAnswerable(conversationId: number): string | undefined {
    return this.newestInboundStmt.get(conversationId)?.remote_id ?? this.newestAnyStmt.get(conversationId)?.remote_id
  }

  /** Whether the conversation holds a live message with this (known) remote id. */
  hasMessage(conversationId: number, remoteId: string): boolean {
    return this.messageStmt.get(conversationId, remoteId) !== undefined
  }

  newestMessageId(conversationId: number): number {
    return this.maxMessageStmt.get(conversationId)?.id ?? 0
  }

  lastInboundAt(conversationId: number): number | null {
    return this.lastInboundAtStmt.get(conversationId)?.at ?? null
  }

  parent(accountId: number, remoteId: string): { raw: string | null; subject: string | null } | undefined {
    return this.parentRawStmt.get(accountId, remoteId)
  }

  account(accountId: number): TargetAccountRow | undefined {
    return this.accountStmt.get(accountId)
  }
}
