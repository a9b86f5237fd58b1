import { join } from 'node:path'
import { PDFParse } from 'pdf-parse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportFiles, type ReportFile } from '../../../src/main/features/reports/export'
import { csvField, neutralise } from '../../../src/main/features/reports/render-csv'
import { weekRange } from '../../../src/main/features/reports/render-html'
import { ReportSettingsStore } from '../../../src/main/features/reports/settings'
import { WeeklyReports } from '../../../src/main/features/reports/summary'
import { ReportsReadModel } from '../../../src/main/store/reports-read'
import { openDatabase, type Db } from '../../../src/main/store/database'
import { SettingsStore } from '../../../src/main/store/settings'
import type { WeeklySummary } from '../../../src/shared/contract/operations-reports'
import { ReportRows } from '../../support/report-workspace'
import { tempDir } from '../../support/workspace'

const at = (day: number, hh: number): number => Date.UTC(2026, 10, day, hh)

async function pdfPages(file: ReportFile): Promise<string[]> {
  const parser = new PDFParse({ data: Buffer.from(file.content, 'base64') })
  try {
    const text = await parser.getText()
    return text.pages.map((p) => p.text)
  } finally {
    await parser.destroy()
  }
}

describe('report exports', () => {
  let t: ReturnType<typeof tempDir>
  let db: Db
  let reports: WeeklyReports
  let summary: WeeklySummary

  beforeAll(async () => {
    t = tempDir()
    db = openDatabase({ file: join(t.dir, 'parley.db') })
    reports = new WeeklyReports(new ReportsReadModel(db), new ReportSettingsStore(new SettingsStore(db)), () => at(25, 12))
    reports.settings.set({ timeZone: 'UTC' })
    const r = new ReportRows(db)
    const acc = r.account('mastodon', 'Brand')
    // Channel content that a spreadsheet would run as a formula.
    const evil = r.conversation(acc, 'comment', { createdAt: at(16, 10), author: '=HYPERLINK("http://evil.example","x")', subject: '@SUM(A1:A9), "quoted"\nnext line' })
    r.message(evil, 'in', at(16, 10), { sentiment: 'negative' })
    r.message(evil, 'out', at(16, 12))
    const plus = r.conversation(acc, 'dm', { createdAt: at(17, 9), author: '+1 555', subject: '-2+3' })
    r.message(plus, 'in', at(17, 9))
    const tab = r.conversation(acc, 'mention', { createdAt: at(18, 9), author: '\tTabby', subject: '\rcarriage' })
    r.message(tab, 'in', at(18, 9))
    r.tag(plus, '=cmd')
    summary = await reports.weekly('2026-W47')
  })
  afterAll(() => {
    db.close()
    t.cleanup()
  })

  it('neutralises CSV cells that start like a formula and quotes per RFC 4180', async () => {
    expect(neutralise('=1+1')).toBe("'=1+1")
    expect(neutralise('plain')).toBe('plain')
    expect(csvField('a "b", c')).toBe('"a ""b"", c"')
    expect(csvField(-5)).toBe('-5')
    const [conversations, days] = await exportFiles(summary, 'csv', reports.queries)
    expect(conversations!.name).toBe('parley-weekly-2026-W47-conversations.csv')
    expect(days!.name).toBe('parley-weekly-2026-W47-days.csv')
    // A UTF-8 byte order mark first, so spreadsheet programs read non-Latin names; then the records.
    expect(conversations!.content.startsWith('\uFEFF')).toBe(true)
    expect(days!.content.startsWith('\uFEFF')).toBe(true)
    expect(Buffer.from(conversations!.content, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    const text = conversations!.content.slice(1)
    expect(text.endsWith('\r\n')).toBe(true)
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`)
    expect(text).toContain(`"'@SUM(A1:A9), ""quoted""\nnext line"`)
    expect(text).toContain(",'+1 555,'-2+3,")
    expect(text).toContain(",'\tTabby,\"'\rcarriage\",")
    expect(text).toContain(",'=cmd\r\n")
    // Every record has the header's number of fields; no cell starts with a formula character unguarded.
    const header = text.split('\r\n')[0]!.split(',')
    expect(header).toContain('first_response_minutes')
    for (const field of text.split(/,|\r\n/)) expect(field).not.toMatch(/^"?[=+@\t\r]/)
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(4)
    const dayRows = days!.content.slice(1).split('\r\n').filter(Boolean)
    expect(dayRows[0]).toBe('week,date,received,received_mastodon,replies_sent,first_response_median_minutes,first_response_p90_minutes')
    expect(dayRows[1]).toBe('2026-W47,2026-11-16,1,1,1,120,120')
    expect(dayRows).toHaveLength(8)
  })

  it('writes a PDF with a summary page, a details page and the definitions', async () => {
    const [pdf] = await exportFiles(summary, 'pdf', reports.queries)
    expect(pdf!.name).toBe('parley-weekly-2026-W47.pdf')
    const pages = await pdfPages(pdf!)
    // Summary, details, then the definitions and the rules (two pages).
    expect(pages).toHaveLength(4)
    expect(pages[0]).toContain('Weekly summary 2026-W47')
    expect(pages[0]).toMatch(/ITEMS RECEIVED\s+3/)
    expect(pages[0]).toContain('Items received per day, by channel')
    expect(pages[0]).toContain('First response time by day')
    expect(pages[1]).toContain('Details')
    expect(pages[1]).toMatch(/Response rate\s+33\.3%/)
    expect(pages[2]).toContain('Definitions')
    const appendix = pages.slice(2).join('\n')
    for (const d of summary.definitions) expect(appendix).toContain(d.title)
    // The written rules once, after the definitions that name them.
    expect(appendix).toContain('Rules: Internal notes, Bot and automatic replies, Reopened conversations.')
    for (const title of ['Internal notes', 'Bot and automatic replies', 'Reopened conversations']) expect(appendix.split(title).length).toBeGreaterThan(2)
  })

  it('writes an empty week’s PDF and HTML without failing', async () => {
    const empty = await reports.weekly('2026-W30')
    const [pdf] = await exportFiles(empty, 'pdf', reports.queries)
    expect(await pdfPages(pdf!)).toHaveLength(4)
    const [html] = await exportFiles(empty, 'html', reports.queries)
    expect(html!.content).toContain('Nothing this week.')
  })

  it('writes self-contained HTML: inline SVG charts, a CSP forbidding requests, and the definitions', async () => {
    const [html] = await exportFiles(summary, 'html', reports.queries)
    const page = html!.content
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)
    expect(page.match(/<svg /g)).toHaveLength(3)
    expect(page).not.toMatch(/<script|<link|<img|src=|url\(/)
    // Channel content is escaped, never markup.
    expect(page).toContain('=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)')
    for (const d of summary.definitions) expect(page).toContain(d.title)
    expect(page).toContain('<h2 id="rules">Rules</h2>')
    expect(page).toContain('<dt>Reopened conversations</dt>')
  })

  it('writes the summary as JSON with a format marker', async () => {
    const [json] = await exportFiles(summary, 'json', reports.queries)
    const parsed = JSON.parse(json!.content) as { format: string; headline: WeeklySummary['headline'] }
    expect(parsed.format).toBe('parley.weekly-summary')
    expect(parsed.headline).toEqual(summary.headline)
  })

  it('names the months (and years) of a week that spans them', () => {
    const week = (start: number, end: number): WeeklySummary => ({ ...summary, start, end, timeZone: 'UTC' })
    expect(weekRange(week(Date.UTC(2026, 10, 30), Date.UTC(2026, 11, 7)))).toBe('30 Nov – 6 Dec 2026')
    expect(weekRange(week(Date.UTC(2026, 10, 16), Date.UTC(2026, 10, 23)))).toBe('16–22 Nov 2026')
    expect(weekRange(week(Date.UTC(2026, 11, 28), Date.UTC(2027, 0, 4)))).toBe('28 Dec 2026 – 3 Jan 2027')
  })
})
