import type { ConversationExport } from '../../../shared/contract'
import { kindLabel } from '../reports/format'
import { escapeHtml as e } from '../reports/svg-charts'
import { approvalLine, auditLine, channelLine, conversationTitle, messageMeta, permalinkOf, profileNames, stamp, statusLabels, threadOrder } from './format'

const STYLE = `
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#212529;margin:0;background:#fff}
main{max-width:860px;margin:0 auto;padding:32px 24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #dee2e6;padding-bottom:4px}
.muted{color:#6c757d}dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:12px 0}dl.facts dt{color:#495057}dl.facts dd{margin:0}
ol.thread{list-style:none;padding:0;margin:0}ol.thread li{border:1px solid #dee2e6;border-radius:8px;padding:10px 12px;margin:0 0 10px}
li.out{background:#f1f7ff}li.note{background:#fff9db;border-color:#f0c36d}li.activity{background:#f8f9fa;color:#495057}li.context{border-style:dashed}
.who{font-weight:600}.meta{font-size:12px;color:#6c757d}.text{white-space:pre-wrap;overflow-wrap:anywhere;margin-top:6px}
.badge{display:inline-block;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;background:#f0c36d;color:#5c3c00;border-radius:4px;padding:0 6px;margin-left:6px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e9ecef;vertical-align:top}
pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px;margin:0}
@media print{ol.thread li{break-inside:avoid}}`

/** Text only: channel text is untrusted, so it is escaped, never inserted as markup. */
const text = (s: string): string => `<div class="text">${e(s)}</div>`

function message(doc: ConversationExport, m: ConversationExport['messages'][number]): string {
  const link = permalinkOf(m)
  const classes = [m.direction, m.isContext ? 'context' : ''].filter(Boolean).join(' ')
  return (
    `<li class="${classes}" data-message-id="${m.id}"${m.internal ? ' data-internal="true"' : ''}>` +
    `<div><span class="who">${e(m.author.name)}</span> <span class="muted">${e(m.author.handle)}</span>${m.internal ? '<span class="badge">Internal note</span>' : ''}</div>` +
    `<div class="meta">${e(messageMeta(doc, m))}${link ? ` · <a href="${e(link)}" rel="noopener noreferrer nofollow">permalink</a>` : ''}</div>` +
    text(m.text) +
    `</li>`
  )
}

/**
 * One self-contained HTML file: inline CSS, no images or scripts, and a CSP that forbids every
 * request, so opening it never contacts anyone. Permalinks stay as plain links a person may follow.
 */
export function renderConversationHtml(doc: ConversationExport): string {
  const c = doc.conversation
  const names = profileNames(doc)
  const facts: [string, string][] = [
    ['Channel', channelLine(doc)],
    ['Kind', kindLabel(c.kind)],
    ['Status', statusLabels[c.status]],
    ['From', `${c.authorName} ${c.authorHandle}`.trim()],
    ['Started', stamp(doc, c.createdAt)],
    ['Last activity', stamp(doc, c.lastActivityAt)],
    ['First reply', c.firstReplyAt === null ? 'None yet' : stamp(doc, c.firstReplyAt)],
    ['Assigned to', c.assignee?.name ?? 'Nobody'],
    ['Tags', c.tags.length ? c.tags.join(', ') : 'None'],
    ['Internal notes', doc.includesInternalNotes ? 'Included, marked “Internal note”' : 'Left out of this export'],
  ]
  const approvals = doc.approvals.length
    ? `<ol>${doc.approvals.map((a) => `<li><div>${e(approvalLine(doc, a))}</div>${a.decisionNote ? `<div class="muted">Note: ${e(a.decisionNote)}</div>` : ''}${text(a.body)}</li>`).join('')}</ol>`
    : '<p class="muted">No reply in this conversation needed approval.</p>'
  const outbox = doc.outbox.length
    ? `<table><thead><tr><th>Queued</th><th>State</th><th>Sent</th><th>Text</th></tr></thead><tbody>${doc.outbox
        .map((o) => `<tr><td>${e(stamp(doc, o.createdAt))}</td><td>${e(o.state)}</td><td>${o.sentAt === null ? '-' : e(stamp(doc, o.sentAt))}</td><td><pre>${e(o.body)}</pre></td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="muted">Nothing was sent from Parley in this conversation.</p>'
  const audit = doc.audit.length
    ? `<table><thead><tr><th>Event</th><th>Details</th></tr></thead><tbody>${doc.audit
        .map((ev) => `<tr><td>${e(auditLine(doc, ev, names))}</td><td><pre>${e(JSON.stringify(ev.payload))}</pre></td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="muted">No audit events for this conversation.</p>'
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(conversationTitle(doc))} · Parley</title><style>${STYLE}</style></head>
<body><main>
<h1>${e(conversationTitle(doc))}</h1>
<p class="muted">Conversation #${c.id} · exported ${e(stamp(doc, doc.exportedAt))} by ${e(doc.exportedBy.name)} · times in ${e(doc.timeZone)}</p>
<dl class="facts">${facts.map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>
<h2>Thread</h2>
${doc.messages.length ? `<ol class="thread">${threadOrder(doc).map((m) => message(doc, m)).join('')}</ol>` : '<p class="muted">No messages.</p>'}
<h2>Approvals</h2>
${approvals}
<h2>Sent from Parley</h2>
${outbox}
<h2>Audit trail</h2>
${audit}
</main></body></html>
`
}
