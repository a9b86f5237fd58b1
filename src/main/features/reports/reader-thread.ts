import type { MessagePort } from 'node:worker_threads'
import { openReportsReadModel } from '../../store/reports-read'
import { MetricsQueries } from './metrics'
import type { HeadlineAnswer, HeadlineRequest, ReportReaderData } from './reader'

/** The report reader's side: a read-only connection that answers headline requests one at a time. */
export function runReportReader(port: MessagePort, data: ReportReaderData): void {
  const queries = new MetricsQueries(openReportsReadModel(data.file))
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
