import type { DrillMetric, ReportDrill, ReportHeadline, WeeklySummary } from '../../../shared/contract/operations-reports'
import type { ReportsReadModel } from '../../store/reports-read'
import type { PlatformNames } from '../../model/connector'
import { NEUTRAL_COLOUR } from './format'
import { definitions, REPLY_GRACE_DAYS } from './definitions'
import { ReportDrills } from './drill'
import { MetricsQueries, type HeadlineMetrics } from './metrics'
import type { ReportReader } from './reader'
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
  private readonly drills: ReportDrills

  constructor(
    read: ReportsReadModel,
    readonly settings: ReportSettingsStore,
    private readonly now: () => number,
    private readonly reader: ReportReader | null = null,
    private readonly log: (line: string) => void = () => {},
    /** Labels and chart colours from the connector manifests; without it, a platform is shown by its id. */
    private readonly platforms: PlatformNames = { label: (id) => id, colour: () => NEUTRAL_COLOUR },
  ) {
    this.queries = new MetricsQueries(read)
    this.drills = new ReportDrills(read, platforms)
  }

  /** The conversations behind one figure of a week's summary, counted as the summary counts them now. */
  drill(input: { week?: string; metric: DrillMetric; key?: string }): ReportDrill {
    const week = this.resolveWeek(input.week)
    return this.drills.drill(week, replyCutoff(week, this.now()), this.settings.get().businessHours, input.metric, input.key ?? null)
  }

  /** The week to report: the one asked for, else the last full week, in the workspace's zone. */
  resolveWeek(id?: string): ReportWeek {
    const zone = this.settings.timeZone()
    return id ? parseWeek(id, zone) : lastFullWeek(this.now(), zone)
  }

  async weekly(id?: string): Promise<WeeklySummary> {
    const week = this.resolveWeek(id)
    const generatedAt = this.now()
    const hours = this.settings.get().businessHours
    const prevWeek = previousWeek(week)
    // Asked first, so the reader thread works on the previous week while this thread does the current one.
    const previousAsked = this.previousHeadline(prevWeek, replyCutoff(prevWeek, generatedAt))
    const current = this.queries.week(week, replyCutoff(week, generatedAt), hours)
    const previous = await previousAsked
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
      channels: this.channelsOf(current),
    }
  }

  /** The platforms this week names (by volume, by day, notable conversations), each with its label and colour. */
  private channelsOf(m: Pick<WeeklySummary, 'receivedByChannel' | 'days' | 'notable'>): WeeklySummary['channels'] {
    const ids = new Set<string>(m.receivedByChannel.map((c) => c.name))
    for (const d of m.days) for (const id of Object.keys(d.byChannel)) ids.add(id)
    for (const c of [...m.notable.mostActive, ...m.notable.longestWaiting]) ids.add(c.channel)
    return Object.fromEntries([...ids].map((id) => [id, { label: this.platforms.label(id), colour: this.platforms.colour(id) }]))
  }

  close(): Promise<void> {
    return this.reader?.close() ?? Promise.resolve()
  }

  private async previousHeadline(week: ReportWeek, cutoff: number): Promise<HeadlineMetrics> {
    if (!this.reader) return this.queries.headlineWeek(week, cutoff)
    try {
      return await this.reader.headline(week, cutoff)
    } catch (error) {
      // Slower, not wrong: the same queries on this thread's connection.
      this.log(`[parley] The report reader failed (${(error as Error).message}); the previous week is computed here instead.`)
      return this.queries.headlineWeek(week, cutoff)
    }
  }
}
