import { Worker } from 'node:worker_threads'
import { ParleyError, type CallResult } from '../../../shared/contract'
import type { CoreClient, CoreEventListener } from './core-client'
import type { FromWorker, ToWorker, WorkerData } from './messages'

export interface WorkerCoreOptions {
  /** Where restarts are announced; default stderr. */
  log?: (line: string) => void
  /** Unexpected stops tolerated before Parley gives up and says so; default 3. */
  maxRestarts?: number
}

/** A client that can also tell how many calls still wait for an answer (tests check nothing leaks). */
export type WorkerCoreClient = CoreClient & { pendingCalls(): number; restarts(): number }

const unavailable = (message: string): CallResult<unknown> => ({ ok: false, error: { code: 'unavailable', message } })

const GAVE_UP =
  'Parley’s workspace stopped unexpectedly several times and was not restarted. Nothing was lost from what was saved; ' +
  'the details are in the terminal or log where Parley runs. Quit Parley and start it again.'

/**
 * Starts the database worker and talks to it by message, so no query ever
 * runs on the thread that serves the window or the HTTP requests. If the
 * worker stops without being asked to, the calls it held answer "unavailable",
 * the stop is logged and a new worker opens the workspace again.
 */
export function startWorkerCore(data: WorkerData, entry: URL | string, options: WorkerCoreOptions = {}): Promise<WorkerCoreClient> {
  const log = options.log ?? ((line: string) => console.error(line))
  const maxRestarts = options.maxRestarts ?? 3
  const pending = new Map<number, (result: CallResult<unknown>) => void>()
  const listeners = new Set<CoreEventListener>()
  /** Calls made while a new worker starts; sent once it is ready. */
  let queued: { id: number; op: unknown; input: unknown }[] = []
  let nextId = 1
  let worker: Worker
  let ready = false
  let closing: (() => void) | null = null
  let stopped: string | null = null
  let restarts = 0

  const answer = (id: number, result: CallResult<unknown>): void => {
    const done = pending.get(id)
    pending.delete(id)
    done?.(result)
  }
  const failAll = (message: string): void => {
    for (const resolve of pending.values()) resolve(unavailable(message))
    pending.clear()
    queued = []
  }
  const post = (id: number, op: unknown, input: unknown): void => {
    try {
      worker.postMessage({ type: 'call', id, op, input } satisfies ToWorker)
    } catch {
      // Not plain data, or nested too deep to copy: answer now and keep nothing pending.
      answer(id, { ok: false, error: { code: 'bad_input', message: 'Parley could not pass that request on: it is not plain data or is nested too deeply.' } })
    }
  }

  return new Promise((resolve, reject) => {
    const spawn = (): void => {
      ready = false
      const current = new Worker(entry, { workerData: data })
      worker = current
      current.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'ready': {
            ready = true
            if (restarts === 0) resolve(client)
            else log('[parley] The workspace worker is running again.')
            const waiting = queued
            queued = []
            for (const call of waiting) post(call.id, call.op, call.input)
            break
          }
          case 'failed':
            if (restarts === 0) reject(new ParleyError('unavailable', message.message))
            else giveUp(`Parley could not reopen the workspace: ${message.message}`)
            void current.terminate()
            break
          case 'result':
            answer(message.id, message.result)
            break
          case 'event':
            for (const listener of listeners) listener(message.name, message.payload)
            break
          case 'closed':
            closing?.()
            break
        }
      })
      current.on('error', (error) => {
        log(`[parley] The workspace worker failed: ${error.stack ?? error.message}`)
        if (restarts === 0 && !ready) reject(error)
      })
      current.on('exit', (code) => {
        if (worker !== current) return
        if (closing) {
          stopped = 'The workspace is closed.'
          failAll(stopped)
          closing()
          return
        }
        if (stopped) return failAll(stopped)
        if (!ready && restarts === 0) {
          stopped = 'The workspace is closed.'
          return failAll(stopped)
        }
        failAll('Parley’s workspace stopped unexpectedly and is restarting. Try again in a moment.')
        if (restarts >= maxRestarts) return giveUp(GAVE_UP)
        restarts += 1
        log(`[parley] The workspace worker stopped unexpectedly (exit code ${code}); restarting it (restart ${restarts} of at most ${maxRestarts}).`)
        spawn()
      })
    }
    const giveUp = (message: string): void => {
      stopped = message
      log(`[parley] ${message}`)
      failAll(message)
    }

    const client: WorkerCoreClient = {
      call(op, input) {
        if (stopped) return Promise.resolve(unavailable(stopped))
        const id = nextId++
        return new Promise((done) => {
          pending.set(id, done)
          if (ready) post(id, op, input)
          else queued.push({ id, op, input })
        })
      },
      subscribe(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      close() {
        if (stopped) return Promise.resolve()
        return new Promise<void>((done) => {
          closing = done
          worker.postMessage({ type: 'close' } satisfies ToWorker)
        })
      },
      pendingCalls: () => pending.size,
      restarts: () => restarts,
    }
    spawn()
  })
}
