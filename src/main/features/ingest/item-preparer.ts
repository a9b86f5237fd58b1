import { Worker } from 'node:worker_threads'
import type { NormalizedItem } from '../../model/items'
import { prepareItems, type PreparedItem } from '../../model/prepared-item'

/** Makes channel items ready to store (model/prepared-item.ts): neutralised, sanitised, previewed. */
export interface ItemPreparer {
  prepare(items: readonly NormalizedItem[]): Promise<PreparedItem[]>
  close(): Promise<void>
}

/** Prepares on the calling thread: the CLI, tests, and the fallback when the thread cannot be used. */
export const inlinePreparer: ItemPreparer = {
  prepare: async (items) => prepareItems(items),
  close: async () => {},
}

/** A request to the preparer thread and its answer. */
export interface PrepareRequest {
  id: number
  items: readonly NormalizedItem[]
}
export type PrepareAnswer = { id: number; ok: true; items: PreparedItem[] } | { id: number; ok: false; message: string }

const IDLE_MS = 60_000

/**
 * Prepares items on a thread of its own, so sanitising a poll's HTML runs on the second core while the
 * database worker writes the batch before it. Anything the thread cannot do (an item that cannot be
 * posted to it, a failure, a thread that stopped) is prepared here instead: the thread only ever makes
 * ingest faster, never the reason an item is not stored. It starts with the first batch and stops after
 * a minute without one.
 */
export class ThreadItemPreparer implements ItemPreparer {
  private worker: Worker | null = null
  private readonly pending = new Map<number, { items: readonly NormalizedItem[]; resolve: (p: PreparedItem[]) => void; reject: (e: Error) => void }>()
  private nextId = 1
  private idle: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly entry: string,
    private readonly log: (line: string) => void = (line) => void process.stderr.write(`${line}\n`),
  ) {}

  async prepare(items: readonly NormalizedItem[]): Promise<PreparedItem[]> {
    if (!items.length) return []
    if (this.idle) clearTimeout(this.idle)
    const id = this.nextId++
    try {
      return await new Promise<PreparedItem[]>((resolve, reject) => {
        this.pending.set(id, { items, resolve, reject })
        this.start().postMessage({ id, items } satisfies PrepareRequest)
      })
    } catch (error) {
      this.pending.delete(id)
      // Prepared here, as they would have been before the thread existed; an item that fails here fails the poll as it always did.
      this.log(`ingest: preparing ${items.length} item(s) on the database thread instead (${(error as Error).message})`)
      return prepareItems(items)
    } finally {
      this.scheduleStop()
    }
  }

  async close(): Promise<void> {
    if (this.idle) clearTimeout(this.idle)
    const worker = this.worker
    this.worker = null
    if (worker) await worker.terminate()
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(this.entry)
    // Never what keeps a CLI command or a closing app alive.
    worker.unref()
    worker.on('message', (answer: PrepareAnswer) => {
      const waiting = this.pending.get(answer.id)
      this.pending.delete(answer.id)
      if (!waiting) return
      if (answer.ok) waiting.resolve(answer.items)
      else waiting.reject(new Error(answer.message))
    })
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = null
      for (const waiting of this.pending.values()) waiting.reject(error)
      this.pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`the item preparer stopped (exit code ${code})`)))
    this.worker = worker
    return worker
  }

  private scheduleStop(): void {
    if (this.pending.size > 0 || !this.worker) return
    this.idle = setTimeout(() => void this.close(), IDLE_MS)
    this.idle.unref()
  }
}
