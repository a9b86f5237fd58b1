/**
 * Connector polls: the CPU the polling thread spends polling one page of 100 items through each connector's own
 * poll (fetch handling, JSON or XML or IMAP parsing, mapping), then preparing and storing them. This thread plays
 * the database worker; the target is its CPU (process.threadCpuUsage), and the whole process's (a feed's parser
 * thread included) is in the note. The fakes (and Dovecot, Synapse) run in another process
 * (bench/src/connector-fakes.ts), so neither figure counts them. Every poll starts from no cursor, so each returns the same items; each poll's items are
 * stored under an account of their own in one temporary workspace, so every store is a first ingest, not a dedupe.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { createHttpClient, type HttpClient } from '../../src/main/base/http'
import { databaseFile } from '../../src/main/base/paths'
import { builtInConnectors } from '../../src/main/features/connectors'
import type { ConnectorContext } from '../../src/main/model/connector'
import { prepareItems } from '../../src/main/model/prepared-item'
import { AccountStore } from '../../src/main/store/accounts'
import { openDatabase } from '../../src/main/store/database'
import { IngestWriter } from '../../src/main/store/ingest'
import type { FakeLine, PollTarget } from './connector-fakes'
import type { Report } from './report'
import { summarize } from './stats'

export interface ConnectorPhaseOptions {
  fakesEntry: string
  polls: number
  /** Only these platforms (all when empty). */
  only: string[]
  tmpDir: string
  keep: boolean
  log: (line: string) => void
}

const TARGET_MS = 50
/** The first sync engine poll looks back this far; the seeded items are all within the last two hours. */
const BACKFILL_MS = 30 * 86_400_000

/** CPU milliseconds (user + system) fn spent on this thread (`cpu`, what the target is about) and in the whole process (`processCpu`). */
async function cpuMs<T>(fn: () => Promise<T>): Promise<{ value: T; cpu: number; processCpu: number; wall: number }> {
  const wall = performance.now()
  const start = process.cpuUsage()
  const thread = process.threadCpuUsage()
  const value = await fn()
  const usedThread = process.threadCpuUsage(thread)
  const used = process.cpuUsage(start)
  return { value, cpu: (usedThread.user + usedThread.system) / 1000, processCpu: (used.user + used.system) / 1000, wall: performance.now() - wall }
}

