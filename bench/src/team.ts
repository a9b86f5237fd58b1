/**
 * The team store's figures (opt-in: `npm run bench -- --team`; it needs PostgreSQL, root to run it as
 * the postgres user, and a few minutes). A throwaway PostgreSQL cluster, `parley team serve` as its own
 * process, then:
 *  1. the sync service's apply rate: members push a busy team's ops concurrently (500 per request);
 *  2. op visibility laptop → laptop with N laptops, each its own process, with the shipped schedule
 *     (push after each change, long-poll pull) and with 5 s rounds (a service without long-polls);
 *  3. catch-up: a real database worker (the one the app runs) joined before the backlog was pushed pulls
 *     and applies it through the domain code, while this thread plays the window (list + counts every
 *     100 ms) and its event-loop delay is measured.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { TeamClient, teamSignup } from '../../src/main/features/team/client'
import { TEAM_SYNC_INTERVAL_MS } from '../../src/main/features/team/team-schedule'
import { startWorkerCore } from '../../src/main/hosts/worker/worker-core'
import type { TeamOp } from '../../src/main/model/team-op'
import { accountKey } from '../../src/main/store/team-entities'
import { postgresMissing, startPostgres } from '../../tests/support/postgres'
import type { Report } from './report'
import { summarize } from './stats'

export interface TeamBenchOptions {
  root: string
  tmpDir: string
  laptopEntry: string
  workerEntry: string
  /** Ops in the backlog (pushed in figure 1, caught up in figure 3). */
  ops: number
  laptops: number
  /** How long each visibility run lasts. */
  visibilitySeconds: number
  keep: boolean
  log: (line: string) => void
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const nsToMs = (ns: number): number => ns / 1e6
const hlc = (ms: number, counter: number, node: string): string => `${String(ms).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${node}`

function teamServe(root: string, dbFile: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/parley.mjs'), 'team', 'serve', '--port', '0', '--db-file', dbFile], {
      cwd: root,
      env: { ...process.env, PARLEY_TEAM_DB: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString()
      const m = /Parley team service is ready at (\S+)\n/.exec(stdout)
      if (m) resolve({ url: m[1]!, child })
    })
    child.on('exit', (code) => reject(new Error(`parley team serve exited with ${code}: ${stderr}`)))
  })
}

/** A week of a busy team, as laptops record it: inbound items (most), status changes and notes. */
function backlog(total: number, profile: string): TeamOp[] {
  const account = { platform: 'mastodon', displayName: 'Lumen Bikes', handle: '@lumen@bench.example', baseUrl: 'https://bench.example' }
  const key = accountKey(account)
  const ops: TeamOp[] = []
  const start = Date.now() - 7 * 24 * 3600_000
  const conversations: { id: string; account: string; key: string }[] = []
  for (let n = 0; ops.length < total; n++) {
    const at = start + n * 1_000
    const make = (operation: string, input: unknown, entities: string[]): TeamOp => ({ id: randomUUID(), hlc: hlc(at, 0, 'bench'), profile, operation, input, entities, baseSeq: 0 })
    const roll = n % 20
    if (roll < 16 || conversations.length === 0) {
      // Five messages per conversation.
      if (n % 5 === 0 || conversations.length === 0) conversations.push({ id: randomUUID(), account: key, key: `${profile}-thread-${n}` })
      const conversation = conversations[conversations.length - 1]!
      const itemId = randomUUID()
      const remoteId = `${profile}-${n}`
      const item = {
        remoteId,
        conversationKey: conversation.key,
        parentRemoteId: null,
        kind: 'mention',
        direction: 'in',
        author: { remoteId: `person-${n % 997}`, handle: `@person${n % 997}@elsewhere.example`, displayName: `Person ${n % 997}`, avatarUrl: null, profileUrl: null },
        text: `Question number ${n} about an order, a delivery date and a frame size.`,
        html: null,
        createdAt: at,
        permalink: null,
        subject: null,
        isContext: false,
        deleted: false,
      }
      ops.push(make('items.ingest', { itemId, conversation, account, item, channelAccount: key, remoteId }, [itemId, conversation.id]))
    } else if (roll < 19) {
      const c = conversations[n % conversations.length]!
      ops.push(make('conversations.setStatus', { conversationIds: [c.id], conversations: [c], status: n % 2 ? 'done' : 'open', snoozeUntil: null }, [c.id]))
    } else {
      const c = conversations[n % conversations.length]!
      const noteId = randomUUID()
      ops.push(make('notes.add', { noteId, conversationId: c.id, conversation: c, body: `Checked the order for thread ${c.key}.` }, [noteId, c.id]))
    }
  }
  return ops
}

