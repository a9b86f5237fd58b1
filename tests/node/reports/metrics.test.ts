import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { WeeklySummary } from '../../../src/shared/contract/operations-reports'
import { join } from 'node:path'
import { ReportSettingsStore } from '../../../src/main/features/reports/settings'
import { WeeklyReports } from '../../../src/main/features/reports/summary'
import { ReportsReadModel } from '../../../src/main/store/reports-read'
import { openDatabase, type Db } from '../../../src/main/store/database'
import { SettingsStore } from '../../../src/main/store/settings'
import { tempDir } from '../../support/workspace'
import { ReportRows } from '../../support/report-workspace'

const MIN = 60_000
const HOUR = 60 * MIN
/** 2026-W47 runs Mon 16 Nov to Sun 22 Nov 2026; the workspace is set to UTC so instants read as written. */
const at = (day: number, hh: number, mm = 0): number => Date.UTC(2026, 10, day, hh, mm)
const nineToFive = { start: '09:00', end: '17:00' }

describe('weekly summary metrics on a hand-counted workspace', () => {
  let t: ReturnType<typeof tempDir>
  let db: Db
  let summary: WeeklySummary
  let reports: WeeklyReports

  beforeEach(async () => {
    t = tempDir()
    db = openDatabase({ file: join(t.dir, 'parley.db') })
    // "Now" is Wednesday of the next week: replies up to now count (the 7-day grace has not run out).
    reports = new WeeklyReports(new ReportsReadModel(db), new ReportSettingsStore(new SettingsStore(db)), () => at(25, 12))
    const r = new ReportRows(db)
    const masto = r.account('mastodon')
    const sky = r.account('bluesky')
    const feed = r.account('feed')
    const mira = r.profile('Mira')
    const sam = r.profile('Sam')

    // C1: asked Mon 10:00, answered by Mira 11:30 (90 min; 90 business min). A context post before it is not counted.
    const c1 = r.conversation(masto, 'comment', { createdAt: at(16, 9) })
    r.message(c1, 'in', at(16, 9), { context: true })
    const m1 = r.message(c1, 'in', at(16, 10), { sentiment: 'negative' })
    r.message(c1, 'out', at(16, 11, 30), { profile: mira })
    // C2: two DMs Tue 16:00 and 16:30, Sam answers Wed 10:00 (18 h; business: Tue 16-17 + Wed 9-10 = 2 h).
    const c2 = r.conversation(sky, 'dm', { createdAt: at(17, 16) })
    r.message(c2, 'in', at(17, 16), { sentiment: 'positive' })
    r.message(c2, 'in', at(17, 16, 30), { sentiment: 'positive' })
    r.message(c2, 'out', at(18, 10), { profile: sam })
    // A rule tagged it in Sam's session: never a human action.
    r.message(c2, 'activity', at(18, 10, 5), { profile: sam, raw: JSON.stringify({ activity: 'tagged', ruleId: 3 }) })
    // C3: mention Sat 12:00, answered next Monday 09:30 (45 h 30 min; business 30 min); done now.
    const c3 = r.conversation(masto, 'mention', { createdAt: at(21, 12), status: 'done', lastActivityAt: at(23, 9, 30) })
    r.message(c3, 'in', at(21, 12), { sentiment: 'neutral' })
    r.message(c3, 'activity', at(21, 12, 1), { raw: JSON.stringify({ activity: 'assigned', ruleId: 7 }) })
    r.message(c3, 'out', at(23, 9, 30))
    // C4: Sun 20:00, never answered; Mira changed its status by hand.
    const c4 = r.conversation(masto, 'comment', { createdAt: at(22, 20) })
    const m4 = r.message(c4, 'in', at(22, 20))
    r.message(c4, 'activity', at(22, 21), { profile: mira, raw: JSON.stringify({ activity: 'status', ruleId: null }) })
    // C5: a feed entry (received, never "needs a reply"); C6: marked as needing no reply.
    const c5 = r.conversation(feed, 'feed', { createdAt: at(18, 8) })
    r.message(c5, 'in', at(18, 8))
    const c6 = r.conversation(sky, 'comment', { createdAt: at(19, 9) })
    r.message(c6, 'in', at(19, 9), { needsReply: 0 })
    // Previous week (W46): C7 unanswered since Fri 13 Nov, C8 answered in 2 h, C9 closed without a reply.
    const c7 = r.conversation(masto, 'comment', { createdAt: at(13, 10) })
    r.message(c7, 'in', at(13, 10))
    const c8 = r.conversation(masto, 'comment', { createdAt: at(11, 10), status: 'done', lastActivityAt: at(11, 12) })
    const m8 = r.message(c8, 'in', at(11, 10), { sentiment: 'positive' })
    r.message(c8, 'out', at(11, 12))
    const c9 = r.conversation(masto, 'comment', { createdAt: at(12, 10), status: 'done' })
    r.message(c9, 'in', at(12, 10))

    // Approvals submitted in W47: waits 30 min, 16 h (sent back), 20 min, 4 h (rejected); one pending, one withdrawn.
    // Kim supervises: she only decides, and is credited for each decision (not the authors).
    const kim = r.profile('Kim')
    r.decision(r.approval(c1, mira, 'approved', at(16, 10, 30), at(16, 11)), kim, 'approved', at(16, 11))
    r.decision(r.approval(c2, sam, 'changes_requested', at(17, 17), at(18, 9)), kim, 'changes_requested', at(18, 9))
    r.approval(c2, mira, 'approved', at(18, 9, 30), at(18, 9, 50))
    r.decision(r.approval(c4, sam, 'rejected', at(19, 10), at(19, 14)), kim, 'rejected', at(19, 14))
    // A decision taken after the week is next week's work.
    r.decision(r.approval(c4, mira, 'pending', at(20, 10), null), kim, 'approved', at(23, 1))
    r.approval(c1, sam, 'void', at(20, 11), null)

    r.tag(c1, 'refund')
    r.tag(c2, 'refund')
    r.tag(c9, 'refund')
    r.tag(c2, 'praise')
    r.topicMatch('battery', m1, c1, at(16, 10))
    r.topicMatch('battery', m4, c4, at(22, 20))
    r.topicMatch('battery', m8, c8, at(11, 10))

    reports.settings.set({ timeZone: 'UTC', businessHours: [nineToFive, nineToFive, nineToFive, nineToFive, nineToFive, null, null] })
    summary = await reports.weekly('2026-W47')
  })

  afterEach(() => {
    db.close()
    t.cleanup()
  })

  it('places the week in the workspace zone', () => {
    expect(summary).toMatchObject({ week: '2026-W47', timeZone: 'UTC', start: at(16, 0), end: at(23, 0), previousWeek: '2026-W46' })
  })

  it('counts items received by channel, kind and day, and replies sent', () => {
    expect(summary.headline.received).toBe(7)
    expect(summary.headline.repliesSent).toBe(2)
    expect(summary.receivedByChannel).toEqual([
      { name: 'bluesky', count: 3 },
      { name: 'mastodon', count: 3 },
      { name: 'feed', count: 1 },
    ])
    expect(summary.receivedByKind).toEqual([
      { name: 'comment', count: 3 },
      { name: 'dm', count: 2 },
      { name: 'feed', count: 1 },
      { name: 'mention', count: 1 },
    ])
    expect(summary.days.map((d) => d.date)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'])
    expect(summary.days.map((d) => d.received)).toEqual([1, 2, 1, 1, 0, 1, 1])
    expect(summary.days.map((d) => d.repliesSent)).toEqual([1, 0, 1, 0, 0, 0, 0])
    expect(summary.days[1]!.byChannel).toEqual({ bluesky: 2 })
  })

  it('measures response rate and first response time, with business hours, never counting rules', () => {
    expect(summary.responseRate).toEqual({ eligible: 4, responded: 3, rate: 0.75 })
    // Waits 90 min, 18 h, 45.5 h: nearest-rank median is the 2nd, p90 the 3rd.
    expect(summary.firstResponse).toMatchObject({ answered: 3, unanswered: 1, medianMs: 18 * HOUR, p90Ms: 45.5 * HOUR })
    // Business waits 90, 120, 30 min -> sorted 30, 90, 120.
    expect(summary.firstResponse.businessHours).toEqual({ medianMs: 90 * MIN, p90Ms: 120 * MIN })
    expect(summary.firstResponse.byDay[0]).toEqual({ date: '2026-11-16', medianMs: 90 * MIN, p90Ms: 90 * MIN })
    expect(summary.firstResponse.byDay[4]).toEqual({ date: '2026-11-20', medianMs: null, p90Ms: null })
  })

  it('measures approval waits and the share sent back or rejected', () => {
    // Waits 20, 30, 240, 960 min: median rank 2, p90 rank 4.
    expect(summary.approvals).toEqual({
      submitted: 5,
      decided: 4,
      pending: 1,
      medianWaitMs: 30 * MIN,
      p90WaitMs: 960 * MIN,
      sentBack: 1,
      rejected: 1,
      sentBackOrRejectedShare: 0.5,
    })
  })

  it('credits people, not rules, and approval decisions to whoever decided', () => {
    expect(summary.profiles.map(({ name, replies, actions, conversations }) => ({ name, replies, actions, conversations }))).toEqual([
      { name: 'Kim', replies: 0, actions: 3, conversations: 3 },
      { name: 'Mira', replies: 1, actions: 1, conversations: 2 },
      { name: 'Sam', replies: 1, actions: 0, conversations: 1 },
    ])
  })

  it('splits sentiment against the previous week', () => {
    expect(summary.sentiment.current).toEqual({ negative: 1, neutral: 1, positive: 2, unknown: 3 })
    expect(summary.sentiment.previous).toEqual({ negative: 0, neutral: 0, positive: 1, unknown: 2 })
  })

  it('ranks tags of active conversations and topic matches of the week', () => {
    expect(summary.topTags).toEqual([
      { name: 'refund', count: 2 },
      { name: 'praise', count: 1 },
    ])
    expect(summary.topics).toEqual([{ name: 'battery', count: 2 }])
  })

  it('reconstructs the backlog at the week’s end and names notable conversations', () => {
    // C7 (since 13 Nov), C3 (Sat; answered only after the end), C4 (Sun). C9 was closed, C5 is a feed, C6 needs no reply.
    expect(summary.backlog).toEqual({ open: 3, oldestWaitingSince: at(13, 10) })
    expect(summary.notable.longestWaiting.map((c) => c.waitingSince)).toEqual([at(13, 10), at(21, 12), at(22, 20)])
    expect(summary.notable.mostActive.map((c) => c.messages)).toEqual([3, 2, 1, 1, 1])
    expect(summary.notable.mostActive[0]!.channel).toBe('bluesky')
  })

  it('compares headline numbers with the previous week', () => {
    expect(summary.previous).toEqual({
      received: 3,
      repliesSent: 1,
      responseRate: 1 / 3,
      firstResponseMedianMs: 2 * HOUR,
      firstResponseP90Ms: 2 * HOUR,
      approvalWaitMedianMs: null,
      backlogOpen: 1,
    })
    expect(summary.headline).toMatchObject({ responseRate: 0.75, backlogOpen: 3, approvalWaitMedianMs: 30 * MIN })
  })

  it('prints a definition for every metric', () => {
    const keys = summary.definitions.map((d) => d.key)
    for (const k of ['received', 'repliesSent', 'responseRate', 'firstResponse', 'firstResponseBusiness', 'approvalWait', 'profiles', 'sentiment', 'tags', 'backlog', 'notable']) expect(keys).toContain(k)
    expect(summary.definitions.find((d) => d.key === 'repliesSent')!.text).toMatch(/rule actions are never counted/)
  })

  it('opens every figure to the conversations behind it, adding up to the figure', () => {
    const drill = (metric: Parameters<WeeklyReports['drill']>[0]['metric'], key?: string) => reports.drill({ week: '2026-W47', metric, ...(key ? { key } : {}) })
    const sum = (d: ReturnType<typeof drill>): number => d.rows.reduce((n, r) => n + (r.count ?? 1), 0)
    const h = summary.headline
    expect(drill('received')).toMatchObject({ total: h.received, truncated: false })
    expect(sum(drill('received'))).toBe(h.received)
    for (const c of summary.receivedByChannel) expect(sum(drill('received', `channel:${c.name}`))).toBe(c.count)
    for (const k of summary.receivedByKind) expect(sum(drill('received', `kind:${k.name}`))).toBe(k.count)
    for (const d of summary.days) {
      expect(sum(drill('received', `day:${d.date}`))).toBe(d.received)
      expect(sum(drill('repliesSent', `day:${d.date}`))).toBe(d.repliesSent)
    }
    for (const [label, n] of Object.entries(summary.sentiment.current)) expect(sum(drill('sentiment', label))).toBe(n)
    expect(sum(drill('repliesSent'))).toBe(h.repliesSent)
    expect(drill('needsReply').rows).toHaveLength(summary.responseRate.eligible)
    expect(drill('responded').rows).toHaveLength(summary.responseRate.responded)
    expect(drill('unanswered').rows).toHaveLength(summary.firstResponse.unanswered)
    const waits = drill('firstResponse')
    expect(waits.rows).toHaveLength(summary.firstResponse.answered)
    // Longest first, each with the two messages it was measured between.
    expect(waits.rows.map((r) => r.pair!.waitMs)).toEqual([45.5 * HOUR, 18 * HOUR, 90 * MIN])
    expect(waits.rows.map((r) => r.pair!.businessMs)).toEqual([30 * MIN, 120 * MIN, 90 * MIN])
    expect(waits.rows[2]!.pair!.explanation).toBe('Mon 10:00 → Mon 11:30, 1 h 30 min in business hours (1 h 30 min on the clock)')
    for (const d of summary.firstResponse.byDay) expect(drill('firstResponse', `day:${d.date}`).rows.length > 0).toBe(d.medianMs !== null)
    expect(drill('firstResponse', 'day:2026-11-17').rows.map((r) => r.pair!.waitMs)).toEqual([18 * HOUR])
    expect(waits.businessHours).toBe('Mon–Fri 09:00–17:00; closed Sat–Sun (UTC)')
    expect(waits.definitions.map((d) => d.key)).toEqual(['firstResponse', 'firstResponseBusiness'])
    expect(waits.definitions[0]!.rules!.map((r) => r.key)).toEqual(['internalNotes', 'automaticReplies', 'reopened'])
    for (const k of ['submitted', 'decided', 'pending', 'sentBack', 'rejected'] as const) {
      const figure = { submitted: 5, decided: 4, pending: 1, sentBack: 1, rejected: 1 }[k]
      expect(drill('approvals', k).rows, k).toHaveLength(figure)
    }
    expect(drill('approvals', 'decided').rows.map((r) => r.detail)).toContain('sent back for changes after 16 h 00 min')
    for (const p of summary.profiles) expect(drill('profile', String(p.profileId)).rows, p.name).toHaveLength(p.conversations)
    for (const t of summary.topTags) expect(drill('tag', t.name).rows).toHaveLength(t.count)
    for (const t of summary.topics) expect(sum(drill('topic', t.name))).toBe(t.count)
    const backlog = drill('backlog')
    expect(backlog.rows).toHaveLength(h.backlogOpen)
    expect(backlog.rows.map((r) => r.pair!.asked.at)).toEqual([at(13, 10), at(21, 12), at(22, 20)])
    expect(backlog.rows[0]!.pair!.reply).toBeNull()
  })

  it('refuses a drill-down it cannot read, in plain words', () => {
    expect(() => reports.drill({ week: '2026-W47', metric: 'received', key: 'colour:red' })).toThrow(/narrowed by channel:, kind:, day: or sentiment:/)
    expect(() => reports.drill({ week: '2026-W47', metric: 'received', key: 'day:2026-12-01' })).toThrow(/not a day of 2026-W47/)
    expect(() => reports.drill({ week: '2026-W47', metric: 'approvals', key: 'lost' })).toThrow(/Approvals are listed as/)
    expect(() => reports.drill({ week: '2026-W47', metric: 'profile', key: 'x' })).toThrow(/Say which profile/)
  })
})
