import type PDFKitDocument from 'pdfkit'
import { lazyModule } from '../../base/lazy-module'
import type { WeeklySummary } from '../../../shared/contract/operations-reports'
import { change, channelColour, channelLabel, duration, formatValue, headlineTiles, kindLabel, number, percent } from './format'
import { dayLabel, localStamp, rulesOf, sentimentParts, weekRange } from './render-html'
import { niceMax } from './svg-charts'

/** pdfkit (and fontkit, brotli) load with the first PDF, not with Parley. */
const PDFDocument = lazyModule<typeof PDFKitDocument>('pdfkit')

/** Characters the built-in Helvetica (WinAnsi) can print; anything else from a channel becomes "?". */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'
export function pdfText(s: string): string {
  return s.replace(/−/g, '-').replace(/[^\n\x20-\x7e\xa0-\xff]/gu, (ch) => (WIN_ANSI_EXTRA.includes(ch) ? ch : '?'))
}

type Doc = PDFKit.PDFDocument
const M = 48
const PAGE_W = 595.28
const CONTENT_W = PAGE_W - 2 * M

function heading(doc: Doc, text: string): void {
  if (doc.y > 740) doc.addPage()
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(13).fillColor('#212529').text(pdfText(text), M, doc.y)
  doc.moveDown(0.3).font('Helvetica').fontSize(10)
}

function rows(doc: Doc, head: string[], body: string[][], widths: number[], empty = 'Nothing this week.'): void {
  if (!body.length) {
    doc.font('Helvetica').fontSize(10).fillColor('#6c757d').text(empty, M, doc.y).fillColor('#212529')
    return
  }
  const line = (cells: string[], bold: boolean): void => {
    if (doc.y > 780) doc.addPage()
    const y = doc.y
    let x = M
    let bottom = y
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9.5)
    cells.forEach((c, i) => {
      doc.text(pdfText(c), x, y, { width: widths[i]! - 6, height: 36, ellipsis: true })
      bottom = Math.max(bottom, doc.y)
      x += widths[i]!
    })
    doc.y = bottom + 2
    doc.moveTo(M, doc.y - 1).lineTo(M + CONTENT_W, doc.y - 1).lineWidth(0.5).strokeColor('#dee2e6').stroke()
  }
  line(head, true)
  for (const r of body) line(r, false)
  doc.x = M
}

function bars(doc: Doc, s: WeeklySummary, top: number, height: number): void {
  const channels = s.receivedByChannel.map((c) => c.name)
  const max = niceMax(Math.max(0, ...s.days.map((d) => d.received)))
  const left = M + 36
  const width = CONTENT_W - 36
  const slot = width / 7
  doc.font('Helvetica').fontSize(8).fillColor('#495057')
  for (let i = 0; i <= 4; i++) {
    const y = top + height - (height * i) / 4
    doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.4).strokeColor('#dee2e6').stroke()
    doc.text(String(Math.round((max * i) / 4)), M, y - 4, { width: 30, align: 'right' })
  }
  s.days.forEach((d, i) => {
    let y = top + height
    for (const c of channels) {
      const h = ((d.byChannel[c] ?? 0) / max) * height
      y -= h
      if (h > 0) doc.rect(left + i * slot + slot * 0.2, y, slot * 0.6, h).fill(channelColour(s, c))
    }
    doc.fillColor('#212529').text(String(d.received), left + i * slot, y - 11, { width: slot, align: 'center' })
    doc.fillColor('#495057').text(pdfText(dayLabel(s, d.date)), left + i * slot, top + height + 4, { width: slot, align: 'center' })
  })
  channels.forEach((c, i) => {
    doc.rect(left + i * 100, top + height + 18, 8, 8).fill(channelColour(s, c))
    doc.fillColor('#212529').text(channelLabel(s, c), left + i * 100 + 12, top + height + 18)
  })
}

