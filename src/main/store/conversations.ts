import type { ConversationDetail, ConversationSummary, Message, MessageAttachment, View } from '../../shared/contract'
import { attachmentList } from '../model/attachments'
import { ParleyError } from '../../shared/contract'
import { parseQuery } from '../model/search'
import { compileQuery } from './search-compile'
import type { Db } from './database'
import { toDetail, toMessage, toSummary, type ConversationRow, type MessageRow } from './rows'

export interface ListQuery {
  view: View
  profileId: number
  accountId?: number
  cursor?: string | null
  limit: number
}

const COLUMNS = `id, channel_account_id, kind, status, subject, author_name, author_handle, preview, last_activity_at,
  waiting_since, unread, assignee_id, message_count, created_at, first_reply_at, contact_id, snoozed_until, sentiment, needs_reply`

/** Each WHERE matches a partial index in the schema word for word, so the planner can use it. */
const viewFilters: Record<View, string> = {
  inbox: "status IN ('open','pending')",
  unassigned: "status IN ('open','pending') AND assignee_id IS NULL",
  mine: "status IN ('open','pending') AND assignee_id = @profileId",
  pending: "status = 'pending'",
  snoozed: "status = 'snoozed'",
  done: "status = 'done'",
  needs_approval: "id IN (SELECT conversation_id FROM approvals WHERE status = 'pending')",
}

/** Keyset cursor: "<last_activity_at>.<id>" of the last row served. */
function parseCursor(cursor: string | null | undefined): { at: number; id: number } | null {
  if (!cursor) return null
  const match = /^(\d{1,16})\.(\d{1,16})$/.exec(cursor)
  if (!match) throw new ParleyError('bad_input', 'That page cursor is not one Parley gave out. Reload the list.')
  return { at: Number(match[1]), id: Number(match[2]) }
}

export interface QueryOptions {
  limit: number
  /** The current profile, for assignee:me. */
  profileId?: number
  /** The workspace time zone for before:/after: (default UTC). */
  timeZone?: string
}

export class ConversationStore {
  private readonly tagsFor
  private readonly byId
  private readonly messagesOf
  private readonly attachmentOf
  private readonly setUnread
  private readonly anyStmt
  private readonly searchStmt
  private readonly listCache = new Map<string, ReturnType<Db['prepare']>>()

  constructor(private readonly db: Db) {
    this.tagsFor = db.prepare<[number], { name: string }>(
      'SELECT t.name FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.conversation_id = ? ORDER BY t.name',
    )
    this.byId = db.prepare<[number], ConversationRow>(`SELECT ${COLUMNS} FROM conversations WHERE id = ?`)
    this.messagesOf = db.prepare<[number], MessageRow>(
      `SELECT id, remote_id, parent_remote_id, direction, author_name, author_handle, author_profile_url, text, html,
         created_at, permalink, is_context, deleted_at, edited_at, sentiment, needs_reply,
         CASE WHEN raw LIKE '%"attachments"%' AND json_valid(raw) THEN json_extract(raw, '$.attachments') END AS attachments
       FROM messages WHERE conversation_id = ? ORDER BY is_context DESC, created_at, id`,
    )
    this.attachmentOf = db.prepare<[number], { account_id: number; remote_id: string | null; attachments: string | null }>(
      `SELECT channel_account_id AS account_id, remote_id,
         CASE WHEN json_valid(raw) THEN json_extract(raw, '$.attachments') END AS attachments
       FROM messages WHERE id = ?`,
    )
    this.setUnread = db.prepare('UPDATE conversations SET unread = ? WHERE id = ?')
    this.anyStmt = db.prepare('SELECT 1 FROM conversations LIMIT 1')
    this.searchStmt = db.prepare(
      `SELECT ${COLUMNS} FROM conversations WHERE id IN (
         SELECT m.conversation_id FROM messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH ?)
       ORDER BY last_activity_at DESC, id DESC LIMIT ?`,
    )
  }

