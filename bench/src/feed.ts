/**
 * A huge feed polled by the real database worker (src/main/hosts/worker/worker.ts, bundled as-is) while this thread, playing
 * the host, keeps calling conversations.list as an open window would: how long the first poll of a
 * 25,000-entry, authorless RSS document takes, the longest any other call waited meanwhile, and how long the
 * backlog (500 entries per poll, newest first) takes to be stored in full. The feed fake serves one fixed
 * document, hashed and compressed once, so serving it costs this thread next to nothing.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { AccountHealth } from '../../src/shared/contract'
import { startFeedFake } from '../../src/main/features/connectors/feed/fake-server'
import { startWorkerCore } from '../../src/main/hosts/worker/worker-core'
import type { Report } from './report'
import { summarize } from './stats'

export interface FeedPhaseOptions {
  entries: number
  workerEntry: string
  tmpDir: string
  keep: boolean
  log: (line: string) => void
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const FEED_PATH = '/firehose.rss'

export async function runFeed(report: Report, opts: FeedPhaseOptions): Promise<void> {
  report.section(`A ${opts.entries.toLocaleString('en-US')}-entry RSS feed with no authors, polled in the DB worker while the window keeps calling`)
  const fake = await startFeedFake({ title: 'Firehose', windowSize: opts.entries })
  fake.addGenerated(opts.entries, Date.now() - 60_000)
  const document = fake.rssText()
  fake.setDocument(FEED_PATH, document, 'application/rss+xml; charset=utf-8')
  const dataDir = join(opts.tmpDir, 'feed-data')
  rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { recursive: true })
  const client = await startWorkerCore({ dataDir, version: 'bench', vault: 'none', autoSync: true, itemPreparerEntry: join(dirname(opts.workerEntry), 'item-preparer.mjs') }, opts.workerEntry)

  // Every sync.health of the feed account, as it arrives: a successful poll moves lastSuccessAt.
  const polls: { at: number; lastFetched: number; totalFetched: number; error: string | null }[] = []
  const off = client.subscribe((name, payload) => {
    if (name !== 'sync.health') return
    const stream = (payload as AccountHealth).streams[0]
    if (stream) polls.push({ at: performance.now(), lastFetched: stream.lastFetched, totalFetched: stream.totalFetched, error: stream.lastError })
  })
  // The window: the first page of the inbox, again and again; each call's wait is recorded with when it ended.
  const calls: { end: number; ms: number }[] = []
  let watching = true
  const ui = (async () => {
    while (watching) {
      const s = performance.now()
      const list = await client.call('conversations.list', { view: 'inbox', limit: 50 })
      if (!list.ok) throw new Error(`conversations.list failed during the feed poll: ${list.error.message}`)
      calls.push({ end: performance.now(), ms: performance.now() - s })
      await sleep(10)
    }
  })()

  try {
    const t0 = performance.now()
    const added = await client.call('accounts.add', { platform: 'feed', fields: { url: `${fake.url}${FEED_PATH}`, keywords: '' } })
    if (!added.ok) throw new Error(`accounts.add failed: ${added.error.message}`)
    const connected = performance.now()
    // The engine polls a new account at once (autoSync).
    const deadline = connected + 15 * 60_000
    while (!polls.some((p) => p.totalFetched > 0 || p.error) && performance.now() < deadline) await sleep(20)
    const first = polls.find((p) => p.totalFetched > 0 || p.error)
    if (!first || first.error) throw new Error(`the first feed poll failed: ${first?.error ?? 'no answer within 15 minutes'}`)
    const firstCalls = summarize(calls.filter((c) => c.end >= connected && c.end <= first.at + 50).map((c) => c.ms))
    // Caught up: everything stored, or a poll that took fewer than a full batch (nothing left over).
    const caughtUp = (p: (typeof polls)[number]): boolean => p.totalFetched >= opts.entries || (p.lastFetched > 0 && p.lastFetched < 500) || p.error !== null
    while (!polls.some(caughtUp) && performance.now() < deadline) await sleep(50)
    const done = polls.find(caughtUp)
    const allCalls = summarize(calls.filter((c) => c.end >= t0).map((c) => c.ms))
    const successes = new Set(polls.filter((p) => p.lastFetched > 0).map((p) => p.totalFetched)).size

    report.line(
      `document ${(Buffer.byteLength(document) / 1024 / 1024).toFixed(1)} MB, ${opts.entries.toLocaleString('en-US')} entries; connect (fetch + parse once) ${((connected - t0) / 1000).toFixed(2)} s`,
    )
    report.add({
      id: 'feed.poll.first',
      label: `first poll of the ${opts.entries.toLocaleString('en-US')}-entry feed (fetch, parse, newest 500 stored)`,
      value: (first.at - connected) / 1000,
      unit: 's',
      target: { op: '<=', value: 2 },
      note: `${first.lastFetched} entries stored by it`,
    })
    report.add({
      id: 'feed.call.maxWait',
      label: 'longest conversations.list wait during that poll',
      value: firstCalls.max,
      unit: 'ms',
      target: { op: '<=', value: 100 },
      note: `p50 ${firstCalls.p50.toFixed(1)} ms, p95 ${firstCalls.p95.toFixed(1)} ms over ${firstCalls.runs} calls`,
    })
    report.add({
      id: 'feed.backlog',
      label: `all ${opts.entries.toLocaleString('en-US')} entries stored (500 per poll, polls 2 s apart)`,
      value: done && !done.error ? (done.at - connected) / 1000 : NaN,
      unit: 's',
      note: `${done?.totalFetched ?? 0} stored in ${successes} polls${done?.error ? `; stopped: ${done.error}` : ''}; calls meanwhile p95 ${allCalls.p95.toFixed(1)} ms, max ${allCalls.max.toFixed(0)} ms over ${allCalls.runs}`,
    })
  } finally {
    watching = false
    await ui.catch(() => undefined)
    off()
    await client.close()
    await fake.close()
    if (!opts.keep) rmSync(dataDir, { recursive: true, force: true })
  }
}