function lines(doc: Doc, s: WeeklySummary, top: number, height: number): void {
  const days = s.firstResponse.byDay
  const max = niceMax(Math.max(0, ...days.flatMap((d) => [d.medianMs ?? 0, d.p90Ms ?? 0])) / 60_000) * 60_000
  const left = M + 56
  const width = CONTENT_W - 56
  const slot = width / 7
  doc.font('Helvetica').fontSize(8).fillColor('#495057')
  for (let i = 0; i <= 4; i++) {
    const y = top + height - (height * i) / 4
    doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.4).strokeColor('#dee2e6').stroke()
    doc.text(pdfText(duration((max * i) / 4)), M, y - 4, { width: 50, align: 'right' })
  }
  const series = (key: 'medianMs' | 'p90Ms', color: string, dash: boolean): void => {
    let started = false
    days.forEach((d, i) => {
      const v = d[key]
      if (v === null) {
        started = false
        return
      }
      const x = left + i * slot + slot / 2
      const y = top + height - (v / max) * height
      if (started) doc.lineTo(x, y)
      else doc.moveTo(x, y)
      started = true
    })
    if (dash) doc.dash(4, { space: 3 })
    doc.lineWidth(1.5).strokeColor(color).stroke().undash()
    days.forEach((d, i) => {
      const v = d[key]
      if (v !== null) doc.circle(left + i * slot + slot / 2, top + height - (v / max) * height, 2.2).fill(color)
    })
  }
  series('medianMs', '#1c7ed6', false)
  series('p90Ms', '#e8590c', true)
  doc.fillColor('#495057')
  days.forEach((d, i) => doc.text(pdfText(dayLabel(s, d.date)), left + i * slot, top + height + 4, { width: slot, align: 'center' }))
  doc.rect(left, top + height + 18, 8, 8).fill('#1c7ed6')
  doc.fillColor('#212529').text('Median', left + 12, top + height + 18)
  doc.rect(left + 80, top + height + 18, 8, 8).fill('#e8590c')
  doc.fillColor('#212529').text('90th percentile', left + 92, top + height + 18)
}

/**
 * PDF with pdfkit (pure Node, no browser: the CLI prints reports on machines without Chromium).
 * Page 1: the headline numbers and charts. Then the details, then the definitions on their own page.
 */