  list(q: ListQuery): { items: ConversationSummary[]; nextCursor: string | null } {
    const after = parseCursor(q.cursor)
    const where = [viewFilters[q.view]]
    if (q.accountId !== undefined) where.push('channel_account_id = @accountId')
    if (after) where.push('(last_activity_at < @at OR (last_activity_at = @at AND id < @id))')
    const sql = `SELECT ${COLUMNS} FROM conversations WHERE ${where.join(' AND ')}
      ORDER BY last_activity_at DESC, id DESC LIMIT @limit`
    let stmt = this.listCache.get(sql)
    if (!stmt) {
      stmt = this.db.prepare(sql)
      this.listCache.set(sql, stmt)
    }
    const rows = stmt.all({
      profileId: q.profileId,
      accountId: q.accountId,
      at: after?.at,
      id: after?.id,
      limit: q.limit + 1,
    }) as ConversationRow[]
    const page = rows.slice(0, q.limit)
    const last = page[page.length - 1]
    return {
      items: page.map((r) => toSummary(r, this.tags(r.id))),
      nextCursor: rows.length > q.limit && last ? `${last.last_activity_at}.${last.id}` : null,
    }
  }

  get(id: number): { conversation: ConversationDetail; messages: Message[] } {
    const row = this.byId.get(id)
    if (!row) throw new ParleyError('not_found', `Conversation ${id} does not exist (it may have been removed).`)
    return { conversation: toDetail(row, this.tags(id)), messages: this.messagesOf.all(id).map(toMessage) }
  }

  /** Where a message's attachment lives: its channel account, its id there and the attachments listed at ingest. */
  attachmentSource(messageId: number): { accountId: number; remoteId: string | null; attachments: MessageAttachment[] } | null {
    const row = this.attachmentOf.get(messageId)
    return row ? { accountId: row.account_id, remoteId: row.remote_id, attachments: attachmentList(row.attachments) } : null
  }

  markRead(id: number, read: boolean): { id: number; unread: boolean } {
    const info = this.setUnread.run(read ? 0 : 1, id)
    if (info.changes === 0) throw new ParleyError('not_found', `Conversation ${id} does not exist.`)
    return { id, unread: !read }
  }

  /**
   * Plain-word search over message text and author names, kept for bench/ (which measures it against raw FTS).
   * The app searches with query() and the full query language.
   */
  search(words: string, limit: number): ConversationSummary[] {
    const terms = words.match(/[\p{L}\p{N}_]+/gu) ?? []
    if (!terms.length) return []
    const match = terms.map((t) => `"${t}"`).join(' ')
    const rows = this.searchStmt.all(match, limit) as ConversationRow[]
    return rows.map((r) => toSummary(r, this.tags(r.id)))
  }

  /** Conversations matching a query in the inbox query language (src/main/search), newest activity first. */
  query(query: string, options: QueryOptions): ConversationSummary[] {
    const { where, params } = compileQuery(parseQuery(query), options)
    const sql = `SELECT ${COLUMNS} FROM conversations c WHERE ${where} ORDER BY c.last_activity_at DESC, c.id DESC LIMIT @limit`
    let stmt = this.listCache.get(sql)
    if (!stmt) {
      // Query shapes are user-driven; keep the cache bounded.
      if (this.listCache.size > 200) this.listCache.clear()
      stmt = this.db.prepare(sql)
      this.listCache.set(sql, stmt)
    }
    const rows = stmt.all({ ...params, limit: options.limit }) as ConversationRow[]
    return rows.map((r) => toSummary(r, this.tags(r.id)))
  }

  isEmpty(): boolean {
    return this.anyStmt.get() === undefined
  }

  exists(id: number): boolean {
    return this.byId.get(id) !== undefined
  }

  private tags(id: number): string[] {
    return this.tagsFor.all(id).map((t) => t.name)
  }
}
