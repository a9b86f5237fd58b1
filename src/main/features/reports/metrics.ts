import type { Db } from '../../store/database'
import type { BusinessHours } from '../../../shared/contract/operations-reports'
import { BusinessClock } from './business-hours'
import { medianAndP90, ratio } from './stats'
import type { ReportWeek } from './week'

export interface Named {
  name: string
  count: number
}
export interface Sentiment {
  negative: number
  neutral: number
  positive: number
  unknown: number
}
export interface ConversationRef {
  id: number
  channel: string
  kind: string
  author: string
  title: string
  messages: number
  waitingSince: number | null
}

/** Everything measured over one week; the summary adds the previous week and the definitions. */
export interface WeekMetrics {
  days: { date: string; start: number; received: number; repliesSent: number; byChannel: Record<string, number> }[]
  received: number
  repliesSent: number
  receivedByChannel: Named[]
  receivedByKind: Named[]
  sentiment: Sentiment
  responseRate: { eligible: number; responded: number; rate: number | null }
  firstResponse: {
    answered: number
    unanswered: number
    medianMs: number | null
    p90Ms: number | null
    businessHours: { medianMs: number | null; p90Ms: number | null } | null
    byDay: { date: string; medianMs: number | null; p90Ms: number | null }[]
  }
  approvals: {
    submitted: number
    decided: number
    pending: number
    medianWaitMs: number | null
    p90WaitMs: number | null
    sentBack: number
    rejected: number
    sentBackOrRejectedShare: number | null
  }
  profiles: { profileId: number; name: string; replies: number; actions: number; conversations: number }[]
  topTags: Named[]
  topics: Named[]
  backlog: { open: number; oldestWaitingSince: number | null }
  notable: { mostActive: ConversationRef[]; longestWaiting: ConversationRef[] }
}

/** A conversation active in the week: one CSV row. */
/** The part of a week the headline and the sentiment comparison read. */
export type HeadlineMetrics = Pick<WeekMetrics, 'received' | 'repliesSent' | 'sentiment' | 'responseRate' | 'firstResponse' | 'approvals' | 'backlog'>

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
interface ActiveConversation {
  id: number
  n: number
  received: number
}

const NOTABLE = 5
const TOP = 10

/** Inbound items that count as asking for a reply: not context, not explicitly marked as needing none. */
const ASKS = `m.direction = 'in' AND m.is_context = 0 AND (m.needs_reply IS NULL OR m.needs_reply = 1)`
/** What a person did by hand: replies, notes and activity without a rule behind it (CASE keeps json_* off non-JSON raw). */
const HUMAN = `(m.direction IN ('out','note') OR (m.direction = 'activity'
  AND (CASE WHEN json_valid(m.raw) THEN json_extract(m.raw, '$.ruleId') END) IS NULL))`

/**
 * The SQL of the weekly summary. Every query starts from a time range on messages.created_at
 * (index messages_created, covering since migration 007) or from a conversation's own messages (messages_conversation),
 * so the cost follows the week's volume, not the workspace's size.
 */
export class MetricsQueries {
  constructor(private readonly db: Db) {}

  week(week: ReportWeek, cutoff: number, hours: BusinessHours | null): WeekMetrics {
    const p = { start: week.start, end: week.end }
    // One scan of the week's messages by conversation serves the busiest conversations, the top tags and the kinds.
    const active = this.activeConversations(p)
    const volume = this.volume(week, active)
    const waits = this.firstResponses(week, cutoff, hours)
    const backlog = this.backlog(week.end)
    return {
      ...volume,
      ...waits,
      approvals: this.approvals(p),
      profiles: this.profiles(p),
      topTags: this.db
        .prepare<[string], Named>(
          `SELECT t.name AS name, count(*) AS count FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id
           WHERE ct.conversation_id IN (SELECT value FROM json_each(?))
           GROUP BY t.id ORDER BY count DESC, t.name LIMIT ${TOP}`,
        )
        .all(JSON.stringify(active.map((a) => a.id))),
      topics: this.db
        .prepare<typeof p, Named>(
          `SELECT tp.name AS name, count(*) AS count FROM topic_matches tm
           JOIN topics tp ON tp.id = tm.topic_id JOIN messages m ON m.id = tm.message_id
           WHERE tm.matched_at >= @start AND m.created_at >= @start AND m.created_at < @end
           GROUP BY tp.id ORDER BY count DESC, tp.name LIMIT ${TOP}`,
        )
        .all(p),
      backlog: { open: backlog.length, oldestWaitingSince: backlog[0]?.waiting ?? null },
      notable: {
        mostActive: this.mostActive(active),
        longestWaiting: this.refs(backlog.slice(0, NOTABLE).map((b) => b.id)).map((r, i) => ({ ...r, waitingSince: backlog[i]!.waiting })),
      },
    }
  }

