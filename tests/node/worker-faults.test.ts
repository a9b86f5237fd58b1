import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'

const entry = join(import.meta.dirname, '..', 'support', 'fault-log-worker.mjs')

type Message = { type: 'log'; line: string } | { type: 'pong' }

/** The database worker never dies silently: a forgotten promise is logged and survived; an uncaught error is logged and ends it (the host restarts it). */
describe('database worker fault logging', () => {
  const start = () => {
    const worker = new Worker(entry)
    const messages: Message[] = []
    const waiters: (() => void)[] = []
    worker.on('message', (m: Message) => {
      messages.push(m)
      for (const w of waiters.splice(0)) w()
    })
    const next = (type: Message['type']): Promise<Message> =>
      new Promise((resolve) => {
        const check = (): void => {
          const found = messages.find((m) => m.type === type)
          if (found) {
            messages.splice(messages.indexOf(found), 1)
            resolve(found)
          } else waiters.push(check)
        }
        check()
      })
    return { worker, next }
  }

  it('logs an unhandled rejection and keeps the worker running', async () => {
    const { worker, next } = start()
    const died = new Promise<never>((_, reject) => worker.once('exit', (code) => reject(new Error(`the worker died (exit code ${code})`))))
    worker.postMessage('reject')
    const log = (await Promise.race([next('log'), died])) as { line: string }
    expect(log.line).toMatch(/unhandled rejection.*a forgotten promise failed/s)
    worker.postMessage('ping')
    expect(await Promise.race([next('pong'), died])).toEqual({ type: 'pong' })
    await worker.terminate()
  })

  it('logs an uncaught exception and ends the worker with a failure code', async () => {
    const { worker, next } = start()
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve))
    worker.postMessage('throw')
    const log = (await next('log')) as { line: string }
    expect(log.line).toMatch(/cannot recover from and will restart.*worker state is broken/s)
    expect(await exited).toBe(1)
  })
})
