import { Worker, type MessagePort } from 'node:worker_threads'

/** What travels to a request thread, and back. */
interface ThreadRequest<T> {
  id: number
  body: T
}
type ThreadAnswer<A> = { id: number; ok: true; value: A } | { id: number; ok: false; message: string }

/**
 * A helper thread that answers requests one at a time (the report reader, the item preparer): started
 * with the first request, never what keeps a CLI command or a closing app alive, and stopped after
 * `idleMs` without one. When the thread fails or stops, every request waiting on it is rejected.
 */
export class IdleThread<T, A> {
  private worker: Worker | null = null
  private readonly pending = new Map<number, { resolve: (value: A) => void; reject: (error: Error) => void }>()
  private nextId = 1
  private idle: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly entry: string,
    private readonly options: { name: string; idleMs: number; workerData?: unknown },
  ) {}

  async request(body: T): Promise<A> {
    if (this.idle) clearTimeout(this.idle)
    const id = this.nextId++
    try {
      return await new Promise<A>((resolve, reject) => {
        this.pending.set(id, { resolve, reject })
        this.start().postMessage({ id, body } satisfies ThreadRequest<T>)
      })
    } finally {
      // A request that could not be posted (a value that cannot be cloned) is not waited for.
      this.pending.delete(id)
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
    const worker = new Worker(this.entry, { workerData: this.options.workerData })
    worker.unref()
    worker.on('message', (answer: ThreadAnswer<A>) => {
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
    worker.on('exit', (code) => fail(new Error(`The ${this.options.name} stopped (exit code ${code}).`)))
    this.worker = worker
    return worker
  }

  private scheduleStop(): void {
    if (this.pending.size > 0 || !this.worker) return
    this.idle = setTimeout(() => void this.close(), this.options.idleMs)
    this.idle.unref()
  }
}

/** The thread's side: answers each request with `handle`'s value, or its error's message. */
export function answerRequests<T, A>(port: MessagePort, handle: (body: T) => A): void {
  port.on('message', (request: ThreadRequest<T>) => {
    let answer: ThreadAnswer<A>
    try {
      answer = { id: request.id, ok: true, value: handle(request.body) }
    } catch (error) {
      answer = { id: request.id, ok: false, message: (error as Error).message }
    }
    port.postMessage(answer)
  })
}
