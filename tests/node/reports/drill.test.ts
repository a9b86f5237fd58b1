import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RULES } from '../../../src/main/features/reports/definitions'
import { ReportSettingsStore } from '../../../src/main/features/reports/settings'
import { WeeklyReports } from '../../../src/main/features/reports/summary'
import { openDatabase, type Db } from '../../../src/main/store/database'
import { ReportsReadModel } from '../../../src/main/store/reports-read'
import { SettingsStore } from '../../../src/main/store/settings'
import { ReportRows } from '../../support/report-workspace'
import { tempDir } from '../../support/workspace'

const MIN = 60_000
const HOUR = 60 * MIN
/** 2026-W47 runs Mon 16 Nov to Sun 22 Nov 2026, in UTC. */
const at = (day: number, hh: number, mm = 0, ss = 0): number => Date.UTC(2026, 10, day, hh, mm, ss)
const nineToFive = { start: '09:00', end: '17:00' }
const AUTOMATIC = JSON.stringify({ automatic: true })

/** The written rules beside the reply metrics, one test each, on hand-built conversations. */
describe('the rules of the reply metrics', () => {
  let t: ReturnType<typeof tempDir>
  let db: Db
  let reports: WeeklyReports
  let r: ReportRows
  let account: number

  beforeEach(() => {
    t = tempDir()
    db = openDatabase({ file: join(t.dir, 'parley.db') })
    reports = new WeeklyReports(new ReportsReadModel(db), new ReportSettingsStore(new SettingsStore(db)), () => at(25, 12))
    reports.settings.set({ timeZone: 'UTC', businessHours: [nineToFive, nineToFive, nineToFive, nineToFive, nineToFive, null, null] })
    r = new ReportRows(db)
    account = r.account('mastodon')
  })
  afterEach(() => {
    db.close()
    t.cleanup()
  })

  const waits = (week = '2026-W47') => reports.drill({ week, metric: 'firstResponse' }).rows
  const rowOf = (rows: ReturnType<typeof waits>, conversation: number) => rows.find((row) => row.conversation.id === conversation)
  const backlogIds = () => reports.drill({ week: '2026-W47', metric: 'backlog' }).rows.map((row) => row.conversation.id)

  it('shows a first response as the exact pair of messages with the business-hours rule applied', async () => {
    const c = r.conversation(account, 'comment', { createdAt: at(20, 18, 2) })
    const asked = r.message(c, 'in', at(20, 18, 2), { text: 'Where is my order?' })
    const reply = r.message(c, 'out', at(23, 9, 40), { text: 'It left the warehouse today.' })
    const [row] = waits()
    expect(row!.pair).toMatchObject({
      asked: { id: asked, at: at(20, 18, 2), text: 'Where is my order?' },
      reply: { id: reply, at: at(23, 9, 40), text: 'It left the warehouse today.' },
      waitMs: at(23, 9, 40) - at(20, 18, 2),
      businessMs: 40 * MIN,
    })
    // Friday after closing and the weekend do not count: Monday 09:00 to 09:40 does.
    expect(row!.pair!.explanation).toBe('Fri 18:02 → Mon 09:40, 40 min in business hours (2 d 16 h on the clock)')
    expect((await reports.weekly('2026-W47')).firstResponse.businessHours!.medianMs).toBe(40 * MIN)
  })

  it(`${RULES.internalNotes.title}: a note is not a reply, does not stop the clock and leaves the conversation in the backlog`, async () => {
    const answered = r.conversation(account, 'comment', { createdAt: at(16, 10) })
    r.message(answered, 'in', at(16, 10))
    r.message(answered, 'note', at(16, 10, 5), { profile: r.profile('Mira'), text: 'VIP, answer carefully' })
    const reply = r.message(answered, 'out', at(16, 11))
    const noted = r.conversation(account, 'comment', { createdAt: at(17, 10) })
    r.message(noted, 'in', at(17, 10))
    r.message(noted, 'note', at(17, 10, 30))

    expect(rowOf(waits(), answered)!.pair).toMatchObject({ reply: { id: reply }, waitMs: HOUR })
    expect(rowOf(waits(), noted)).toBeUndefined()
    const summary = await reports.weekly('2026-W47')
    expect(summary.headline.repliesSent).toBe(1)
    expect(reports.drill({ week: '2026-W47', metric: 'repliesSent' }).rows.map((row) => [row.conversation.id, row.count])).toEqual([[answered, 1]])
    expect(backlogIds()).toEqual([noted])
    expect(reports.drill({ week: '2026-W47', metric: 'unanswered' }).rows.map((row) => row.conversation.id)).toEqual([noted])
  })

  it(`${RULES.automaticReplies.title}: an automatic reply is counted as sent but never stops the clock or ends a wait`, async () => {
    const c = r.conversation(account, 'dm', { createdAt: at(17, 12) })
    r.message(c, 'in', at(17, 12))
    r.message(c, 'out', at(17, 12, 0, 30), { raw: AUTOMATIC, text: 'Thanks! We usually answer within a day.' })
    const person = r.message(c, 'out', at(17, 14), { profile: r.profile('Sam') })
    const onlyBot = r.conversation(account, 'dm', { createdAt: at(18, 10) })
    r.message(onlyBot, 'in', at(18, 10))
    r.message(onlyBot, 'out', at(18, 10, 0, 30), { raw: AUTOMATIC })

    expect(rowOf(waits(), c)!.pair).toMatchObject({ reply: { id: person }, waitMs: 2 * HOUR })
    const summary = await reports.weekly('2026-W47')
    expect(summary.headline.repliesSent).toBe(3)
    expect(summary.responseRate).toMatchObject({ eligible: 2, responded: 1 })
    expect(backlogIds()).toEqual([onlyBot])
    expect(reports.drill({ week: '2026-W47', metric: 'unanswered' }).rows[0]!.pair!.explanation).toBe('Wed 18 Nov 10:00 → no reply by Wed 25 Nov 12:00, waiting 1 d 18 h in business hours (7 d 2 h on the clock)')
  })

  it(`${RULES.reopened.title}: a new message after an answer starts a new wait in its own week, measured once a week`, async () => {
    // Answered in W46 and closed; reopened on Wednesday of W47, asked again on Thursday after the reply.
    const c = r.conversation(account, 'comment', { createdAt: at(12, 10), status: 'done', lastActivityAt: at(19, 18) })
    r.message(c, 'in', at(12, 10))
    r.message(c, 'out', at(12, 11))
    const reopened = r.message(c, 'in', at(18, 10))
    const reply = r.message(c, 'out', at(18, 12))
    r.message(c, 'in', at(19, 10))
    r.message(c, 'out', at(19, 18))

    expect(waits('2026-W46').map((row) => row.pair!.waitMs)).toEqual([HOUR])
    const w47 = waits()
    expect(w47).toHaveLength(1)
    expect(w47[0]!.pair).toMatchObject({ asked: { id: reopened }, reply: { id: reply }, waitMs: 2 * HOUR })
    expect((await reports.weekly('2026-W47')).responseRate).toMatchObject({ eligible: 1, responded: 1 })
  })

  it('shows each rule beside the definitions it applies to', async () => {
    const summary = await reports.weekly('2026-W47')
    for (const key of ['responseRate', 'firstResponse', 'backlog']) {
      expect(summary.definitions.find((d) => d.key === key)!.rules!.map((rule) => rule.key)).toEqual(['internalNotes', 'automaticReplies', 'reopened'])
    }
    expect(summary.definitions.find((d) => d.key === 'repliesSent')!.rules!.map((rule) => rule.key)).toEqual(['internalNotes', 'automaticReplies'])
  })
})
