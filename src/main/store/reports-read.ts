import type Database from 'better-sqlite3'
import { openDatabase, type Db } from './database'
import { ReportsDrillReadModel } from './reports-drill-read'
import { ASKS, personReply } from './reports-sql'

/** The reports read model: every query of the weekly summary, read-only. */

export interface Named {
  name: string
  count: number
}

/** Display details of a conversation the summary names. */
export interface ConversationRef {
  id: number
  channel: string
  kind: string
  author: string
  title: string
  messages: number
  waitingSince: number | null
}

/** A conversation active in the week: one CSV row. */
export interface ConversationRow {
  id: number
  channel: string
  account: string
  kind: string
  status: string
  author: string
  title: string
  received: number
  repliesSent: number
  firstReceivedAt: number | null
  firstResponseAt: number | null
  tags: string
  negative: number
  positive: number
}

/** A conversation with activity in the week: its counted messages, and how many of them were received. */
export interface ActiveConversation {
  id: number
  n: number
  received: number
}

export interface TimeRange {
  start: number
  end: number
}

/** A week with the start of each of its local days (from luxon, so DST days have their real length). */
export interface DayRange extends TimeRange {
  dayStarts: readonly number[]
}

export interface VolumeRow {
  /** The local day, 0–6. */
  day: number
  direction: string
  account: number
  sentiment: string | null
  n: number
}

export interface FirstAsk {
  id: number
  asked: number
  replied: number | null
}

export type ProfileActivity = { profileId: number; name: string; replies: number; actions: number; conversations: number }

const TOP = 10

/** What a person did by hand: replies, notes and activity without a rule behind it (CASE keeps json_* off non-JSON raw). */
const HUMAN = `(m.direction IN ('out','note') OR (m.direction = 'activity'
  AND (CASE WHEN json_valid(m.raw) THEN json_extract(m.raw, '$.ruleId') END) IS NULL))`

/** The local day (0–6) of m.created_at, from the starts of days 1–6 given as the first six parameters. */
const DAY_CASE = `CASE ${[0, 1, 2, 3, 4, 5].map((i) => `WHEN m.created_at < ? THEN ${i}`).join(' ')} ELSE 6 END`

/**
 * Every query starts from a time range on messages.created_at (index messages_created, covering since
 * migration 007) or from a conversation's own messages (messages_conversation), so the cost follows the
 * week's volume, not the workspace's size.
 */
export class ReportsReadModel {
  private readonly cache = new Map<string, unknown>()
  /** The conversations behind each figure (the Reports screen's drill-down). */
  readonly drill: ReportsDrillReadModel

  constructor(private readonly db: Db) {
    this.drill = new ReportsDrillReadModel(db)
  }

  /** Each statement is prepared on first use and kept: the reader thread only ever needs the headline's few. */
  private stmt<P extends unknown[] | object, R>(sql: string): Database.Statement<P, R> {
    let statement = this.cache.get(sql) as Database.Statement<P, R> | undefined
    if (!statement) {
      statement = this.db.prepare<P, R>(sql)
      this.cache.set(sql, statement)
    }
    return statement
  }

  /** Counted messages (inbound not context, and replies) by local day, direction, account and sentiment. */
  volume(week: DayRange): VolumeRow[] {
    return this.stmt<unknown[], VolumeRow>(
      `SELECT ${DAY_CASE} AS day, m.direction AS direction, m.channel_account_id AS account, m.sentiment AS sentiment, count(*) AS n
       FROM messages m
       WHERE m.created_at >= ? AND m.created_at < ? AND (m.direction = 'out' OR (m.direction = 'in' AND m.is_context = 0))
       GROUP BY 1, 2, 3, 4`,
    ).all(...week.dayStarts.slice(1, 7), week.start, week.end)
  }

  accountPlatforms(): { id: number; platform: string }[] {
    return this.stmt<[], { id: number; platform: string }>('SELECT id, platform FROM channel_accounts').all()
  }

  /** The kinds of the given conversations (one lookup each instead of a join per message). */
  kinds(ids: number[]): { id: number; kind: string }[] {
    return this.stmt<[string], { id: number; kind: string }>('SELECT c.id AS id, c.kind AS kind FROM json_each(?) j JOIN conversations c ON c.id = j.value').all(
      JSON.stringify(ids),
    )
  }

