import type { ConversationSummary } from '../../shared/contract'
import { ParleyError } from '../../shared/contract'
import { compileQuery, ftsMatch } from './search-compile'
import { highlightRanges, highlightTerms, parseQuery, snippet, type QueryAst, type Range } from '../model/search'
import type { Db } from './database'
import { toSummary, type ConversationRow } from './rows'

const COLUMNS = `c.id, c.channel_account_id, c.kind, c.status, c.subject, c.author_name, c.author_handle, c.preview,
  c.last_activity_at, c.waiting_since, c.unread, c.assignee_id, c.message_count, c.created_at, c.first_reply_at,
  c.contact_id, c.snoozed_until`

/** Message rows read per step of the newest-first walk. */
const WALK_CHUNK = 400

export interface SearchOptions {
  limit: number
  cursor?: string | null
  /** The current profile, for assignee:me. */
  profileId?: number
  /** The workspace time zone for before:/after: (default UTC). */
  timeZone?: string
}

export interface SearchHit {
  conversation: ConversationSummary
  /** The newest message that matched the text terms (null for filter-only queries). */
  messageId: number | null
  /** Who wrote the matching message (the conversation's latest author when there is none). */
  authorName: string
  authorHandle: string
  /** Text of the matching message (or the preview) around the first match, with where the terms are. */
  snippet: string
  snippetRanges: Range[]
  authorRanges: Range[]
  subjectRanges: Range[]
}

export interface SearchPage {
  items: SearchHit[]
  nextCursor: string | null
}

type Cursor = { kind: 'activity'; at: number; id: number } | { kind: 'message'; rowid: number }

/** "a<last_activity_at>.<id>" for filter-only pages, "m<message id>" for the newest-first text walk. */
function parseCursor(cursor: string | null | undefined): Cursor | null {
  if (!cursor) return null
  const a = /^a(\d{1,16})\.(\d{1,16})$/.exec(cursor)
  if (a) return { kind: 'activity', at: Number(a[1]), id: Number(a[2]) }
  const m = /^m(\d{1,16})$/.exec(cursor)
  if (m) return { kind: 'message', rowid: Number(m[1]) }
  throw new ParleyError('bad_input', 'That page cursor is not one Parley gave out. Search again.')
}

/**
 * Search over all history with the inbox query language, for the app (conversations.search).
 *
 * Queries with a positive text term walk the FTS5 index newest message first (FTS5 serves
 * ORDER BY rowid DESC and rowid ranges itself) and stop once a page of distinct conversations
 * passes the filters, so a common word costs a page, not every match (BENCHMARKS.md: the
 * `IN (SELECT … MATCH)` plan took 180 ms p95 at a million messages). Results come by their newest
 * matching message. Filter-only queries use the compiled WHERE with the (last activity, id) keyset.
 */
export class ConversationSearch {
  private readonly statements = new Map<string, ReturnType<Db['prepare']>>()
  private readonly walkStmt
  private readonly seenStmt
  private readonly messageText
  private readonly tagsFor

  constructor(private readonly db: Db) {
    this.walkStmt = db.prepare<[string, number, number], { mid: number; cid: number; direction: string }>(
      `SELECT f.rowid AS mid, m.conversation_id AS cid, m.direction AS direction FROM messages_fts f JOIN messages m ON m.id = f.rowid
       WHERE messages_fts MATCH ? AND f.rowid < ? ORDER BY f.rowid DESC LIMIT ?`,
    )
    this.seenStmt = db.prepare<[string, number], { cid: number }>(
      `SELECT DISTINCT m.conversation_id AS cid FROM messages_fts f JOIN messages m ON m.id = f.rowid
       WHERE messages_fts MATCH ? AND f.rowid >= ? AND m.direction <> 'activity'`,
    )
    this.messageText = db.prepare<[number], { text: string; subject: string | null; author_name: string; author_handle: string }>(
      'SELECT text, subject, author_name, author_handle FROM messages WHERE id = ?',
    )
    this.tagsFor = db.prepare<[number], { name: string }>(
      'SELECT t.name FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.conversation_id = ? ORDER BY t.name',
    )
  }

