import type { ReportFile } from '../reports/export'
import { escapeHtml as e } from '../reports/svg-charts'

export interface IndexEntry {
  id: number
  title: string
  files: string[]
}

/** The index of a bulk export: which file set holds which conversation, as JSON and as a self-contained HTML page. */
export function indexFiles(view: string, exportedAt: number, entries: IndexEntry[]): ReportFile[] {
  const json = { schema: 'parley.conversation-export-index/1', view, exportedAt, conversations: entries }
  const rows = entries
    .map((c) => `<tr><td>#${c.id}</td><td>${e(c.title)}</td><td>${c.files.map((f) => `<a href="${e(encodeURI(f))}">${e(f)}</a>`).join(' ')}</td></tr>`)
    .join('')
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<title>${e(view)} · Parley export</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:32px}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #e9ecef;text-align:left}</style></head>
<body><h1>${e(view)}</h1><p>${entries.length} ${entries.length === 1 ? 'conversation' : 'conversations'}, exported ${e(new Date(exportedAt).toISOString())}</p>
<table><thead><tr><th>#</th><th>Conversation</th><th>Files</th></tr></thead><tbody>${rows}</tbody></table></body></html>
`
  return [
    { name: 'index.json', mediaType: 'application/json', encoding: 'utf8', content: `${JSON.stringify(json, null, 2)}\n` },
    { name: 'index.html', mediaType: 'text/html', encoding: 'utf8', content: html },
  ]
}