export async function runConnectors(report: Report, opts: ConnectorPhaseOptions): Promise<void> {
  report.section(`Connector polls: CPU of the polling thread per poll of 100 items (fakes in another process; median of ${opts.polls})`)
  const started = performance.now()
  const fakes = spawn(process.execPath, [opts.fakesEntry, ...opts.only], { stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise<void>((resolve) => fakes.once('exit', () => resolve()))
  const dataDir = join(opts.tmpDir, 'connectors-data')
  try {
    const lines = createInterface({ input: fakes.stdout })
    rmSync(dataDir, { recursive: true, force: true })
    mkdirSync(dataDir, { recursive: true })
    const db = openDatabase({ file: databaseFile(dataDir) })
    let done = false
    try {
      const store = { accounts: new AccountStore(db), writer: new IngestWriter(db, () => Date.now()) }
      // Each connector is measured as soon as its fake is ready, while the slower servers are still starting.
      for await (const text of lines) {
        const line = JSON.parse(text) as FakeLine
        if ('done' in line) {
          done = true
          break
        }
        if ('skip' in line) {
          report.line(`${line.skip.platform}: skipped — ${line.skip.reason}`)
          continue
        }
        try {
          await measure(line.target, store, report, opts)
        } catch (error) {
          report.line(`${line.target.platform}: FAILED — ${error instanceof Error ? error.message : String(error)}`)
          process.exitCode = 1
        }
      }
    } finally {
      db.close()
    }
    if (!done) throw new Error("the fakes' process ended before every connector was ready")
  } finally {
    fakes.stdin?.end()
    const killer = setTimeout(() => fakes.kill('SIGKILL'), 20_000)
    await exited
    clearTimeout(killer)
    if (!opts.keep) rmSync(dataDir, { recursive: true, force: true })
  }
  report.line(`phase took ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

/** An HttpClient that notes the GET requests a poll makes, for the raw baseline to repeat. */
function recording(http: HttpClient): { http: HttpClient; gets: { url: string; headers: Record<string, string> }[]; requests: () => number } {
  const gets: { url: string; headers: Record<string, string> }[] = []
  let requests = 0
  return {
    gets,
    requests: () => requests,
    http: {
      request(url, init = {}) {
        requests++
        if ((init.method ?? 'GET') === 'GET') gets.push({ url, headers: { Accept: 'application/json', ...init.headers } })
        return http.request(url, init)
      },
    },
  }
}

async function measure(target: PollTarget, store: { accounts: AccountStore; writer: IngestWriter }, report: Report, opts: ConnectorPhaseOptions): Promise<void> {
  const connector = builtInConnectors.find((c) => c.platform === target.platform)
  if (!connector) throw new Error(`no connector for ${target.platform}`)
  const rec = recording(createHttpClient('Parley-bench'))
  const connected = await connector.connect(target.input, rec.http)
  // Secrets persist across polls (X rotates its refresh token); settings start afresh each poll, so nothing a poll
  // remembers there (a metered budget, chats seen) changes what the next one does.
  const secrets = { ...connected.secrets }
  let n = 0
  const poll = async (): Promise<{ items: number; pollCpu: number; pollProcessCpu: number; storeCpu: number; wall: number }> => {
    const settings = structuredClone(connected.settings)
    const ctx: ConnectorContext = {
      http: rec.http,
      clock: { now: () => Date.now() },
      account: { id: 1, baseUrl: connected.seed.baseUrl, handle: connected.seed.handle, settings, secrets },
      saveSecrets: async (next) => void Object.assign(secrets, next),
      saveSettings: async (next) => void Object.assign(settings, next),
    }
    const polled = await cpuMs(() => connector.poll(target.stream, null, ctx, { backfillSince: Date.now() - BACKFILL_MS }))
    const accountId = store.accounts.add({ ...connected.seed, handle: `${connected.seed.handle}#${n++}` }, { isDemo: false, at: Date.now(), settings: {}, secretNames: [] }).id
    const stored = await cpuMs(async () => store.writer.ingestPrepared(accountId, prepareItems(polled.value.items)))
    if (stored.value.inserted !== polled.value.items.length) throw new Error(`stored ${stored.value.inserted} of ${polled.value.items.length} items`)
    return { items: polled.value.items.length, pollCpu: polled.cpu, pollProcessCpu: polled.processCpu, storeCpu: stored.cpu, wall: polled.wall }
  }

  rec.gets.length = 0
  const before = rec.requests()
  const warm = await poll()
  const requests = rec.requests() - before
  const gets = rec.gets.splice(0)
  const runs = []
  for (let i = 0; i < opts.polls; i++) runs.push(await poll())
  // Every poll from no cursor must bring the same page, or the figures compare different work.
  const counts = [...new Set(runs.map((r) => r.items))]
  if (counts.length !== 1 || counts[0] !== warm.items) throw new Error(`the polls returned ${counts.join(', ')} items after ${warm.items} in the warm-up`)
  const pollCpu = summarize(runs.map((r) => r.pollCpu))
  const pollProcessCpu = summarize(runs.map((r) => r.pollProcessCpu))
  const storeCpu = summarize(runs.map((r) => r.storeCpu))
  const wall = summarize(runs.map((r) => r.wall))

  // Raw baseline: the same GET requests with plain fetch and JSON.parse (nothing mapped), warmed up and measured the same way.
  const replay = async (): Promise<void> => {
    for (const g of gets) {
      const text = await (await fetch(g.url, { headers: g.headers })).text()
      if (text.startsWith('{') || text.startsWith('[')) JSON.parse(text)
    }
  }
  let raw: ReturnType<typeof summarize> | null = null
  if (gets.length) {
    await replay()
    const cpu: number[] = []
    for (let i = 0; i < opts.polls; i++) cpu.push((await cpuMs(replay)).cpu)
    raw = summarize(cpu)
  }
  const allGets = gets.length === requests
  report.add({
    id: `connectors.${target.platform}.poll.cpu.p50`,
    label: `${connector.label}: poll ${warm.items} (${target.stream}), CPU of the polling thread`,
    value: pollCpu.p50,
    unit: 'ms',
    target: { op: '<=', value: TARGET_MS },
    ...(raw ? { baseline: { label: `plain fetch + JSON.parse of its ${gets.length}${allGets ? '' : ` of ${requests}`} GET request${gets.length === 1 ? '' : 's'}`, value: raw.p50 }, ratio: pollCpu.p50 / raw.p50 } : {}),
    note:
      `p95 ${pollCpu.p95.toFixed(1)} ms; whole process p50 ${pollProcessCpu.p50.toFixed(1)} ms; ${requests ? `${requests} HTTP requests` : 'no HTTP (IMAP)'}, wall p50 ${wall.p50.toFixed(0)} ms` +
      `${warm.items < 100 ? '; fewer than the 100 seeded' : ''}${raw ? '' : '; no HTTP GETs to repeat for a raw figure'}`,
  })
  report.add({
    id: `connectors.${target.platform}.store.cpu.p50`,
    label: `${connector.label}: prepare + store those ${warm.items}, CPU`,
    value: storeCpu.p50,
    unit: 'ms',
    note: `p95 ${storeCpu.p95.toFixed(1)} ms; prepareItems + IngestWriter.ingestPrepared, a first ingest each time`,
  })
  // The whole distributions, for the JSON.
  const all = (report.info.connectors ??= {}) as Record<string, unknown>
  all[target.platform] = { stream: target.stream, items: warm.items, requests, pollCpu, pollProcessCpu, storeCpu, pollWall: wall, raw }
  opts.log(`${target.platform}: ${warm.items} items, poll CPU p50 ${pollCpu.p50.toFixed(1)} ms`)
}
