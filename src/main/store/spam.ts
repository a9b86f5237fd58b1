import type { SpamItem } from '../../shared/contract'
import type { Db } from './database'

/** Who marked a conversation as spam: a rule, a person, or (neither) an import. */
export interface SpamMark {
  rule_id: number | null
  profile_id: number | null
  at: number
}

interface SpamListRow {
  conversation_id: number
  author_name: string
  author_handle: string
  preview: string
  platform: SpamItem['platform']
  score: number | null
  reasons: string | null
  marked: number
  rule_name: string | null
  last_activity_at: number
}

/** Spam signals of messages, their text fingerprints, and the spam marks on conversations (spam_signals, spam_signals_prints, spam_marks). */
export class SpamStore {
  private readonly repeats
  private readonly insertPrint
  private readonly insertSignal
  private readonly listStmt
  private readonly markStmt
  private readonly unmarkStmt
  private readonly markOf

  constructor(db: Db) {
    this.repeats = db.prepare<{ print: string; since: number; conversation: number }, { n: number }>(
      `SELECT count(DISTINCT conversation_id) AS n FROM spam_signals_prints WHERE print = @print AND at >= @since AND conversation_id <> @conversation`,
    )
    this.insertPrint = db.prepare('INSERT INTO spam_signals_prints(print, message_id, conversation_id, at) VALUES (?, ?, ?, ?)')
    this.insertSignal = db.prepare('INSERT OR REPLACE INTO spam_signals(message_id, conversation_id, score, reasons, at) VALUES (?, ?, ?, ?, ?)')
    this.listStmt = db.prepare<{ threshold: number; limit: number }, SpamListRow>(
      `WITH s AS (
         SELECT conversation_id, max(score) AS score, json_group_array(reasons) AS reasons FROM spam_signals GROUP BY conversation_id
       ), ids AS (
         SELECT conversation_id FROM s WHERE score >= @threshold UNION SELECT conversation_id FROM spam_marks
       )
       SELECT c.id AS conversation_id, c.author_name, c.author_handle, c.preview, a.platform, s.score, s.reasons,
         (sm.conversation_id IS NOT NULL) AS marked, r.name AS rule_name, c.last_activity_at
       FROM ids JOIN conversations c ON c.id = ids.conversation_id JOIN channel_accounts a ON a.id = c.channel_account_id
       LEFT JOIN s ON s.conversation_id = c.id LEFT JOIN spam_marks sm ON sm.conversation_id = c.id LEFT JOIN rules r ON r.id = sm.rule_id
       ORDER BY c.last_activity_at DESC, c.id DESC LIMIT @limit`,
    )
    this.markStmt = db.prepare('INSERT OR REPLACE INTO spam_marks(conversation_id, rule_id, profile_id, at) VALUES (?, ?, ?, ?)')
    this.unmarkStmt = db.prepare('DELETE FROM spam_marks WHERE conversation_id = ?')
    this.markOf = db.prepare<[number], SpamMark>('SELECT rule_id, profile_id, at FROM spam_marks WHERE conversation_id = ?')
  }

  /** Other conversations with the same fingerprint since a time. */
  repeatsOf(print: string, since: number, conversationId: number): number {
    return this.repeats.get({ print, since, conversation: conversationId })?.n ?? 0
  }

  recordPrint(print: string, messageId: number, conversationId: number, at: number): void {
    this.insertPrint.run(print, messageId, conversationId, at)
  }

  recordSignal(messageId: number, conversationId: number, score: number, reasons: string[], at: number): void {
    this.insertSignal.run(messageId, conversationId, score, JSON.stringify(reasons), at)
  }

  /** Conversations scoring at least `threshold` or marked, newest activity first. */
  list(threshold: number, limit: number): SpamItem[] {
    return this.listStmt.all({ threshold, limit }).map((r) => ({
      conversationId: r.conversation_id,
      authorName: r.author_name,
      authorHandle: r.author_handle,
      preview: r.preview,
      platform: r.platform,
      score: r.score ?? 0,
      reasons: [...new Set((r.reasons ? (JSON.parse(r.reasons) as string[]) : []).flatMap((x) => JSON.parse(x) as string[]))],
      marked: r.marked === 1,
      markedByRule: r.rule_name,
      lastActivityAt: r.last_activity_at,
    }))
  }

  mark(conversationId: number, mark: SpamMark): void {
    this.markStmt.run(conversationId, mark.rule_id, mark.profile_id, mark.at)
  }

  unmark(conversationId: number): void {
    this.unmarkStmt.run(conversationId)
  }

  /** The conversation's spam mark, or null when it has none. */
  markFor(conversationId: number): SpamMark | null {
    return this.markOf.get(conversationId) ?? null
  }
}