  /** Only what the headline compares with the week before: the previous week's summary needs no more. */
  headlineWeek(week: ReportWeek, cutoff: number): HeadlineMetrics {
    const { received, repliesSent, sentiment } = this.totals(week)
    const backlog = this.backlog(week.end)
    return {
      received,
      repliesSent,
      sentiment,
      ...this.firstResponses(week, cutoff, null),
      approvals: this.approvals({ start: week.start, end: week.end }),
      backlog: { open: backlog.length, oldestWaitingSince: backlog[0]?.waiting ?? null },
    }
  }

  /**
   * Counts by day, direction, account and sentiment from messages_created alone; the kinds come from the
   * conversations active in the week (one lookup per conversation instead of a join per message).
   */
  private volume(
    week: ReportWeek,
    active: ActiveConversation[],
  ): Pick<WeekMetrics, 'days' | 'received' | 'repliesSent' | 'receivedByChannel' | 'receivedByKind' | 'sentiment'> {
    const rows = this.db
      .prepare<unknown[], { day: number; direction: string; account: number; sentiment: string | null; n: number }>(
        `SELECT ${dayCase(week)} AS day, m.direction AS direction, m.channel_account_id AS account, m.sentiment AS sentiment, count(*) AS n
         FROM messages m
         WHERE m.created_at >= ? AND m.created_at < ? AND (m.direction = 'out' OR (m.direction = 'in' AND m.is_context = 0))
         GROUP BY 1, 2, 3, 4`,
      )
      .all(...week.dayStarts.slice(1, 7), week.start, week.end)
    const platforms = new Map(
      this.db.prepare<[], { id: number; platform: string }>('SELECT id, platform FROM channel_accounts').all().map((a) => [a.id, a.platform]),
    )
    const days = week.dates.map((date, i) => ({ date, start: week.dayStarts[i]!, received: 0, repliesSent: 0, byChannel: {} as Record<string, number> }))
    const byChannel = new Map<string, number>()
    const sentiment: Sentiment = { negative: 0, neutral: 0, positive: 0, unknown: 0 }
    let received = 0
    let repliesSent = 0
    for (const r of rows) {
      const day = days[r.day]!
      if (r.direction === 'out') {
        day.repliesSent += r.n
        repliesSent += r.n
        continue
      }
      const channel = platforms.get(r.account) ?? 'unknown'
      received += r.n
      day.received += r.n
      day.byChannel[channel] = (day.byChannel[channel] ?? 0) + r.n
      byChannel.set(channel, (byChannel.get(channel) ?? 0) + r.n)
      sentiment[sentimentOf(r.sentiment)] += r.n
    }
    return { days, received, repliesSent, receivedByChannel: sorted(byChannel), receivedByKind: this.byKind(active), sentiment }
  }

  /** Received items by conversation kind, from the week's active conversations and their inbound counts. */
  private byKind(active: ActiveConversation[]): Named[] {
    const inbound = active.filter((a) => a.received > 0)
    const kinds = this.db
      .prepare<[string], { id: number; kind: string }>('SELECT c.id AS id, c.kind AS kind FROM json_each(?) j JOIN conversations c ON c.id = j.value')
      .all(JSON.stringify(inbound.map((a) => a.id)))
    const kindOf = new Map(kinds.map((k) => [k.id, k.kind]))
    const byKind = new Map<string, number>()
    for (const a of inbound) {
      const kind = kindOf.get(a.id)
      if (kind !== undefined) byKind.set(kind, (byKind.get(kind) ?? 0) + a.received)
    }
    return sorted(byKind)
  }

