import type Database from 'better-sqlite3'
import type { Db } from './database'
import type { TimeRange } from './reports-read'
import { ASKS, personReply } from './reports-sql'

/** The conversations behind one figure of the weekly summary: the same conditions as the figure's own query. */

/** A conversation and its share of a figure. */
export interface DrillCount {
  id: number
  n: number
}

/** One message of a measured pair. */
export interface DrillMessage {
  id: number
  at: number
  author: string
  text: string
}

/** A filter on the received items: the figure's breakdown (null parts do not filter). */
export interface ReceivedFilter {
  platform: string | null
  kind: string | null
  sentiment: string | null
}

const SNIPPET = 280

export class ReportsDrillReadModel {
  private readonly cache = new Map<string, unknown>()

  constructor(private readonly db: Db) {}

  private stmt<P extends unknown[] | object, R>(sql: string): Database.Statement<P, R> {
    let statement = this.cache.get(sql) as Database.Statement<P, R> | undefined
    if (!statement) {
      statement = this.db.prepare<P, R>(sql)
      this.cache.set(sql, statement)
    }
    return statement
  }

  /** Conversations with received items (not context) in the range, narrowed by platform, kind or sentiment. */
  received(range: TimeRange, f: ReceivedFilter): DrillCount[] {
    return this.stmt<object, DrillCount>(
      `SELECT m.conversation_id AS id, count(*) AS n
       FROM messages m JOIN channel_accounts a ON a.id = m.channel_account_id JOIN conversations c ON c.id = m.conversation_id
       WHERE m.created_at >= @start AND m.created_at < @end AND m.direction = 'in' AND m.is_context = 0
         AND (@platform IS NULL OR a.platform = @platform) AND (@kind IS NULL OR c.kind = @kind)
         AND (@sentiment IS NULL OR coalesce(m.sentiment, 'unknown') = @sentiment)
       GROUP BY m.conversation_id ORDER BY n DESC, id`,
    ).all({ start: range.start, end: range.end, platform: f.platform, kind: f.kind, sentiment: f.sentiment })
  }

  /** Conversations with brand messages sent in the range (automatic ones too, as the figure counts them). */
  replies(range: TimeRange): DrillCount[] {
    return this.stmt<TimeRange, DrillCount>(
      `SELECT conversation_id AS id, count(*) AS n FROM messages
       WHERE created_at >= @start AND created_at < @end AND direction = 'out'
       GROUP BY conversation_id ORDER BY n DESC, id`,
    ).all({ start: range.start, end: range.end })
  }

  /** The message a wait starts from: the conversation's first ask at `asked` (the lowest id on a tie). */
  askedMessage(conversationId: number, asked: number): DrillMessage | null {
    return (
      this.stmt<[number, number], DrillMessage>(
        `SELECT m.id AS id, m.created_at AS at, m.author_name AS author, substr(m.text, 1, ${SNIPPET}) AS text FROM messages m
         WHERE m.conversation_id = ? AND m.created_at = ? AND ${ASKS} ORDER BY m.id LIMIT 1`,
      ).get(conversationId, asked) ?? null
    )
  }

  /** The reply that stopped the clock: a person's brand message at `replied`. */
  replyMessage(conversationId: number, replied: number): DrillMessage | null {
    return (
      this.stmt<[number, number], DrillMessage>(
        `SELECT m.id AS id, m.created_at AS at, m.author_name AS author, substr(m.text, 1, ${SNIPPET}) AS text FROM messages m
         WHERE m.conversation_id = ? AND m.created_at = ? AND ${personReply('m')} ORDER BY m.id LIMIT 1`,
      ).get(conversationId, replied) ?? null
    )
  }

  /** Approval requests submitted in the range (withdrawn ones left out, as in the figure). */
  approvals(range: TimeRange): { id: string; conversationId: number; status: string; createdAt: number; wait: number | null }[] {
    return this.stmt<TimeRange, { id: string; conversationId: number; status: string; createdAt: number; wait: number | null }>(
      `SELECT id, conversation_id AS conversationId, status, created_at AS createdAt,
         CASE WHEN decided_at IS NOT NULL AND status != 'pending' THEN decided_at - created_at END AS wait
       FROM approvals WHERE created_at >= @start AND created_at < @end AND status != 'void' ORDER BY created_at, id`,
    ).all({ start: range.start, end: range.end })
  }

  /** What one person did by hand in the range, by conversation (the "Handled per profile" row). */
  profile(range: TimeRange, profileId: number): { id: number; replies: number; actions: number }[] {
    return this.stmt<object, { id: number; replies: number; actions: number }>(
      `SELECT w.conversation_id AS id, sum(w.reply) AS replies, sum(1 - w.reply) AS actions FROM (
         SELECT m.conversation_id, (m.direction = 'out') AS reply FROM messages m
         WHERE m.created_at >= @start AND m.created_at < @end AND m.profile_id = @profile
           AND (m.direction IN ('out','note') OR (m.direction = 'activity'
             AND (CASE WHEN json_valid(m.raw) THEN json_extract(m.raw, '$.ruleId') END) IS NULL))
         UNION ALL
         SELECT a.conversation_id, 0 FROM approval_decisions d JOIN approvals a ON a.id = d.approval_id
         WHERE d.at >= @start AND d.at < @end AND d.profile_id = @profile
       ) w GROUP BY w.conversation_id ORDER BY replies DESC, actions DESC, id`,
    ).all({ start: range.start, end: range.end, profile: profileId })
  }

  /** Which of the given conversations carry the tag now (the top-tags figure). */
  tagged(conversationIds: number[], tag: string): number[] {
    return this.stmt<[string, string], { id: number }>(
      `SELECT ct.conversation_id AS id FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id
       WHERE t.name = ? AND ct.conversation_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
      .all(tag, JSON.stringify(conversationIds))
      .map((r) => r.id)
  }

  /** Conversations whose items received in the range matched the topic, with the number of matches. */
  topic(range: TimeRange, name: string): DrillCount[] {
    return this.stmt<object, DrillCount>(
      `SELECT m.conversation_id AS id, count(*) AS n FROM topic_matches tm
       JOIN topics tp ON tp.id = tm.topic_id JOIN messages m ON m.id = tm.message_id
       WHERE tp.name = @name AND tm.matched_at >= @start AND m.created_at >= @start AND m.created_at < @end
       GROUP BY m.conversation_id ORDER BY n DESC, id`,
    ).all({ start: range.start, end: range.end, name })
  }
}
