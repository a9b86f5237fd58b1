import type { ActiveConversation, ConversationRef, ConversationRow, FirstAsk, Named, ReportsReadModel } from '../../store/reports-read'
import type { BusinessHours } from '../../../shared/contract/operations-reports'
import { BusinessClock } from './business-hours'
import { medianAndP90, ratio } from './stats'
import type { ReportWeek } from './week'

export interface Sentiment {
  negative: number
  neutral: number
  positive: number
  unknown: number
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

/** The part of a week the headline and the sentiment comparison read. */
export type HeadlineMetrics = Pick<WeekMetrics, 'received' | 'repliesSent' | 'sentiment' | 'responseRate' | 'firstResponse' | 'approvals' | 'backlog'>


const NOTABLE = 5

export type { ConversationRef, ConversationRow, Named }

/** The weekly summary's figures, computed from the reports read model's rows. */
export class MetricsQueries {
  constructor(private readonly read: ReportsReadModel) {}

  week(week: ReportWeek, cutoff: number, hours: BusinessHours | null): WeekMetrics {
    const p = { start: week.start, end: week.end }
    // One scan of the week's messages by conversation serves the busiest conversations, the top tags and the kinds.
    const active = this.read.activeConversations(p)
    const volume = this.volume(week, active)
    const waits = this.firstResponses(week, cutoff, hours)
    const backlog = this.read.backlog(week.end)
    return {
      ...volume,
      ...waits,
      approvals: this.approvals(p),
      profiles: this.read.profiles(p),
      topTags: this.read.topTags(active.map((a) => a.id)),
      topics: this.read.topics(p),
      backlog: { open: backlog.length, oldestWaitingSince: backlog[0]?.waiting ?? null },
      notable: {
        mostActive: this.mostActive(active),
        longestWaiting: this.read.refs(backlog.slice(0, NOTABLE).map((b) => b.id)).map((r, i) => ({ ...r, waitingSince: backlog[i]!.waiting })),
      },
    }
  }

  /** Only what the headline compares with the week before: the previous week's summary needs no more. */
  headlineWeek(week: ReportWeek, cutoff: number): HeadlineMetrics {
    const { received, repliesSent, sentiment } = this.totals(week)
    const backlog = this.read.backlog(week.end)
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
    const rows = this.read.volume(week)
    const platforms = new Map(this.read.accountPlatforms().map((a) => [a.id, a.platform]))
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
    const kindOf = new Map(this.read.kinds(inbound.map((a) => a.id)).map((k) => [k.id, k.kind]))
    const byKind = new Map<string, number>()
    for (const a of inbound) {
      const kind = kindOf.get(a.id)
      if (kind !== undefined) byKind.set(kind, (byKind.get(kind) ?? 0) + a.received)
    }
    return sorted(byKind)
  }

  /** The week's totals without the breakdowns: read from messages_created alone (no join), for the headline. */
  private totals(week: ReportWeek): Pick<WeekMetrics, 'received' | 'repliesSent' | 'sentiment'> {
    const sentiment: Sentiment = { negative: 0, neutral: 0, positive: 0, unknown: 0 }
    let received = 0
    let repliesSent = 0
    for (const r of this.read.totals(week)) {
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
  firstAsks(week: ReportWeek, cutoff: number): FirstAsk[] {
    return this.read.firstAsks(week, cutoff)
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
    const rows = this.read.approvals(p)
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

  /** Conversations waiting for a reply at `end`, oldest first (see the backlog definition). */
  backlog(end: number): { id: number; waiting: number }[] {
    return this.read.backlog(end)
  }

  private mostActive(active: ActiveConversation[]): ConversationRef[] {
    const top = [...active].sort((a, b) => b.n - a.n || a.id - b.id).slice(0, NOTABLE)
    return this.read.refs(top.map((t) => t.id)).map((r, i) => ({ ...r, messages: top[i]!.n }))
  }

  /** One row per conversation with a received or sent message in the week (the CSV export). */
  conversations(week: ReportWeek, cutoff: number): ConversationRow[] {
    const firsts = new Map(this.firstAsks(week, cutoff).map((a) => [a.id, a]))
    return this.read.conversations(week).map((r) => ({ ...r, firstResponseAt: firsts.get(r.id)?.replied ?? null }))
  }
}

function sentimentOf(label: string | null): keyof Sentiment {
  return label === 'negative' || label === 'neutral' || label === 'positive' ? label : 'unknown'
}

function sorted(map: Map<string, number>): Named[] {
  return [...map].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
}
