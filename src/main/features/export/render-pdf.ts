import type PDFKitDocument from 'pdfkit'
import { lazyModule } from '../../base/lazy-module'
import type { ConversationExport } from '../../../shared/contract'
import { kindLabel } from '../reports/format'
import { pdfText } from '../reports/render-pdf'
import { approvalLine, auditLine, channelLine, conversationTitle, messageMeta, permalinkOf, profileNames, stamp, statusLabels, threadOrder } from './format'

/** pdfkit (and fontkit, brotli) load with the first PDF, not with Parley. */
const PDFDocument = lazyModule<typeof PDFKitDocument>('pdfkit')

type Doc = PDFKit.PDFDocument
const M = 48
const PAGE_W = 595.28
const PAGE_H = 841.89
const CONTENT_W = PAGE_W - 2 * M

function heading(doc: Doc, title: string): void {
  if (doc.y > PAGE_H - M - 80) doc.addPage()
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor('#212529').text(pdfText(title), M, doc.y)
  doc.moveDown(0.3)
}

/** A block of lines that starts a new page rather than leaving its first line alone at the bottom. */
function block(doc: Doc, head: string, meta: string, body: string, tint: string | null): void {
  doc.font('Helvetica').fontSize(10)
  const height = doc.heightOfString(pdfText(body), { width: CONTENT_W - 16 }) + 34
  if (doc.y + Math.min(height, 120) > PAGE_H - M) doc.addPage()
  const top = doc.y
  if (tint && height < PAGE_H - 2 * M - top) doc.rect(M, top - 2, CONTENT_W, height).fill(tint)
  doc.fillColor('#212529').font('Helvetica-Bold').fontSize(10).text(pdfText(head), M + 8, top + 2, { width: CONTENT_W - 16 })
  doc.font('Helvetica').fontSize(8.5).fillColor('#6c757d').text(pdfText(meta), M + 8, doc.y, { width: CONTENT_W - 16 })
  doc.font('Helvetica').fontSize(10).fillColor('#212529').text(pdfText(body), M + 8, doc.y + 3, { width: CONTENT_W - 16 })
  doc.y += 10
}

/**
 * The conversation as a paginated A4 PDF with pdfkit (pure Node, like the weekly report): the facts,
 * the thread with internal notes marked, approvals, what was sent, and the audit trail.
 */
export function renderConversationPdf(d: ConversationExport): Promise<Buffer> {
  const c = d.conversation
  const doc = new (PDFDocument())({ size: 'A4', margin: M, bufferPages: true, info: { Title: pdfText(`Parley conversation #${c.id}: ${conversationTitle(d)}`), Author: 'Parley' } })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  doc.font('Helvetica-Bold').fontSize(18).fillColor('#212529').text(pdfText(conversationTitle(d)), { width: CONTENT_W })
  doc.font('Helvetica').fontSize(9).fillColor('#6c757d').text(pdfText(`Conversation #${c.id} · exported ${stamp(d, d.exportedAt)} by ${d.exportedBy.name} · times in ${d.timeZone}`))
  doc.moveDown(0.6).fillColor('#212529').fontSize(10)
  const facts: [string, string][] = [
    ['Channel', channelLine(d)],
    ['Kind', kindLabel(c.kind)],
    ['Status', statusLabels[c.status]],
    ['From', `${c.authorName} ${c.authorHandle}`.trim()],
    ['Started', stamp(d, c.createdAt)],
    ['First reply', c.firstReplyAt === null ? 'None yet' : stamp(d, c.firstReplyAt)],
    ['Assigned to', c.assignee?.name ?? 'Nobody'],
    ['Tags', c.tags.length ? c.tags.join(', ') : 'None'],
    ['Internal notes', d.includesInternalNotes ? 'Included, marked INTERNAL NOTE' : 'Left out of this export'],
  ]
  for (const [k, v] of facts) {
    const y = doc.y
    doc.font('Helvetica').fillColor('#495057').text(k, M, y, { width: 100 })
    doc.fillColor('#212529').text(pdfText(v), M + 110, y, { width: CONTENT_W - 110 })
  }

  heading(doc, 'Thread')
  if (!d.messages.length) doc.font('Helvetica').fontSize(10).fillColor('#6c757d').text('No messages.', M, doc.y)
  for (const m of threadOrder(d)) {
    const link = permalinkOf(m)
    const head = `${m.internal ? 'INTERNAL NOTE · ' : ''}${m.author.name} ${m.author.handle}`.trim()
    const tint = m.internal ? '#fff3bf' : m.direction === 'out' ? '#e7f1ff' : null
    block(doc, head, `${messageMeta(d, m)}${link ? ` · ${link}` : ''}`, m.text, tint)
  }

  heading(doc, 'Approvals')
  if (!d.approvals.length) doc.font('Helvetica').fontSize(10).fillColor('#6c757d').text('No reply in this conversation needed approval.', M, doc.y)
  for (const a of d.approvals) block(doc, approvalLine(d, a), a.decisionNote ? `Note: ${a.decisionNote}` : a.reason, a.body, null)

  heading(doc, 'Sent from Parley')
  if (!d.outbox.length) doc.font('Helvetica').fontSize(10).fillColor('#6c757d').text('Nothing was sent from Parley in this conversation.', M, doc.y)
  for (const o of d.outbox) block(doc, `${o.state}, queued ${stamp(d, o.createdAt)}`, o.sentAt === null ? 'not sent' : `sent ${stamp(d, o.sentAt)}`, o.body, null)

  heading(doc, 'Audit trail')
  const names = profileNames(d)
  if (!d.audit.length) doc.font('Helvetica').fontSize(10).fillColor('#6c757d').text('No audit events for this conversation.', M, doc.y)
  for (const ev of d.audit) {
    if (doc.y > PAGE_H - M - 30) doc.addPage()
    doc.font('Helvetica').fontSize(9).fillColor('#212529').text(pdfText(auditLine(d, ev, names)), M, doc.y, { width: CONTENT_W })
    doc.fontSize(7.5).fillColor('#6c757d').text(pdfText(JSON.stringify(ev.payload)), M + 12, doc.y, { width: CONTENT_W - 12 })
    doc.moveDown(0.3)
  }

  // Page numbers last, when the count is known.
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    // The footer sits in the bottom margin; without this pdfkit would start a new page for it.
    doc.page.margins.bottom = 0
    doc.font('Helvetica').fontSize(8).fillColor('#6c757d').text(`Page ${i + 1} of ${range.count}`, M, PAGE_H - M + 16, { width: CONTENT_W, align: 'right', lineBreak: false })
  }
  doc.end()
  return done
}
