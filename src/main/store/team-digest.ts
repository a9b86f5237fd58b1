import { createHash } from 'node:crypto'
import type { Db } from './database'
import { ACCOUNT_KEY_SQL } from './team-entities'

/** One table of the team's shared state: how many rows, and the hash of them in their key's order. */
export interface TableDigest {
  rows: number
  hash: string
}

/**
 * Each table's shared rows in team terms, ordered by their team identity: the uuid where the team gives
 * every laptop the same one (conversations, messages, notes, approvals), else the natural key (an
 * identity by its account and the platform's id, a tag, canned reply, rule or topic by its name, a draft by its conversation and
 * profile, a reply's outbox item by its approval), and other rows named by those, never by a local
 * integer id. Left out as this laptop's own: read marks and counts, Parley's activity lines (each
 * laptop writes its own as it applies), cancelled outbox items (a decision here that lost), attempts
 * and timings.
 */
const TABLES: Record<string, string> = {
  conversations: `SELECT c.uuid, ${ACCOUNT_KEY_SQL} AS account, c.conversation_key, c.kind, c.status, c.snoozed_until,
      (SELECT name FROM profiles WHERE id = c.assignee_id) AS assignee, c.subject
    FROM conversations c JOIN channel_accounts a ON a.id = c.channel_account_id ORDER BY c.uuid`,
  messages: `SELECT m.uuid, c.uuid AS conversation, m.direction, m.remote_id, m.parent_remote_id, m.author_name, m.author_handle,
      (SELECT name FROM profiles WHERE id = m.profile_id) AS profile, m.subject, m.text, m.created_at, m.deleted_at IS NOT NULL AS deleted, m.is_context
    FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.direction <> 'activity' ORDER BY m.uuid`,
  identities: `SELECT ${ACCOUNT_KEY_SQL} AS account, i.remote_id, i.handle, i.display_name, i.profile_url
    FROM identities i JOIN channel_accounts a ON a.id = i.channel_account_id ORDER BY account, i.remote_id`,
  // A contact by the identities it holds (their natural keys), with what the team writes about it.
  contacts: `SELECT (SELECT group_concat(k, ' ') FROM (SELECT ${ACCOUNT_KEY_SQL} || '#' || i.remote_id AS k FROM identities i
        JOIN channel_accounts a ON a.id = i.channel_account_id WHERE i.contact_id = ct.id ORDER BY k)) AS identities,
      ct.display_name, ct.notes
    FROM contacts ct WHERE ct.merged_into IS NULL ORDER BY identities`,
  drafts: `SELECT c.uuid AS conversation, p.name AS profile, d.body
    FROM drafts d JOIN conversations c ON c.id = d.conversation_id JOIN profiles p ON p.id = d.profile_id ORDER BY conversation, profile`,
  approvals: `SELECT ap.id, c.uuid AS conversation, (SELECT name FROM profiles WHERE id = ap.author_id) AS author, ap.body, ap.body_hash, ap.status,
      (SELECT name FROM profiles WHERE id = ap.decided_by) AS decided_by,
      (SELECT group_concat(x, '; ') FROM (SELECT p.name || ' ' || d.action || ' ' || d.body_hash AS x FROM approval_decisions d
        JOIN profiles p ON p.id = d.profile_id WHERE d.approval_id = ap.id ORDER BY d.step, p.name)) AS decisions
    FROM approvals ap JOIN conversations c ON c.id = ap.conversation_id ORDER BY ap.id`,
  outbox_items: `SELECT o.approval_id, o.kind, o.state, o.body, o.remote_id
    FROM outbox_items o WHERE o.approval_id IS NOT NULL AND o.state <> 'cancelled' ORDER BY o.approval_id`,
  tags: 'SELECT lower(name) AS name, color FROM tags ORDER BY 1',
  // The team's lists, by name: rows each laptop seeded for itself before joining carry uuids of their own
  // until an op names them. A rule's conditions and actions hold local ids, so its name, place and switch stand for it.
  canned_replies: 'SELECT lower(name), body FROM canned_replies ORDER BY 1',
  saved_views: 'SELECT name, query, position FROM saved_views ORDER BY position, name, query',
  rules: 'SELECT lower(name), position, enabled FROM rules ORDER BY 1',
  topics: 'SELECT lower(name), query, enabled, alert FROM topics ORDER BY 1',
  conversation_tags: `SELECT c.uuid AS conversation, lower(t.name) AS tag
    FROM conversation_tags ct JOIN conversations c ON c.id = ct.conversation_id JOIN tags t ON t.id = ct.tag_id ORDER BY conversation, tag`,
}

/**
 * The team's shared state as this workspace holds it, one hash per table: laptops of a team that have
 * synced hold equal digests (`parley team status --digest`), which compares more than any read of the
 * API does. Reads every shared row, so it is asked for, never computed on its own.
 */
export class TeamDigestStore {
  constructor(private readonly db: Db) {}

  digest(): Record<string, TableDigest> {
    const out: Record<string, TableDigest> = {}
    for (const table of Object.keys(TABLES)) {
      const hash = createHash('sha256')
      let rows = 0
      for (const row of this.rows(table)) {
        hash.update(JSON.stringify(row)).update('\n')
        rows++
      }
      out[table] = { rows, hash: hash.digest('hex') }
    }
    return out
  }

  /** One table's shared rows as they are hashed: to show where two laptops differ. */
  rows(table: string): IterableIterator<unknown[]> {
    const sql = TABLES[table]
    if (!sql) throw new Error(`No shared table named ${table}.`)
    return this.db.prepare(sql).raw().iterate() as IterableIterator<unknown[]>
  }
}
