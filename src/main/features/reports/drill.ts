import { DateTime } from 'luxon'
import { ParleyError } from '../../../shared/contract'
import type { BusinessHours, DrillMetric, DrillRow, ReportDrill, ResponsePair } from '../../../shared/contract/operations-reports'
import type { PlatformNames } from '../../model/connector'
import type { DrillCount, ReceivedFilter } from '../../store/reports-drill-read'
import type { FirstAsk, ReportsReadModel, TimeRange } from '../../store/reports-read'
import { BusinessClock } from './business-hours'
import { definitions } from './definitions'
import { duration, kindLabel } from './format'
import { describeHours, responsePair } from './response-pair'
import type { ReportWeek } from './week'

/** A list longer than this stops here and says so; the CSV export has every conversation of the week. */
export const DRILL_LIMIT = 500

/** A drill-down before its rows are given display details. */
interface Found {
  title: string
  unit: string
  total: number
  defs: string[]
  /** In the order shown; one conversation may appear more than once (one row per approval request). */
  items: { id: number; count: number | null; detail: string | null; pair?: () => ResponsePair }[]
}

const SENTIMENTS = ['negative', 'neutral', 'positive', 'unknown']
const APPROVAL_KEYS = ['submitted', 'decided', 'pending', 'sentBack', 'rejected'] as const

/**
 * The conversations behind one figure of the weekly summary. Each list is read with the same
 * conditions as its figure (store/reports-sql.ts), so it adds up to the number on the screen;
 * every wait comes with the two messages it was measured between.
 */
export class ReportDrills {
  constructor(
    private readonly read: ReportsReadModel,
    private readonly platforms: PlatformNames,
  ) {}

  drill(week: ReportWeek, cutoff: number, hours: BusinessHours | null, metric: DrillMetric, key: string | null): ReportDrill {
    const clock = hours ? new BusinessClock(hours, week.timeZone, week.start, Math.max(cutoff, week.end)) : null
    const found = this.find({ week, cutoff, clock, metric, key })
    const shown = found.items.slice(0, DRILL_LIMIT)
    const refs = new Map(this.read.refs([...new Set(shown.map((i) => i.id))]).map((r) => [r.id, r]))
    const rows: DrillRow[] = []
    for (const item of shown) {
      const r = refs.get(item.id)
      if (!r) continue
      rows.push({
        conversation: { id: r.id, channel: r.channel, kind: r.kind, author: r.author, title: r.title },
        count: item.count,
        detail: item.detail,
        pair: item.pair ? item.pair() : null,
      })
    }
    return {
      week: week.id,
      metric,
      key,
      title: found.title,
      total: found.total,
      unit: found.unit,
      definitions: definitions.filter((d) => found.defs.includes(d.key)).map((d) => ({ ...d, ...(d.rules ? { rules: [...d.rules] } : {}) })),
      businessHours: hours ? describeHours(hours, week.timeZone) : null,
      rows,
      truncated: found.items.length > shown.length,
    }
  }

