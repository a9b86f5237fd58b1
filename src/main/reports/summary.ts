import type { ReportHeadline, WeeklySummary } from '../../shared/contract/operations-reports'
import type { Db } from '../store/database'
import { definitions, REPLY_GRACE_DAYS } from './definitions'
import { MetricsQueries, type HeadlineMetrics } from './metrics'
import type { ReportSettingsStore } from './settings'
import { lastFullWeek, parseWeek, previousWeek, type ReportWeek } from './week'

const DAY = 86_400_000

/** Replies count up to a week after the week's end, or up to now when that is sooner. */
export function replyCutoff(week: ReportWeek, now: number): number {
  return Math.min(now, week.end + REPLY_GRACE_DAYS * DAY)
}

function headline(m: HeadlineMetrics): ReportHeadline {
  return {
    received: m.received,
    repliesSent: m.repliesSent,
    responseRate: m.responseRate.rate,
    firstResponseMedianMs: m.firstResponse.medianMs,
    firstResponseP90Ms: m.firstResponse.p90Ms,
    approvalWaitMedianMs: m.approvals.medianWaitMs,
    backlogOpen: m.backlog.open,
  }
}

/** Builds the weekly summary: one object that the screen, the CLI and every export format read. */
export class WeeklyReports {
  readonly queries: MetricsQueries

  constructor(
    db: Db,
    readonly settings: ReportSettingsStore,
    private readonly now: () => number,
  ) {
    this.queries = new MetricsQueries(db)
  }

  /** The week to report: the one asked for, else the last full week, in the workspace's zone. */
  resolveWeek(id?: string): ReportWeek {
    const zone = this.settings.timeZone()
    return id ? parseWeek(id, zone) : lastFullWeek(this.now(), zone)
  }

  weekly(id?: string): WeeklySummary {
    const week = this.resolveWeek(id)
    const generatedAt = this.now()
    const hours = this.settings.get().businessHours
    const prevWeek = previousWeek(week)
    const current = this.queries.week(week, replyCutoff(week, generatedAt), hours)
    const previous = this.queries.headlineWeek(prevWeek, replyCutoff(prevWeek, generatedAt))
    const { received, repliesSent, sentiment, backlog, ...rest } = current
    void received
    void repliesSent
    return {
      week: week.id,
      timeZone: week.timeZone,
      start: week.start,
      end: week.end,
      generatedAt,
      previousWeek: prevWeek.id,
      headline: headline(current),
      previous: headline(previous),
      ...rest,
      backlog,
      sentiment: { current: sentiment, previous: previous.sentiment },
      definitions: [...definitions],
    }
  }
}
