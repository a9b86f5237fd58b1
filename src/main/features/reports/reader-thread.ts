import type { MessagePort } from 'node:worker_threads'
import { openDatabase } from '../../store/database'
import { MetricsQueries } from './metrics'
import type { HeadlineAnswer, HeadlineRequest, ReportReaderData } from './reader'

/** The report reader's side: a read-only connection that answers headline requests one at a time. */
export function runReportReader(port: MessagePort, data: ReportReaderData): void {
  // The database worker checked the file when it opened it; a read-only connection cannot migrate it.
  const db = openDatabase({ file: data.file, readonly: true, check: false })
  // Its queries scan one week's index range once: a small page cache keeps the thread light (the OS caches the file).
  db.pragma('cache_size = -8192')
  const queries = new MetricsQueries(db)
  port.on('message', (request: HeadlineRequest) => {
    let answer: HeadlineAnswer
    try {
      answer = { id: request.id, ok: true, value: queries.headlineWeek(request.week, request.cutoff) }
    } catch (error) {
      answer = { id: request.id, ok: false, message: (error as Error).message }
    }
    port.postMessage(answer)
  })
}