  /** The week's counted messages by direction and sentiment, from messages_created alone (no join). */
  totals(range: TimeRange): { direction: string; sentiment: string | null; n: number }[] {
    return this.stmt<TimeRange, { direction: string; sentiment: string | null; n: number }>(
      `SELECT direction, sentiment, count(*) AS n FROM messages
       WHERE created_at >= @start AND created_at < @end AND (direction = 'out' OR (direction = 'in' AND is_context = 0))
       GROUP BY 1, 2`,
    ).all({ start: range.start, end: range.end })
  }

  /** Per conversation asked in the range: its first ask and the next brand reply (up to the cut-off). */
  firstAsks(range: TimeRange, cutoff: number): FirstAsk[] {
    return this.stmt<{ start: number; end: number; cutoff: number }, FirstAsk>(
      `SELECT f.id AS id, f.asked AS asked,
         (SELECT min(r.created_at) FROM messages r WHERE r.conversation_id = f.id AND ${personReply('r')}
            AND r.created_at > f.asked AND r.created_at <= @cutoff) AS replied
       FROM (SELECT m.conversation_id AS id, min(m.created_at) AS asked
             FROM messages m JOIN conversations c ON c.id = m.conversation_id
             WHERE m.created_at >= @start AND m.created_at < @end AND ${ASKS} AND c.kind != 'feed'
             GROUP BY m.conversation_id) f`,
    ).all({ start: range.start, end: range.end, cutoff })
  }

  /** Approvals submitted in the range: their status and, once decided, how long they waited. */
  approvals(range: TimeRange): { status: string; wait: number | null }[] {
    return this.stmt<TimeRange, { status: string; wait: number | null }>(
      `SELECT status, CASE WHEN decided_at IS NOT NULL AND status != 'pending' THEN decided_at - created_at END AS wait
       FROM approvals WHERE created_at >= @start AND created_at < @end AND status != 'void'`,
    ).all({ start: range.start, end: range.end })
  }

  /**
   * What each person did by hand: their messages and activity rows, and their approval decisions
   * (approve, edit and approve, ask for changes, reject), credited to whoever decided.
   */
  profiles(range: TimeRange): ProfileActivity[] {
    return this.stmt<TimeRange, ProfileActivity>(
      `SELECT w.profile_id AS profileId, pr.name AS name,
         sum(w.reply) AS replies, sum(1 - w.reply) AS actions, count(DISTINCT w.conversation_id) AS conversations
       FROM (
         SELECT m.profile_id, m.conversation_id, (m.direction = 'out') AS reply
         FROM messages m
         WHERE m.created_at >= @start AND m.created_at < @end AND m.profile_id IS NOT NULL AND ${HUMAN}
         UNION ALL
         SELECT d.profile_id, a.conversation_id, 0 AS reply
         FROM approval_decisions d JOIN approvals a ON a.id = d.approval_id
         WHERE d.at >= @start AND d.at < @end
       ) w JOIN profiles pr ON pr.id = w.profile_id
       GROUP BY w.profile_id ORDER BY conversations DESC, replies DESC, name`,
    ).all({ start: range.start, end: range.end })
  }

  /** Conversations waiting for a reply at `end`, oldest first (see the backlog definition). */
  backlog(end: number): { id: number; waiting: number }[] {
    return this.stmt<{ end: number }, { id: number; waiting: number }>(
      `SELECT id, waiting FROM (
         SELECT c.id AS id,
           (SELECT min(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND ${ASKS} AND m.created_at < @end
              AND m.created_at > coalesce((SELECT max(o.created_at) FROM messages o
                WHERE o.conversation_id = c.id AND ${personReply('o')} AND o.created_at < @end), -1)) AS waiting
         FROM conversations c
         WHERE c.kind != 'feed' AND c.created_at < @end AND (c.status != 'done' OR c.last_activity_at >= @end))
       WHERE waiting IS NOT NULL ORDER BY waiting, id`,
    ).all({ end })
  }