  /** The week's totals without the breakdowns: read from messages_created alone (no join), for the headline. */
  private totals(week: ReportWeek): Pick<WeekMetrics, 'received' | 'repliesSent' | 'sentiment'> {
    const rows = this.db
      .prepare<{ start: number; end: number }, { direction: string; sentiment: string | null; n: number }>(
        `SELECT direction, sentiment, count(*) AS n FROM messages
         WHERE created_at >= @start AND created_at < @end AND (direction = 'out' OR (direction = 'in' AND is_context = 0))
         GROUP BY 1, 2`,
      )
      .all({ start: week.start, end: week.end })
    const sentiment: Sentiment = { negative: 0, neutral: 0, positive: 0, unknown: 0 }
    let received = 0
    let repliesSent = 0
    for (const r of rows) {
      if (r.direction === 'out') {
        repliesSent += r.n
        continue
      }
      received += r.n
      sentiment[sentimentOf(r.sentiment)] += r.n
    }
    return { received, repliesSent, sentiment }
  }

  /** Per conversation asked in the week: its first ask and the next brand reply (up to the cut-off). */
  firstAsks(week: ReportWeek, cutoff: number): { id: number; asked: number; replied: number | null }[] {
    return this.db
      .prepare<{ start: number; end: number; cutoff: number }, { id: number; asked: number; replied: number | null }>(
        `SELECT f.id AS id, f.asked AS asked,
           (SELECT min(r.created_at) FROM messages r WHERE r.conversation_id = f.id AND r.direction = 'out'
              AND r.created_at > f.asked AND r.created_at <= @cutoff) AS replied
         FROM (SELECT m.conversation_id AS id, min(m.created_at) AS asked
               FROM messages m JOIN conversations c ON c.id = m.conversation_id
               WHERE m.created_at >= @start AND m.created_at < @end AND ${ASKS} AND c.kind != 'feed'
               GROUP BY m.conversation_id) f`,
      )
      .all({ start: week.start, end: week.end, cutoff })
  }

  private firstResponses(week: ReportWeek, cutoff: number, hours: BusinessHours | null): Pick<WeekMetrics, 'responseRate' | 'firstResponse'> {
    const asks = this.firstAsks(week, cutoff)
    const answered = asks.filter((a): a is { id: number; asked: number; replied: number } => a.replied !== null)
    const clock = hours ? new BusinessClock(hours, week.timeZone, week.start, Math.max(cutoff, week.end)) : null
    const byDay = week.dates.map((date, i) => {
      const waits = answered.filter((a) => a.asked >= week.dayStarts[i]! && a.asked < week.dayStarts[i + 1]!).map((a) => a.replied - a.asked)
      return { date, ...medianAndP90(waits) }
    })
    return {
      responseRate: { eligible: asks.length, responded: answered.length, rate: ratio(answered.length, asks.length) },
      firstResponse: {
        answered: answered.length,
        unanswered: asks.length - answered.length,
        ...medianAndP90(answered.map((a) => a.replied - a.asked)),
        businessHours: clock ? medianAndP90(answered.map((a) => clock.between(a.asked, a.replied))) : null,
        byDay,
      },
    }
  }

  private approvals(p: { start: number; end: number }): WeekMetrics['approvals'] {
    const rows = this.db
      .prepare<typeof p, { status: string; wait: number | null }>(
        `SELECT status, CASE WHEN decided_at IS NOT NULL AND status != 'pending' THEN decided_at - created_at END AS wait
         FROM approvals WHERE created_at >= @start AND created_at < @end AND status != 'void'`,
      )
      .all(p)
    const decided = rows.filter((r) => r.wait !== null)
    const sentBack = decided.filter((r) => r.status === 'changes_requested').length
    const rejected = decided.filter((r) => r.status === 'rejected').length
    const waits = medianAndP90(decided.map((r) => r.wait!))
    return {
      submitted: rows.length,
      decided: decided.length,
      pending: rows.length - decided.length,
      medianWaitMs: waits.medianMs,
      p90WaitMs: waits.p90Ms,
      sentBack,
      rejected,
      sentBackOrRejectedShare: ratio(sentBack + rejected, decided.length),
    }
  }

