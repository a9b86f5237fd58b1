import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { startWorkerCore, type WorkerCoreClient } from '../../src/main/hosts/worker/worker-core'

const entry = pathToFileURL(join(import.meta.dirname, '..', 'support', 'fault-worker.mjs'))
const data = { dataDir: '/nonexistent', version: 'test', vault: 'none' as const, autoSync: false }

/** The host side of the database worker: a worker that stops must never leave a silent dead app. */
describe('database worker host', () => {
  let client: WorkerCoreClient | null = null
  const lines: string[] = []
  const start = async (maxRestarts?: number): Promise<WorkerCoreClient> => {
    lines.length = 0
    client = await startWorkerCore(data, entry, { log: (line) => lines.push(line), maxRestarts })
    return client
  }
  afterEach(async () => {
    await client?.close()
    client = null
  })

  const threadOf = async (c: WorkerCoreClient): Promise<number> => {
    const result = await c.call('echo', {})
    if (!result.ok) throw new Error(result.error.message)
    return (result.value as { threadId: number }).threadId
  }

  it('restarts a worker that crashed, says so, and answers the next call', async () => {
    const c = await start()
    const first = await threadOf(c)
    const crashed = await c.call('crash', {})
    expect(crashed).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/stopped unexpectedly and is restarting/) } })
    const second = await threadOf(c)
    expect(second).not.toBe(first)
    expect(c.restarts()).toBe(1)
    expect(lines.join('\n')).toMatch(/stopped unexpectedly \(exit code 1\); restarting it/)
    expect(lines.join('\n')).toMatch(/running again/)
    expect(c.pendingCalls()).toBe(0)
  })

  it('answers every call a stopped worker held', async () => {
    const c = await start()
    const held = c.call('hang', {})
    const exiting = c.call('exit', {})
    expect(await held).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    expect(await exiting).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    expect(c.pendingCalls()).toBe(0)
    expect((await c.call('echo', {})).ok).toBe(true)
  })

  it('gives up after repeated stops with a plain message instead of restarting forever', async () => {
    const c = await start(2)
    for (let i = 0; i < 3; i++) await c.call('exit', {})
    const after = await c.call('echo', {})
    expect(after).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/stopped unexpectedly several times.*start it again/) } })
    expect(lines.join('\n')).toMatch(/was not restarted/)
  })

  it('answers 4,000-deep input with bad_input and keeps no pending entry', async () => {
    const c = await start()
    let deep: unknown = {}
    for (let i = 0; i < 4000; i++) deep = { a: deep }
    const result = await c.call('echo', deep)
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_input' } })
    expect(c.pendingCalls()).toBe(0)
    expect((await c.call('echo', {})).ok).toBe(true)
  })
})