  /** Conversations with activity in the range (inbound that is not context, or a reply), with their message counts. */
  activeConversations(range: TimeRange): ActiveConversation[] {
    return this.stmt<TimeRange, ActiveConversation>(
      `SELECT conversation_id AS id, count(*) AS n, sum(direction = 'in') AS received FROM messages
       WHERE created_at >= @start AND created_at < @end AND (direction = 'out' OR (direction = 'in' AND is_context = 0))
       GROUP BY conversation_id`,
    ).all({ start: range.start, end: range.end })
  }

  /** The most used tags on the given conversations. */
  topTags(conversationIds: number[]): Named[] {
    return this.stmt<[string], Named>(
      `SELECT t.name AS name, count(*) AS count FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id
       WHERE ct.conversation_id IN (SELECT value FROM json_each(?))
       GROUP BY t.id ORDER BY count DESC, t.name LIMIT ${TOP}`,
    ).all(JSON.stringify(conversationIds))
  }

  /** Topics by matches on messages created in the range. */
  topics(range: TimeRange): Named[] {
    return this.stmt<TimeRange, Named>(
      `SELECT tp.name AS name, count(*) AS count FROM topic_matches tm
       JOIN topics tp ON tp.id = tm.topic_id JOIN messages m ON m.id = tm.message_id
       WHERE tm.matched_at >= @start AND m.created_at >= @start AND m.created_at < @end
       GROUP BY tp.id ORDER BY count DESC, tp.name LIMIT ${TOP}`,
    ).all({ start: range.start, end: range.end })
  }

  /** Display details of conversations, in the order given (missing ones left out). */
  refs(ids: number[]): ConversationRef[] {
    const one = this.stmt<[number], Omit<ConversationRef, 'waitingSince'>>(
      `SELECT c.id AS id, a.platform AS channel, c.kind AS kind, c.author_name AS author,
         substr(coalesce(nullif(c.subject, ''), c.preview), 1, 100) AS title, c.message_count AS messages
       FROM conversations c JOIN channel_accounts a ON a.id = c.channel_account_id WHERE c.id = ?`,
    )
    return ids.map((id) => one.get(id)).filter((r) => r !== undefined).map((r) => ({ ...r, waitingSince: null }))
  }

  /** One row per conversation with a received or sent message in the range (the CSV export), without the first response. */
  conversations(range: TimeRange): Omit<ConversationRow, 'firstResponseAt'>[] {
    return this.stmt<TimeRange, Omit<ConversationRow, 'firstResponseAt'>>(
      `SELECT c.id AS id, a.platform AS channel, a.display_name AS account, c.kind AS kind, c.status AS status,
         c.author_name AS author, substr(coalesce(nullif(c.subject, ''), c.preview), 1, 200) AS title,
         w.received AS received, w.replies AS repliesSent, w.firstIn AS firstReceivedAt, w.negative AS negative, w.positive AS positive,
         coalesce((SELECT group_concat(t.name, '; ') FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.conversation_id = c.id), '') AS tags
       FROM (SELECT m.conversation_id AS id,
               sum(m.direction = 'in') AS received, sum(m.direction = 'out') AS replies,
               min(CASE WHEN m.direction = 'in' THEN m.created_at END) AS firstIn,
               sum(m.direction = 'in' AND m.sentiment = 'negative') AS negative, sum(m.direction = 'in' AND m.sentiment = 'positive') AS positive
             FROM messages m WHERE m.created_at >= @start AND m.created_at < @end
               AND (m.direction = 'out' OR (m.direction = 'in' AND m.is_context = 0))
             GROUP BY m.conversation_id) w
       JOIN conversations c ON c.id = w.id JOIN channel_accounts a ON a.id = c.channel_account_id
       ORDER BY w.firstIn IS NULL, w.firstIn, c.id`,
    ).all({ start: range.start, end: range.end })
  }
}

/**
 * The report reader thread's own connection. The database worker checked the file when it opened it, and a
 * read-only connection cannot migrate it. Its queries scan one week's index range once: a small page cache
 * keeps the thread light (the OS caches the file).
 */
export function openReportsReadModel(file: string): ReportsReadModel {
  const db = openDatabase({ file, readonly: true, check: false })
  db.pragma('cache_size = -8192')
  return new ReportsReadModel(db)
}