  /**
   * What each person did by hand: their messages and activity rows, and their approval decisions
   * (approve, edit and approve, ask for changes, reject), credited to whoever decided.
   */
  private profiles(p: { start: number; end: number }): WeekMetrics['profiles'] {
    return this.db
      .prepare<typeof p, WeekMetrics['profiles'][number]>(
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
      )
      .all(p)
  }

  /** Conversations waiting for a reply at `end`, oldest first (see the backlog definition). */
  backlog(end: number): { id: number; waiting: number }[] {
    return this.db
      .prepare<{ end: number }, { id: number; waiting: number }>(
        `SELECT id, waiting FROM (
           SELECT c.id AS id,
             (SELECT min(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND ${ASKS} AND m.created_at < @end
                AND m.created_at > coalesce((SELECT max(o.created_at) FROM messages o
                  WHERE o.conversation_id = c.id AND o.direction = 'out' AND o.created_at < @end), -1)) AS waiting
           FROM conversations c
           WHERE c.kind != 'feed' AND c.created_at < @end AND (c.status != 'done' OR c.last_activity_at >= @end))
         WHERE waiting IS NOT NULL ORDER BY waiting, id`,
      )
      .all({ end })
  }

  /** Conversations with activity in the week (inbound that is not context, or a reply), with their message counts. */
  private activeConversations(p: { start: number; end: number }): ActiveConversation[] {
    return this.db
      .prepare<typeof p, ActiveConversation>(
        `SELECT conversation_id AS id, count(*) AS n, sum(direction = 'in') AS received FROM messages
         WHERE created_at >= @start AND created_at < @end AND (direction = 'out' OR (direction = 'in' AND is_context = 0))
         GROUP BY conversation_id`,
      )
      .all(p)
  }

  private mostActive(active: ActiveConversation[]): ConversationRef[] {
    const top = [...active].sort((a, b) => b.n - a.n || a.id - b.id).slice(0, NOTABLE)
    return this.refs(top.map((t) => t.id)).map((r, i) => ({ ...r, messages: top[i]!.n }))
  }

  /** Display details of conversations, in the order given. */
  private refs(ids: number[]): ConversationRef[] {
    const one = this.db.prepare<[number], Omit<ConversationRef, 'waitingSince'>>(
      `SELECT c.id AS id, a.platform AS channel, c.kind AS kind, c.author_name AS author,
         substr(coalesce(nullif(c.subject, ''), c.preview), 1, 100) AS title, c.message_count AS messages
       FROM conversations c JOIN channel_accounts a ON a.id = c.channel_account_id WHERE c.id = ?`,
    )
    return ids.map((id) => one.get(id)).filter((r) => r !== undefined).map((r) => ({ ...r, waitingSince: null }))
  }

  /** One row per conversation with a received or sent message in the week (the CSV export). */
  conversations(week: ReportWeek, cutoff: number): ConversationRow[] {
    const firsts = new Map(this.firstAsks(week, cutoff).map((a) => [a.id, a]))
    const rows = this.db
      .prepare<{ start: number; end: number }, Omit<ConversationRow, 'firstResponseAt'>>(
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
      )
      .all({ start: week.start, end: week.end })
    return rows.map((r) => ({ ...r, firstResponseAt: firsts.get(r.id)?.replied ?? null }))
  }
}

/** The local day (0–6) of m.created_at; the boundaries come from luxon, so DST days have their real length. */
function dayCase(week: ReportWeek): string {
  const whens = week.dayStarts.slice(1, 7).map((_, i) => `WHEN m.created_at < ? THEN ${i}`)
  return `CASE ${whens.join(' ')} ELSE 6 END`
}

function sentimentOf(label: string | null): keyof Sentiment {
  return label === 'negative' || label === 'neutral' || label === 'positive' ? label : 'unknown'
}

function sorted(map: Map<string, number>): Named[] {
  return [...map].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
}