export async function runTeam(report: Report, opts: TeamBenchOptions): Promise<void> {
  report.section(`Team store: the sync service on PostgreSQL, ${opts.laptops} laptops as processes, a ${opts.ops.toLocaleString('en-US')}-op backlog`)
  const missing = postgresMissing()
  if (missing) {
    report.line(`skipped: ${missing}`)
    return
  }
  const dir = join(opts.tmpDir, 'team')
  mkdirSync(dir, { recursive: true })
  const cluster = await startPostgres()
  let service: ChildProcess | null = null
  const children: ChildProcess[] = []
  try {
    const db = await cluster.createDatabase('team_bench')
    const dbFile = join(dir, 'team-db')
    writeFileSync(dbFile, `${db}\n`, { mode: 0o600 })
    const served = await teamServe(opts.root, dbFile)
    service = served.child
    const url = served.url
    const adminKey = randomBytes(32)
    const { member: admin } = await teamSignup.createTeam(url, { name: 'Bench team', memberId: randomUUID(), memberName: 'Ada', profile: 'ada', key: adminKey })
    const adminClient = new TeamClient(url, admin.id, adminKey)
    const join_ = async (name: string): Promise<{ id: string; key: Buffer; profile: string; client: TeamClient }> => {
      const key = randomBytes(32)
      const code = await adminClient.invite('agent', name)
      const { member } = await teamSignup.join(url, { code, memberId: randomUUID(), profile: name.toLowerCase(), key })
      return { id: member.id, key, profile: member.profile, client: new TeamClient(url, member.id, key) }
    }

    // 3 (prepared first): the laptop that will be away for the week joins while the log is empty.
    const away = join(dir, 'away-laptop')
    mkdirSync(away, { recursive: true })
    const worker = await startWorkerCore({ dataDir: away, version: 'bench', vault: 'file', passphrase: 'bench vault passphrase', autoSync: false }, opts.workerEntry)
    try {
      const code = await adminClient.invite('supervisor', 'Away')
      const joined = await worker.call('team.join', { serverUrl: url, code, passphrase: 'away team passphrase' })
      if (!joined.ok) throw new Error(`team.join: ${joined.error.message}`)

      // 1: the service's apply rate, four members pushing at once.
      const members = await Promise.all(['Bea', 'Cas', 'Dev', 'Eli'].map((n) => join_(n)))
      const perMember = Math.ceil(opts.ops / members.length)
      const batches = members.map((m) => backlog(perMember, m.profile))
      opts.log(`pushing ${(perMember * members.length).toLocaleString('en-US')} ops from ${members.length} members`)
      let t = performance.now()
      await Promise.all(
        members.map(async (m, i) => {
          const ops = batches[i]!
          for (let at = 0; at < ops.length; at += 500) await m.client.push(ops.slice(at, at + 500))
        }),
      )
      const pushSeconds = (performance.now() - t) / 1000
      const pushed = perMember * members.length
      report.add({
        id: 'team.service.opsPerSec',
        label: 'sync service: ops applied per second',
        value: pushed / pushSeconds,
        unit: 'rows/s',
        target: { op: '>=', value: 2_000 },
        note: `${pushed.toLocaleString('en-US')} ops (80% inbound items, 15% status, 5% notes) from ${members.length} members at once, 500 per request, one PostgreSQL transaction per request; ${pushSeconds.toFixed(1)} s`,
      })

      // 3: the away laptop comes back and catches up, the window's thread measured meanwhile.
      const idle = monitorEventLoopDelay({ resolution: 10 })
      idle.enable()
      await sleep(1_000)
      idle.disable()
      const h = monitorEventLoopDelay({ resolution: 10 })
      const latencies: number[] = []
      let catchingUp = true
      const ui = (async () => {
        while (catchingUp) {
          const s = performance.now()
          await Promise.all([worker.call('conversations.list', { view: 'inbox', limit: 50 }), worker.call('views.counts', {})])
          latencies.push(performance.now() - s)
          await sleep(100)
        }
      })()
      h.enable()
      t = performance.now()
      const synced = await worker.call('team.syncNow', {})
      const catchUpSeconds = (performance.now() - t) / 1000
      h.disable()
      catchingUp = false
      await ui
      if (!synced.ok) throw new Error(`team.syncNow: ${synced.error.message}`)
      const status = await worker.call('team.status', {})
      const problem = status.ok ? (status.value as { sync: { problem: string | null; unpushed: number } }).sync.problem : status.error.message
      const lat = summarize(latencies)
      const counts = await worker.call('views.counts', {})
      const inbox = counts.ok ? (counts.value as { views: Record<string, number> }).views.inbox : undefined
      report.add({
        id: 'team.catchup.seconds',
        label: `catch-up of ${pushed.toLocaleString('en-US')} ops (pull + apply)`,
        value: catchUpSeconds,
        unit: 's',
        target: { op: '<=', value: (60 * pushed) / 50_000 },
        note: `${Math.round(pushed / catchUpSeconds).toLocaleString('en-US')} ops/s through the domain code in the database worker, ${inbox ?? '?'} conversations in the inbox after it${problem ? `; problem: ${problem}` : ''}; target scaled from 60 s for 50,000`,
      })
      report.add({
        id: 'team.catchup.eld.p99',
        label: 'event-loop delay p99 during catch-up',
        value: nsToMs(h.percentile(99)),
        unit: 'ms',
        target: { op: '<=', value: 50 },
        note: `idle p99 ${nsToMs(idle.percentile(99)).toFixed(1)} ms; max ${nsToMs(h.max).toFixed(1)} ms; list + counts p95 ${lat.p95.toFixed(0)} ms (max ${lat.max.toFixed(0)} ms) over ${lat.runs} calls, answered between the applier's slices`,
      })
    } finally {
      await worker.close()
    }

    // 2: visibility with N laptop processes, at the shipped round and at a short one.
    const laptops = await Promise.all(Array.from({ length: opts.laptops }, (_, i) => join_(`Laptop${i}`)))
    // 0: the shipped schedule (push after each change, long-poll); then rounds at the interval, as against a service without long-polls.
    for (const intervalMs of [0, TEAM_SYNC_INTERVAL_MS]) {
      opts.log(`visibility: ${laptops.length} laptop processes, ${intervalMs ? `a sync round every ${intervalMs} ms` : 'push after each change and long-poll'}, ${opts.visibilitySeconds} s`)
      const results = await Promise.all(
        laptops.map(
          (l) =>
            new Promise<number[]>((resolve, reject) => {
              const child = fork(opts.laptopEntry, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
              children.push(child)
              child.once('message', (m) => resolve((m as { visibleAfterMs: number[] }).visibleAfterMs))
              child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`a laptop process exited with ${code}`))))
              child.send({ url, memberId: l.id, key: l.key.toString('base64url'), profile: l.profile, intervalMs, opEveryMs: 1_000, durationMs: opts.visibilitySeconds * 1_000 })
            }),
        ),
      )
      const s = summarize(results.flat())
      report.add({
        id: intervalMs ? `team.visibility.${intervalMs}ms.p95` : 'team.visibility.longpoll.p95',
        label: intervalMs ? `op visible on another laptop p95 (rounds every ${intervalMs} ms, no long-poll)` : 'op visible on another laptop p95 (push after change + long-poll)',
        value: s.p95,
        unit: 'ms',
        target: { op: '<=', value: 1_000 },
        note: `${laptops.length} laptop processes, one op each per second; p50 ${s.p50.toFixed(0)} ms, max ${s.max.toFixed(0)} ms over ${s.runs.toLocaleString('en-US')} sightings`,
      })
    }
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
    service?.kill('SIGTERM')
    await cluster.stop()
    if (!opts.keep) rmSync(dir, { recursive: true, force: true })
  }
}
