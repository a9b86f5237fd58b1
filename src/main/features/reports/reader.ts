import { Worker } from 'node:worker_threads'
import type { HeadlineMetrics } from './metrics'
import type { ReportWeek } from './week'

/** A request to the report reader thread and its answer. */
export interface HeadlineRequest {
  id: number
  week: ReportWeek
  cutoff: number
}
export type HeadlineAnswer = { id: number; ok: true; value: HeadlineMetrics } | { id: number; ok: false; message: string }

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
  private worker: Worker | null = null
  private readonly pending = new Map<number, { resolve: (m: HeadlineMetrics) => void; reject: (e: Error) => void }>()
  private nextId = 1
  private idle: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly entry: string,
    private readonly file: string,
  ) {}

  headline(week: ReportWeek, cutoff: number): Promise<HeadlineMetrics> {
    const worker = this.start()
    if (this.idle) clearTimeout(this.idle)
    const id = this.nextId++
    return new Promise<HeadlineMetrics>((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.postMessage({ id, week, cutoff } satisfies HeadlineRequest)
    }).finally(() => this.scheduleStop())
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle)
    const worker = this.worker
    this.worker = null
    if (worker) await worker.terminate()
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(this.entry, { workerData: { file: this.file } satisfies ReportReaderData })
    // Never what keeps a CLI command or a closing app alive.
    worker.unref()
    worker.on('message', (answer: HeadlineAnswer) => {
      const waiting = this.pending.get(answer.id)
      this.pending.delete(answer.id)
      if (answer.ok) waiting?.resolve(answer.value)
      else waiting?.reject(new Error(answer.message))
    })
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = null
      for (const waiting of this.pending.values()) waiting.reject(error)
      this.pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`The report reader stopped (exit code ${code}).`)))
    this.worker = worker
    return worker
  }

  private scheduleStop(): void {
    if (this.pending.size > 0 || !this.worker) return
    this.idle = setTimeout(() => void this.close(), IDLE_MS)
    this.idle.unref()
  }
}