  private find(q: { week: ReportWeek; cutoff: number; clock: BusinessClock | null; metric: DrillMetric; key: string | null }): Found {
    const { week, key } = q
    const range: TimeRange = { start: week.start, end: week.end }
    switch (q.metric) {
      case 'received':
      case 'sentiment': {
        const narrowed = q.metric === 'sentiment' ? this.receivedFilter(week, key === null ? null : `sentiment:${key}`) : this.receivedFilter(week, key)
        return counts(narrowed.title, 'items', ['received', ...(q.metric === 'sentiment' ? ['sentiment'] : [])], this.read.drill.received(narrowed.range, narrowed.filter))
      }
      case 'repliesSent': {
        const day = key === null ? null : this.day(week, key.replace(/^day:/, ''))
        return counts(day ? `Replies sent on ${day.label}` : 'Replies sent', 'replies', ['repliesSent'], this.read.drill.replies(day?.range ?? range))
      }
      case 'needsReply':
      case 'responded':
      case 'firstResponse':
      case 'unanswered':
        return this.waits({ ...q, day: key === null ? null : this.day(week, key.replace(/^day:/, '')) })
      case 'approvals':
        return this.approvals(range, key)
      case 'profile': {
        const id = Number(key)
        if (!key || !Number.isSafeInteger(id) || id <= 0) throw new ParleyError('bad_input', 'Say which profile: its id, as the "Handled per profile" table has it.')
        const rows = this.read.drill.profile(range, id)
        return {
          title: 'Handled by one profile',
          unit: 'conversations',
          total: rows.length,
          defs: ['profiles'],
          items: rows.map((r) => ({ id: r.id, count: r.replies + r.actions, detail: `${plural(r.replies, 'reply', 'replies')}, ${plural(r.actions, 'other action', 'other actions')}` })),
        }
      }
      case 'tag': {
        if (!key) throw new ParleyError('bad_input', 'Say which tag.')
        const active = this.read.activeConversations(range).map((a) => a.id)
        const ids = this.read.drill.tagged(active, key)
        return { title: `Tagged “${key}”`, unit: 'conversations', total: ids.length, defs: ['tags'], items: ids.map((id) => ({ id, count: null, detail: null })) }
      }
      case 'topic': {
        if (!key) throw new ParleyError('bad_input', 'Say which tracked topic.')
        return counts(`Matched the topic “${key}”`, 'items', ['tags'], this.read.drill.topic(range, key))
      }
      case 'backlog': {
        const waiting = this.read.backlog(week.end)
        return {
          title: 'Backlog at the week’s end',
          unit: 'conversations',
          total: waiting.length,
          defs: ['backlog'],
          items: waiting.map((w) => ({ id: w.id, count: null, detail: null, pair: this.pairOf(w.id, { asked: w.waiting, replied: null }, week.end, q) })),
        }
      }
    }
  }

  /** The response-rate and first-response figures: one row per conversation asked in the week, with its pair. */
  private waits(q: { week: ReportWeek; cutoff: number; clock: BusinessClock | null; metric: DrillMetric; day: { label: string; range: TimeRange } | null }): Found {
    // A day narrows to the conversations first asked that day, as the first-response chart counts them.
    const asks = this.read
      .firstAsks({ start: q.week.start, end: q.week.end }, q.cutoff)
      .filter((a) => !q.day || (a.asked >= q.day.range.start && a.asked < q.day.range.end))
    const answered = asks.filter((a) => a.replied !== null)
    const pick: Record<string, { title: string; list: FirstAsk[]; defs: string[] }> = {
      needsReply: { title: 'Conversations needing a reply', list: [...asks].sort(byAsked), defs: ['responseRate'] },
      responded: { title: 'Conversations answered', list: [...answered].sort(byAsked), defs: ['responseRate'] },
      // Longest first: the p90 is near the top, the median halfway down.
      firstResponse: {
        title: 'First response times',
        list: [...answered].sort((a, b) => b.replied! - b.asked - (a.replied! - a.asked) || a.id - b.id),
        defs: ['firstResponse', ...(q.clock ? ['firstResponseBusiness'] : [])],
      },
      unanswered: { title: 'Not answered yet', list: asks.filter((a) => a.replied === null).sort(byAsked), defs: ['firstResponse'] },
    }
    const chosen = pick[q.metric]!
    return {
      title: q.day ? `${chosen.title}, asked on ${q.day.label}` : chosen.title,
      unit: 'conversations',
      total: chosen.list.length,
      defs: chosen.defs,
      items: chosen.list.map((a) => ({ id: a.id, count: null, detail: null, pair: this.pairOf(a.id, a, q.cutoff, q) })),
    }
  }

