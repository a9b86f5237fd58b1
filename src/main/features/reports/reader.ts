import { IdleThread } from '../../base/idle-thread'
import type { HeadlineMetrics } from './metrics'
import type { ReportWeek } from './week'

/** A request to the report reader thread. */
export interface HeadlineRequest {
  week: ReportWeek
  cutoff: number
}

/** What the reader thread is started with. */
export interface ReportReaderData {
  file: string
}

const IDLE_MS = 60_000

/**
 * The previous week's headline, computed on a second, read-only connection in its own thread while the
 * database worker computes the current week: WAL lets both read at once, and the machine has two cores.
 * The thread starts with the first summary and stops after a minute without one.
 */
export class ReportReader {
  private readonly thread

  constructor(entry: string, file: string) {
    this.thread = new IdleThread<HeadlineRequest, HeadlineMetrics>(entry, { name: 'report reader', idleMs: IDLE_MS, workerData: { file } satisfies ReportReaderData })
  }

  headline(week: ReportWeek, cutoff: number): Promise<HeadlineMetrics> {
    return this.thread.request({ week, cutoff })
  }

  close(): Promise<void> {
    return this.thread.close()
  }
}
