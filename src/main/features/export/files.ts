import type { ConversationExport, ConversationExportFormat } from '../../../shared/contract'
import type { ReportFile } from '../reports/export'
import { baseName } from './format'
import { renderConversationHtml } from './render-html'
import { renderConversationJson } from './render-json'
import { renderConversationPdf } from './render-pdf'

/** One conversation in one format, as file content (base64 for the PDF), like the weekly report's export. */
export async function conversationFile(doc: ConversationExport, format: ConversationExportFormat): Promise<ReportFile> {
  const name = `${baseName(doc)}.${format}`
  switch (format) {
    case 'html':
      return { name, mediaType: 'text/html', encoding: 'utf8', content: renderConversationHtml(doc) }
    case 'json':
      return { name, mediaType: 'application/json', encoding: 'utf8', content: renderConversationJson(doc) }
    case 'pdf':
      return { name, mediaType: 'application/pdf', encoding: 'base64', content: (await renderConversationPdf(doc)).toString('base64') }
  }
}
