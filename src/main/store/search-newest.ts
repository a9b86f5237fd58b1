import type { ConversationSummary } from '../../shared/contract'
import type { Db } from './database'
import { toSummary, type ConversationRow } from './rows'

const COLUMNS = `id, channel_account_id, kind, status, subject, author_name, author_handle, preview, last_activity_at,
  waiting_since, unread, assignee_id, message_count, created_at, first_reply_at, contact_id`

/**
 * Full-text search that stops early (measured by `npm run bench` as the proposed fix for common terms; not
 * wired into the app). ConversationStore.search collects every matching message and sorts all their
 * conversations, so its cost grows with the number of matches (tens of thousands for a common word at a
 * million messages). This walks the FTS5 index newest message first (FTS5 serves ORDER BY rowid DESC
 * itself) and stops at the `limit`-th distinct conversation, so its cost grows with the page size instead.
 *
 * Ranking differs slightly: conversations come by their newest *matching* message (message ids follow
 * arrival), then are shown by last activity like every list. A conversation whose only match is old but
 * which had unrelated activity since may rank lower than in ConversationStore.search.
 */
export class NewestFirstSearch {
  private readonly matches
  private readonly rows
  private readonly tagsFor

  constructor(db: Db) {
    this.matches = db.prepare<[string], { conversation_id: number }>(
      `SELECT m.conversation_id FROM messages_fts f JOIN messages m ON m.id = f.rowid
       WHERE messages_fts MATCH ? ORDER BY f.rowid DESC`,
    )
    this.rows = db.prepare<[string], ConversationRow>(
      `SELECT ${COLUMNS} FROM conversations WHERE id IN (SELECT value FROM json_each(?))
       ORDER BY last_activity_at DESC, id DESC`,
    )
    this.tagsFor = db.prepare<[number], { name: string }>(
      'SELECT t.name FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.conversation_id = ? ORDER BY t.name',
    )
  }

  search(words: string, limit: number): ConversationSummary[] {
    const terms = words.match(/[\p{L}\p{N}_]+/gu) ?? []
    if (!terms.length) return []
    const match = terms.map((t) => `"${t}"`).join(' ')
    const ids = new Set<number>()
    // Leaving the loop early resets the statement: SQLite reads no further matches.
    for (const row of this.matches.iterate(match)) {
      ids.add(row.conversation_id)
      if (ids.size >= limit) break
    }
    if (!ids.size) return []
    return this.rows.all(JSON.stringify([...ids])).map((r) => toSummary(r, this.tagsFor.all(r.id).map((t) => t.name)))
  }
}