export function renderPdf(s: WeeklySummary): Promise<Buffer> {
  const doc = new (PDFDocument())({ size: 'A4', margin: M, info: { Title: `Parley weekly summary ${s.week}`, Author: 'Parley' } })
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  doc.font('Helvetica-Bold').fontSize(20).text(`Weekly summary ${s.week}`)
  doc.font('Helvetica').fontSize(10).fillColor('#6c757d').text(pdfText(`${weekRange(s)} · ${s.timeZone} · made ${localStamp(s, s.generatedAt)} · compared with ${s.previousWeek}`))
  const tileW = CONTENT_W / 4
  const tileTop = doc.y + 12
  headlineTiles.forEach((t, i) => {
    const x = M + (i % 4) * tileW
    const y = tileTop + Math.floor(i / 4) * 62
    doc.roundedRect(x + 2, y, tileW - 4, 56, 4).lineWidth(0.6).strokeColor('#dee2e6').stroke()
    doc.font('Helvetica').fontSize(7.5).fillColor('#495057').text(pdfText(t.label.toUpperCase()), x + 8, y + 6, { width: tileW - 16 })
    doc.font('Helvetica-Bold').fontSize(15).fillColor('#212529').text(pdfText(formatValue(t.kind, s.headline[t.key])), x + 8, y + 18, { width: tileW - 16 })
    doc.font('Helvetica').fontSize(7.5).fillColor('#495057').text(pdfText(`${change(t.kind, s.headline[t.key], s.previous[t.key])} vs previous week`), x + 8, y + 38, { width: tileW - 16 })
  })
  doc.y = tileTop + 2 * 62 + 10
  heading(doc, 'Items received per day, by channel')
  let top = doc.y + 8
  bars(doc, s, top, 150)
  // Chart labels move doc.y; the next block starts below the chart and its legend.
  doc.y = top + 150 + 34
  heading(doc, 'First response time by day (median and p90)')
  top = doc.y + 8
  lines(doc, s, top, 150)

  doc.addPage()
  doc.font('Helvetica-Bold').fontSize(16).fillColor('#212529').text('Details')
  heading(doc, 'Received')
  rows(doc, ['Channel', 'Items'], s.receivedByChannel.map((c) => [channelLabel(s, c.name), number(c.count)]), [200, 100])
  doc.moveDown(0.4)
  rows(doc, ['Kind', 'Items'], s.receivedByKind.map((c) => [kindLabel(c.name), number(c.count)]), [200, 100])
  const fr = s.firstResponse
  heading(doc, 'Responses and approvals')
  rows(
    doc,
    ['Measure', 'Value'],
    [
      ['Conversations needing a reply', number(s.responseRate.eligible)],
      ['Response rate', percent(s.responseRate.rate)],
      ['First response, median / p90', `${duration(fr.medianMs)} / ${duration(fr.p90Ms)}`],
      ...(fr.businessHours ? [['First response in business hours, median / p90', `${duration(fr.businessHours.medianMs)} / ${duration(fr.businessHours.p90Ms)}`]] : []),
      ['Not answered yet', number(fr.unanswered)],
      ['Approval wait, median / p90', `${duration(s.approvals.medianWaitMs)} / ${duration(s.approvals.p90WaitMs)}`],
      ['Drafts sent back or rejected', `${percent(s.approvals.sentBackOrRejectedShare)} of ${s.approvals.decided} decided (${s.approvals.pending} pending)`],
    ],
    [280, 219],
  )
  heading(doc, 'Sentiment')
  const total = (v: WeeklySummary['sentiment']['current']): number => v.negative + v.neutral + v.positive + v.unknown
  rows(
    doc,
    ['Sentiment', 'Items', 'Share', 'Previous week', 'Change'],
    sentimentParts(s.sentiment.current).map((p) => {
      const now = total(s.sentiment.current) ? p.value / total(s.sentiment.current) : null
      const before = total(s.sentiment.previous) ? s.sentiment.previous[p.key] / total(s.sentiment.previous) : null
      return [p.label, number(p.value), percent(now), percent(before), change('rate', now, before)]
    }),
    [120, 80, 80, 110, 109],
  )
  heading(doc, 'Handled per profile')
  rows(doc, ['Profile', 'Replies', 'Other actions', 'Conversations'], s.profiles.map((p) => [p.name, number(p.replies), number(p.actions), number(p.conversations)]), [200, 100, 100, 99], 'Nobody replied or acted in Parley this week.')
  heading(doc, 'Top tags and tracked topics')
  rows(doc, ['Tag', 'Conversations'], s.topTags.map((t) => [t.name, number(t.count)]), [200, 100])
  doc.moveDown(0.4)
  rows(doc, ['Topic', 'Items'], s.topics.map((t) => [t.name, number(t.count)]), [200, 100])
  heading(doc, 'Backlog at the week’s end')
  doc.text(
    pdfText(
      `${number(s.backlog.open)} conversations waiting for a reply` +
        (s.backlog.oldestWaitingSince !== null ? `; the oldest since ${localStamp(s, s.backlog.oldestWaitingSince)}.` : '.'),
    ),
    M,
    doc.y,
  )
  heading(doc, 'Notable conversations: most active')
  rows(doc, ['#', 'Channel', 'From', 'About', 'Msgs'], s.notable.mostActive.map((c) => [`#${c.id}`, channelLabel(s, c.channel), c.author, c.title, number(c.messages)]), [45, 70, 110, 234, 40])
  heading(doc, 'Notable conversations: longest waiting')
  rows(
    doc,
    ['#', 'Channel', 'From', 'About', 'Since'],
    s.notable.longestWaiting.map((c) => [`#${c.id}`, channelLabel(s, c.channel), c.author, c.title, c.waitingSince === null ? '-' : localStamp(s, c.waitingSince)]),
    [45, 70, 100, 184, 100],
  )

  doc.addPage()
  doc.font('Helvetica-Bold').fontSize(16).fillColor('#212529').text('Definitions')
  for (const d of s.definitions) {
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(10.5).text(pdfText(d.title))
    doc.font('Helvetica').fontSize(9.5).text(pdfText(d.text), { align: 'left' })
    if (d.rules?.length) doc.text(pdfText(`Rules: ${d.rules.map((r) => r.title).join(', ')}.`))
  }
  doc.moveDown(1).font('Helvetica-Bold').fontSize(14).text('Rules')
  for (const r of rulesOf(s)) {
    doc.moveDown(0.5).font('Helvetica-Bold').fontSize(10.5).text(pdfText(r.title))
    doc.font('Helvetica').fontSize(9.5).text(pdfText(r.text), { align: 'left' })
  }
  doc.end()
  return done
}
