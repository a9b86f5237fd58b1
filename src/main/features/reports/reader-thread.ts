import type { MessagePort } from 'node:worker_threads'
import { answerRequests } from '../../base/idle-thread'
import { openReportsReadModel } from '../../store/reports-read'
import { MetricsQueries } from './metrics'
import type { HeadlineRequest, ReportReaderData } from './reader'

/** The report reader's side: a read-only connection that answers headline requests one at a time. */
export function runReportReader(port: MessagePort, data: ReportReaderData): void {
  const queries = new MetricsQueries(openReportsReadModel(data.file))
  answerRequests(port, (request: HeadlineRequest) => queries.headlineWeek(request.week, request.cutoff))
}
