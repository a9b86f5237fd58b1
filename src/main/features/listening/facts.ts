import type { Db } from '../../store/database'
import type { MessageFacts } from './text-match'

interface FactsRow {
  messageId: number
  conversationId: number
  accountId: number
  platform: string
  accountName: string
  accountHandle: string
  isDemo: number
  kind: MessageFacts['kind']
  status: string
  unread: number
  assigneeId: number | null
  assigneeName: string | null
  tags: string | null
  authorName: string
  authorHandle: string
  authorRemoteId: string | null
  remoteId: string | null
  conversationKey: string
  text: string
  subject: string | null
  createdAt: number
  sentiment: MessageFacts['sentiment']
  needsReply: number | null
  raw: string | null
}

export interface LoadedFacts extends MessageFacts {
  isDemo: boolean
  /** When the author's account was created, where the platform says (spam: new accounts). */
  authorCreatedAt: number | null
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

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null)

/** What the platform's payload says about language, followers and account age (Mastodon statuses, Bluesky records). */
export function rawFacts(raw: string | null): { language: string | null; followers: number | null; authorCreatedAt: number | null } {
  let parsed: Obj | null
  try {
    parsed = raw ? obj(JSON.parse(raw)) : null
  } catch {
    parsed = null
  }
  if (!parsed) return { language: null, followers: null, authorCreatedAt: null }
  const status = obj(parsed.status) ?? parsed
  const account = obj(status.account) ?? obj(parsed.account) ?? obj(parsed.author)
  const record = obj(parsed.record) ?? obj(obj(parsed.post)?.record)
  const langs = record && Array.isArray(record.langs) ? record.langs : null
  const language = typeof status.language === 'string' ? status.language : typeof langs?.[0] === 'string' ? langs[0] : null
  const count = account?.followers_count ?? account?.followersCount
  const created = typeof account?.created_at === 'string' ? Date.parse(account.created_at) : NaN
  return {
    language: language ? language.toLowerCase().slice(0, 8) : null,
    followers: typeof count === 'number' && Number.isFinite(count) ? count : null,
    authorCreatedAt: Number.isFinite(created) ? created : null,
  }
}

const toFacts = (r: FactsRow): LoadedFacts => ({
  messageId: r.messageId,
  conversationId: r.conversationId,
  accountId: r.accountId,
  platform: r.platform,
  accountName: r.accountName,
  accountHandle: r.accountHandle,
  isDemo: r.isDemo === 1,
  kind: r.kind,
  status: r.status,
  unread: r.unread === 1,
  assigneeId: r.assigneeId,
  assigneeName: r.assigneeName,
  tags: r.tags ? r.tags.split('\u001f') : [],
  authorName: r.authorName,
  authorHandle: r.authorHandle,
  authorRemoteId: r.authorRemoteId,
  remoteId: r.remoteId,
  conversationKey: r.conversationKey,
  text: r.text,
  subject: r.subject,
  createdAt: r.createdAt,
  sentiment: r.sentiment,
  needsReply: r.needsReply === null ? null : r.needsReply === 1,
  ...rawFacts(r.raw),
})

/** Loads message facts for the processor (new items after a watermark) and for dry runs (history). */
export class FactsReader {
  private readonly afterStmt
  private readonly historyStmt
  private readonly oneStmt

  constructor(db: Db) {
    this.afterStmt = db.prepare<{ after: number; limit: number }, FactsRow>(`${SELECT} WHERE m.id > @after AND ${INBOUND} ORDER BY m.id LIMIT @limit`)
    // Newest first, so a capped dry run shows the most recent history.
    this.historyStmt = db.prepare<{ before: number; limit: number }, FactsRow>(`${SELECT} WHERE m.id < @before AND ${INBOUND} ORDER BY m.id DESC LIMIT @limit`)
    this.oneStmt = db.prepare<[number], FactsRow>(`${SELECT} WHERE m.id = ?`)
  }

  after(id: number, limit: number): LoadedFacts[] {
    return this.afterStmt.all({ after: id, limit }).map(toFacts)
  }

  /** History, newest first, below a message id (keyset paging). */
  before(id: number, limit: number): LoadedFacts[] {
    return this.historyStmt.all({ before: id, limit }).map(toFacts)
  }

  one(messageId: number): LoadedFacts | null {
    const row = this.oneStmt.get(messageId)
    return row ? toFacts(row) : null
  }
}