  /** Throws QuerySyntaxError (bad_input, with column and length) for a query the language cannot read. */
  search(query: string, options: SearchOptions): SearchPage {
    const ast = parseQuery(query)
    const cursor = parseCursor(options.cursor)
    const match = ftsMatch(ast)
    if (match) {
      if (cursor?.kind === 'activity') throw new ParleyError('bad_input', 'That page cursor belongs to another search. Search again.')
      return this.walk(ast, match, cursor?.kind === 'message' ? cursor.rowid : null, options)
    }
    if (cursor?.kind === 'message') throw new ParleyError('bad_input', 'That page cursor belongs to another search. Search again.')
    return this.byActivity(ast, cursor, options)
  }

  /** How many conversations match, counting no further than `cap` (the sidebar shows "cap+"). */
  count(query: string, cap: number, profileId?: number): number {
    const { where, params } = compileQuery(parseQuery(query), { profileId })
    const stmt = this.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM conversations c WHERE ${where} LIMIT @cap)`)
    return (stmt.get({ ...params, cap }) as { n: number }).n
  }

  /** Which of these conversations match the query (for notifications about new items in a view). */
  matching(query: string, ids: readonly number[], profileId?: number): number[] {
    if (!ids.length) return []
    const { where, params } = compileQuery(parseQuery(query), { profileId })
    const stmt = this.prepare(`SELECT c.id FROM conversations c WHERE c.id IN (SELECT value FROM json_each(@ids)) AND ${where}`)
    return (stmt.all({ ...params, ids: JSON.stringify(ids) }) as { id: number }[]).map((r) => r.id)
  }

  private byActivity(ast: QueryAst, after: { at: number; id: number } | null, options: SearchOptions): SearchPage {
    const drivingTag = ast.nodes.find((n) => n.type === 'filter' && n.key === 'tag' && !n.negated)
    let rows: ConversationRow[]
    if (drivingTag?.type === 'filter' && drivingTag.key === 'tag') {
      // A tag's conversations newest first (tag_activity, kept by triggers to the conversation's own
      // last_activity_at, so the keyset is the same): a page reads at most the tag's rows, usually far
      // fewer, where collecting the tag's conversations and sorting them grew with the workspace.
      // CROSS JOIN keeps tag_activity the outer loop.
      const { where, params } = compileQuery({ nodes: ast.nodes.filter((n) => n !== drivingTag) }, options)
      const keyset = after ? ' AND (ta.last_activity_at < @at OR (ta.last_activity_at = @at AND ta.conversation_id < @afterId))' : ''
      const stmt = this.prepare(
        `SELECT ${COLUMNS} FROM tag_activity ta CROSS JOIN conversations c ON c.id = ta.conversation_id
         WHERE ta.tag_id = (SELECT t.id FROM tags t WHERE t.name = @drivingTag) AND (${where})${keyset}
         ORDER BY ta.last_activity_at DESC, ta.conversation_id DESC LIMIT @limit`,
      )
      rows = stmt.all({ ...params, drivingTag: drivingTag.value, at: after?.at, afterId: after?.id, limit: options.limit + 1 }) as ConversationRow[]
    } else {
      const { where, params } = compileQuery(ast, options)
      const keyset = after ? ' AND (c.last_activity_at < @at OR (c.last_activity_at = @at AND c.id < @afterId))' : ''
      const stmt = this.prepare(
        `SELECT ${COLUMNS} FROM conversations c WHERE (${where})${keyset} ORDER BY c.last_activity_at DESC, c.id DESC LIMIT @limit`,
      )
      rows = stmt.all({ ...params, at: after?.at, afterId: after?.id, limit: options.limit + 1 }) as ConversationRow[]
    }
    const page = rows.slice(0, options.limit)
    const last = page[page.length - 1]
    return {
      items: page.map((r) => this.hit(r, null, ast)),
      nextCursor: rows.length > options.limit && last ? `a${last.last_activity_at}.${last.id}` : null,
    }
  }

  private walk(ast: QueryAst, match: string, before: number | null, options: SearchOptions): SearchPage {
    const filters = compileQuery(ast, { ...options, filtersOnly: true })
    const check = filters.where === '1' ? null : this.prepare(
      `SELECT c.id FROM conversations c WHERE c.id IN (SELECT value FROM json_each(@ids)) AND ${filters.where}`,
    )
    // Conversations with a match newer than the cursor were served (or filtered out) on earlier pages.
    const seen = new Set<number>(before === null ? [] : this.seenStmt.all(match, before).map((r) => r.cid))
    const found: { cid: number; mid: number }[] = []
    let upper = before ?? Number.MAX_SAFE_INTEGER
    let exhausted = false
    while (found.length <= options.limit && !exhausted) {
      const rows = this.walkStmt.all(match, upper, WALK_CHUNK)
      exhausted = rows.length < WALK_CHUNK
      const fresh: { cid: number; mid: number }[] = []
      for (const r of rows) {
        upper = r.mid
        // Activity rows ("Me tagged this refund") are Parley's own words, not what anyone wrote: never a hit or a snippet.
        if (r.direction === 'activity' || seen.has(r.cid)) continue
        seen.add(r.cid)
        fresh.push(r)
      }
      if (!fresh.length) continue
      const pass = check ? new Set((check.all({ ...filters.params, ids: JSON.stringify(fresh.map((f) => f.cid)) }) as { id: number }[]).map((r) => r.id)) : null
      for (const f of fresh) if (!pass || pass.has(f.cid)) found.push(f)
    }
    const page = found.slice(0, options.limit)
    const rows = this.rowsOf(page.map((p) => p.cid))
    const items = page.flatMap((p) => {
      const row = rows.get(p.cid)
      return row ? [this.hit(row, p.mid, ast)] : []
    })
    return { items, nextCursor: found.length > options.limit ? `m${page[page.length - 1]!.mid}` : null }
  }

  private rowsOf(ids: number[]): Map<number, ConversationRow> {
    if (!ids.length) return new Map()
    const stmt = this.prepare(`SELECT ${COLUMNS} FROM conversations c WHERE c.id IN (SELECT value FROM json_each(@ids))`)
    return new Map((stmt.all({ ids: JSON.stringify(ids) }) as ConversationRow[]).map((r) => [r.id, r]))
  }

  private hit(row: ConversationRow, messageId: number | null, ast: QueryAst): SearchHit {
    const terms = highlightTerms(ast)
    const message = messageId === null ? null : this.messageText.get(messageId)
    const source = message?.text || row.preview
    const cut = snippet(source, terms)
    // The snippet's words are the matched message's, so the name beside them is its author's.
    const authorName = message ? message.author_name : row.author_name
    return {
      conversation: toSummary(row, this.tagsFor.all(row.id).map((t) => t.name)),
      messageId,
      authorName,
      authorHandle: message ? message.author_handle : row.author_handle,
      snippet: cut.text,
      snippetRanges: cut.ranges,
      authorRanges: highlightRanges(authorName, terms),
      subjectRanges: highlightRanges(row.subject ?? '', terms),
    }
  }

  private prepare(sql: string): ReturnType<Db['prepare']> {
    let stmt = this.statements.get(sql)
    if (!stmt) {
      // Query shapes are user-driven; keep the cache bounded.
      if (this.statements.size > 200) this.statements.clear()
      stmt = this.db.prepare(sql)
      this.statements.set(sql, stmt)
    }
    return stmt
  }
}
