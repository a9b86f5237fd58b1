import { accessSync, constants, mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { ParleyError } from '../../../shared/contract'
import type { ReportFormat, WeeklySummary } from '../../../shared/contract/operations-reports'
import type { MetricsQueries } from './metrics'
import { conversationsCsv, daysCsv } from './render-csv'
import { renderHtml } from './render-html'
import { renderJson } from './render-json'
import { renderPdf } from './render-pdf'
import { replyCutoff } from './summary'
import { parseWeek } from './week'
import { PRIVATE_DIR_MODE, writePrivateFile } from '../../store/private-files'

export interface ReportFile {
  name: string
  mediaType: string
  encoding: 'utf8' | 'base64'
  content: string
}

/** The files of one format: one file, or two for CSV (conversations and days). */
export async function exportFiles(summary: WeeklySummary, format: ReportFormat, queries: MetricsQueries): Promise<ReportFile[]> {
  const base = `parley-weekly-${summary.week}`
  switch (format) {
    case 'html':
      return [{ name: `${base}.html`, mediaType: 'text/html', encoding: 'utf8', content: renderHtml(summary) }]
    case 'json':
      return [{ name: `${base}.json`, mediaType: 'application/json', encoding: 'utf8', content: renderJson(summary) }]
    case 'pdf':
      return [{ name: `${base}.pdf`, mediaType: 'application/pdf', encoding: 'base64', content: (await renderPdf(summary)).toString('base64') }]
    case 'csv': {
      const week = parseWeek(summary.week, summary.timeZone)
      const rows = queries.conversations(week, replyCutoff(week, summary.generatedAt))
      return [
        { name: `${base}-conversations.csv`, mediaType: 'text/csv', encoding: 'utf8', content: conversationsCsv(summary, rows) },
        { name: `${base}-days.csv`, mediaType: 'text/csv', encoding: 'utf8', content: daysCsv(summary) },
      ]
    }
  }
}

/** Creates the folder if needed and checks it can be written, with a message a person can act on. */
export function ensureWritableFolder(folder: string): void {
  try {
    // A folder Parley creates is private; one the user already has keeps the modes the user gave it.
    mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE })
    accessSync(folder, constants.W_OK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' || code === 'EEXIST' ? 'it is not a folder' : (error as Error).message
    throw new ParleyError('bad_input', `Cannot write the report to ${folder}: ${why}. Choose a folder you can write to.`)
  }
}

/**
 * Writes each file (a report, or exported conversations) next to a temporary copy, then renames it,
 * so a reader never sees half a file.
 */
export function writeFiles(folder: string, files: ReportFile[]): string[] {
  ensureWritableFolder(folder)
  return files.map((f) => {
    const path = join(folder, f.name)
    const tmp = `${path}.part`
    try {
      // Reports and conversations name customers and quote their words: readable by this user only
      // (0600, and a leftover .part is tightened too).
      writePrivateFile(tmp, Buffer.from(f.content, f.encoding))
      renameSync(tmp, path)
    } catch (error) {
      throw new ParleyError('bad_input', `Cannot write ${path}: ${(error as Error).message}`)
    }
    return path
  })
}
