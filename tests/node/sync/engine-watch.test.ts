import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHttpClient } from '../../../src/main/base/http'
import type { Timers } from '../../../src/main/base/timers'
import { inProcessCore } from '../../../src/main/hosts/worker/in-process'
import type { Connector, WatchOptions } from '../../../src/main/model/connector'
import { exampleForumConnector } from '../../support/fake-connector'
import { MemoryVault } from '../../support/sync-workspace'
import { FakeClock, tempDir } from '../../support/workspace'

/**
 * The sync engine's side of a connector's watch (IMAP IDLE for e-mail), with a connector that only
 * records: one watch per active account, opened, renewed and closed with the account, and a wake
 * makes the stream due at once even though the clock never moves.
 */
interface OpenWatch {
  accountId: number
  options: WatchOptions
  closed: boolean
}

function setup() {
  const opened: OpenWatch[] = []
  let polls = 0
  let gate: Promise<void> | null = null
  const watching: Connector = {
    ...exampleForumConnector,
    async poll() {
      polls++
      if (gate) await gate
      return { items: [], nextCursor: null }
    },
    watch(ctx, options) {
      const w: OpenWatch = { accountId: ctx.account.id, options, closed: false }
      opened.push(w)
      return { close: async () => void (w.closed = true) }
    },
  }
  // Timers that never fire: the test runs each pass itself.
  const timers: Timers = { set: () => null, clear: () => undefined }
  const t = tempDir('parley-watch-')
  const client = inProcessCore({ dataDir: t.dir, version: '0.0.0-test', clock: new FakeClock(Date.now()), vault: new MemoryVault(), connectors: [watching], http: createHttpClient('Parley-test'), random: () => 1, timers })
  return {
    core: client.core,
    opened,
    open: () => opened.filter((w) => !w.closed),
    polls: () => polls,
    hold(): () => void {
      let release = (): void => undefined
      gate = new Promise<void>((resolve) => (release = resolve))
      return () => {
        gate = null
        release()
      }
    },
    cleanup: async () => {
      await client.close()
      t.cleanup()
    },
  }
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

const eventually = (check: () => void): Promise<void> => vi.waitFor(check, { timeout: 10_000, interval: 10 })

describe('the sync engine and connector watches', () => {
  it('keeps one watch per active account, polls a woken stream at once, and once more when woken during a poll', async () => {
    const s = setup()
    cleanups.push(s.cleanup)
    s.core.sync.start()
    const account = await s.core.accounts.add('example-forum', { forumUrl: 'https://forum.example', apiKey: 'k' })
    await eventually(() => expect(s.open().map((w) => w.accountId)).toEqual([account.id]))

    expect(await s.core.sync.runDue()).toHaveLength(1)
    // Nothing is due: the clock stands still and the next poll is five minutes away.
    expect(await s.core.sync.runDue()).toHaveLength(0)
    s.open()[0]!.options.wake('topics')
    expect(await s.core.sync.runDue()).toMatchObject([{ accountId: account.id, stream: 'topics', error: null }])
    expect(await s.core.sync.runDue()).toHaveLength(0)

    // Woken while a poll runs: what arrived may be too late for it, so one more poll follows.
    const release = s.hold()
    const running = s.core.sync.pollOnce([account.id])
    await eventually(() => expect(s.polls()).toBe(3))
    s.open()[0]!.options.wake('topics')
    release()
    await running
    expect(await s.core.sync.runDue()).toHaveLength(1)
    expect(await s.core.sync.runDue()).toHaveLength(0)
    expect(s.opened).toHaveLength(1)
  })

  it('closes the watch when the account is paused, removed or the engine stops, and opens a new one on resume', async () => {
    const s = setup()
    cleanups.push(s.cleanup)
    s.core.sync.start()
    const a = await s.core.accounts.add('example-forum', { forumUrl: 'https://one.example', apiKey: 'k' })
    const b = await s.core.accounts.add('example-forum', { forumUrl: 'https://two.example', apiKey: 'k' })
    await eventually(() => expect(s.open().map((w) => w.accountId).sort()).toEqual([a.id, b.id].sort()))

    s.core.accounts.pause(a.id)
    await eventually(() => expect(s.open().map((w) => w.accountId)).toEqual([b.id]))
    s.core.accounts.resume(a.id)
    await eventually(() => expect(s.open().map((w) => w.accountId).sort()).toEqual([a.id, b.id].sort()))
    expect(s.opened.filter((w) => w.accountId === a.id)).toHaveLength(2)

    await s.core.accounts.remove(a.id, false)
    await eventually(() => expect(s.open().map((w) => w.accountId)).toEqual([b.id]))
    await s.core.sync.runDue()
    await s.core.sync.stop()
    expect(s.open()).toEqual([])
    // A wake after the engine stopped changes nothing.
    s.opened.find((w) => w.accountId === b.id)!.options.wake('topics')
    expect(await s.core.sync.runDue()).toHaveLength(0)
  })
})
