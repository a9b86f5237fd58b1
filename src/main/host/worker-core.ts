import { Worker } from 'node:worker_threads'
import { ParleyError, type CallResult } from '../../shared/contract'
import type { CoreClient, CoreEventListener } from './core-client'
import type { FromWorker, ToWorker, WorkerData } from './messages'

/**
 * Starts the database worker and talks to it by message, so no query ever
 * runs on the thread that serves the window or the HTTP requests.
 */
export function startWorkerCore(data: WorkerData, entry: URL | string): Promise<CoreClient> {
  const worker = new Worker(entry, { workerData: data })
  const pending = new Map<number, (result: CallResult<unknown>) => void>()
  const listeners = new Set<CoreEventListener>()
  let nextId = 1
  let exited = false
  const post = (message: ToWorker): void => worker.postMessage(message)

  const failAll = (message: string): void => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'unavailable', message } })
    pending.clear()
  }

  return new Promise((resolve, reject) => {
    let closing: (() => void) | null = null
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          resolve(client)
          break
        case 'failed':
          reject(new ParleyError('unavailable', message.message))
          void worker.terminate()
          break
        case 'result': {
          const done = pending.get(message.id)
          pending.delete(message.id)
          done?.(message.result)
          break
        }
        case 'event':
          for (const listener of listeners) listener(message.name, message.payload)
          break
        case 'closed':
          closing?.()
          break
      }
    })
    worker.on('error', (error) => {
      failAll(`The workspace worker stopped: ${error.message}`)
      reject(error)
    })
    worker.on('exit', () => {
      exited = true
      failAll('The workspace worker has stopped.')
      closing?.()
    })

    const client: CoreClient = {
      call(op, input) {
        if (exited) return Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'The workspace is closed.' } })
        const id = nextId++
        return new Promise((done) => {
          pending.set(id, done)
          post({ type: 'call', id, op, input })
        })
      },
      subscribe(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      close() {
        if (exited) return Promise.resolve()
        return new Promise<void>((done) => {
          closing = done
          post({ type: 'close' })
        })
      },
    }
  })
}
