/** Entry of the weekly summary's read-only second thread (reports/reader.ts): a small bundle of its own. */
import { parentPort, workerData } from 'node:worker_threads'
import type { ReportReaderData } from '../features/reports/reader'
import { runReportReader } from '../features/reports/reader-thread'

if (!parentPort) throw new Error('report-reader must run as a worker thread')
runReportReader(parentPort, workerData as ReportReaderData)