  private pairOf(id: number, a: { asked: number; replied: number | null }, until: number, q: { week: ReportWeek; clock: BusinessClock | null }): () => ResponsePair {
    return () => {
      const asked = this.read.drill.askedMessage(id, a.asked) ?? { id: 1, at: a.asked, author: '', text: '' }
      const reply = a.replied === null ? null : this.read.drill.replyMessage(id, a.replied)
      return responsePair(asked, reply, until, q.week.timeZone, q.clock)
    }
  }

  private approvals(range: TimeRange, key: string | null): Found {
    const which = key ?? 'submitted'
    if (!(APPROVAL_KEYS as readonly string[]).includes(which)) throw new ParleyError('bad_input', `Approvals are listed as ${APPROVAL_KEYS.join(', ')}, not "${which}".`)
    const all = this.read.drill.approvals(range)
    const list = all.filter((a) => {
      if (which === 'decided') return a.wait !== null
      if (which === 'pending') return a.wait === null
      if (which === 'sentBack') return a.wait !== null && a.status === 'changes_requested'
      if (which === 'rejected') return a.wait !== null && a.status === 'rejected'
      return true
    })
    const titles: Record<string, string> = {
      submitted: 'Approval requests submitted',
      decided: 'Approval requests decided',
      pending: 'Approval requests still pending',
      sentBack: 'Approval requests sent back for changes',
      rejected: 'Approval requests rejected',
    }
    const status: Record<string, string> = { approved: 'approved', changes_requested: 'sent back for changes', rejected: 'rejected', pending: 'pending' }
    return {
      title: titles[which]!,
      unit: 'approval requests',
      total: list.length,
      defs: ['approvalWait'],
      items: list.map((a) => ({ id: a.conversationId, count: null, detail: a.wait === null ? 'pending' : `${status[a.status] ?? a.status} after ${duration(a.wait)}` })),
    }
  }

  /** The received figure narrowed by its breakdown: a channel, a kind, a local day or a sentiment. */
  private receivedFilter(week: ReportWeek, key: string | null): { title: string; range: TimeRange; filter: ReceivedFilter } {
    const filter: ReceivedFilter = { platform: null, kind: null, sentiment: null }
    const range: TimeRange = { start: week.start, end: week.end }
    if (key === null) return { title: 'Items received', range, filter }
    const [part, value = ''] = splitKey(key)
    if (part === 'channel' && value) return { title: `Items received on ${this.platforms.label(value)}`, range, filter: { ...filter, platform: value } }
    if (part === 'kind' && value) return { title: `${kindLabel(value)} received`, range, filter: { ...filter, kind: value } }
    if (part === 'sentiment' && SENTIMENTS.includes(value)) {
      return { title: value === 'unknown' ? 'Items received, not rated' : `Items received rated ${value}`, range, filter: { ...filter, sentiment: value } }
    }
    if (part === 'day') {
      const day = this.day(week, value)
      return { title: `Items received on ${day.label}`, range: day.range, filter }
    }
    throw new ParleyError('bad_input', `Items received are narrowed by channel:, kind:, day: or sentiment: (e.g. "kind:dm"), not "${key}".`)
  }

  private day(week: ReportWeek, date: string): { label: string; range: TimeRange } {
    const i = week.dates.indexOf(date)
    if (i < 0) throw new ParleyError('bad_input', `${date} is not a day of ${week.id}; its days are ${week.dates[0]} to ${week.dates[6]}.`)
    const label = DateTime.fromISO(date).toFormat('cccc d LLLL', { locale: 'en-GB' })
    return { label, range: { start: week.dayStarts[i]!, end: week.dayStarts[i + 1]! } }
  }
}

function counts(title: string, unit: string, defs: string[], rows: DrillCount[]): Found {
  return { title, unit, defs, total: rows.reduce((sum, r) => sum + r.n, 0), items: rows.map((r) => ({ id: r.id, count: r.n, detail: null })) }
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf(':')
  return at < 0 ? [key, ''] : [key.slice(0, at), key.slice(at + 1)]
}

const byAsked = (a: FirstAsk, b: FirstAsk): number => a.asked - b.asked || a.id - b.id
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`
