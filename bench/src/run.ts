/**
 * `npm run bench`: builds (or reuses) a demo workspace, measures every figure of the performance issue,
 * prints each with its target and its ratio to a raw better-sqlite3 baseline measured in this run,
 * and writes the result as JSON to bench/results/. Figures are printed, never asserted.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { runBrowser } from './browser'
import { runConnectors } from './connectors'
import { runEventLoop } from './eld'
import { runFeed } from './feed'
import { machine } from './machine'
import { runQueries } from './queries'
import { runTeam } from './team'
import { Report } from './report'
import { mb } from './stats'
import { openWorkspace, type Workspace } from './workspace'

const root = process.env.PARLEY_BENCH_ROOT ?? process.cwd()
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    size: { type: 'string', default: '50000' },
    fresh: { type: 'boolean', default: false },
    'cache-dir': { type: 'string' },
    runs: { type: 'string', default: '200' },
    'eld-items': { type: 'string', default: '100000' },
    'scroll-rows': { type: 'string', default: '100000' },
    'skip-eld': { type: 'boolean', default: false },
    'skip-browser': { type: 'boolean', default: false },
    'feed-entries': { type: 'string', default: '25000' },
    'skip-feed': { type: 'boolean', default: false },
    'connector-polls': { type: 'string', default: '20' },
    connectors: { type: 'string', default: '' },
    'skip-connectors': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    team: { type: 'boolean', default: false },
    'team-only': { type: 'boolean', default: false },
    'team-ops': { type: 'string', default: '50000' },
    'team-laptops': { type: 'string', default: '10' },
    'team-seconds': { type: 'string', default: '30' },
    keep: { type: 'boolean', default: false },
  },
  strict: true,
})

const positive = (name: string, v: string | undefined): number => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive whole number, not "${v}"`)
  return n
}
const size = positive('size', values.size)
const runs = positive('runs', values.runs)
const cacheDir = resolve(values['cache-dir'] ?? process.env.PARLEY_BENCH_CACHE ?? '/tmp/parley-bench')
const tmpDir = join(cacheDir, `run-${process.pid}`)
const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`)
}

async function main(): Promise<void> {
  const started = performance.now()
  const report = new Report()
  const m = machine()
  report.info.machine = m
  report.section('Machine')
  report.line(`CPU ${m.cpu}; ${m.cores} cores (${m.availableParallelism} usable); ${m.ramGb} GB RAM`)
  report.line(`${m.os}; Node ${m.node}; SQLite ${m.sqlite} (better-sqlite3 ${m.betterSqlite3})`)
  const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ')
  report.info.loadAtStart = load()
  report.line(`load average at start: ${load()} (other work on the machine skews absolute figures; ratios are measured side by side)`)

  if (values['team-only']) {
    mkdirSync(tmpDir, { recursive: true })
    try {
      await team(report)
    } finally {
      if (!values.keep) rmSync(tmpDir, { recursive: true, force: true })
    }
    return finish(report, started)
  }

  report.section(`Workspace: ${size.toLocaleString('en-US')} conversations (demo generator, realistic filler)`)
  const ws = await openWorkspace({ root, cacheDir, size, fresh: values.fresh, log, preparerEntry: join(root, 'out/bench/item-preparer.mjs') })
  const b = ws.meta.build
  report.info.workspace = { dir: ws.dir, reused: ws.reused, ...ws.meta }
  report.line(
    `${ws.reused ? 'reused cached' : 'built'} ${ws.dir} (built ${ws.meta.builtAt}): ${b.conversations.toLocaleString('en-US')} conversations, ` +
      `${b.items.toLocaleString('en-US')} messages; parley.db ${mb(ws.meta.dbBytes)}, raw baseline.db ${mb(ws.meta.baselineBytes)}`,
  )
  report.line(
    `generation ${(b.generateMs / 1000).toFixed(1)} s (not timed), triage ${(b.triageMs / 1000).toFixed(1)} s, ` +
      `teammates/approvals/tags ${(b.decorateMs / 1000).toFixed(1)} s`,
  )
  report.section('Ingest (same items, 10k-item transactions; both measured in the build run)')
  report.add({
    id: 'ingest.rate',
    label: 'Parley ingest (items prepared on the preparer thread; IngestWriter: dedupe, FTS, counts)',
    value: b.parleyRowsPerSec,
    unit: 'rows/s',
    baseline: { label: 'batched inserts + FTS trigger', value: b.baselineRowsPerSec },
    note: `${(b.parleyMs / 1000).toFixed(1)} s (of which ${((b.preparerWaitMs ?? 0) / 1000).toFixed(1)} s waiting for the preparer thread) vs raw ${(b.baselineMs / 1000).toFixed(1)} s${ws.reused ? `; measured when the cache was built (${ws.meta.builtAt}), pass --fresh to re-measure` : ''}`,
  })
  report.add({
    id: 'ingest.ratio',
    label: 'Parley ingest ÷ raw baseline',
    value: b.ratio,
    unit: 'x',
    target: { op: '>=', value: 0.7 },
    note: `first batches ${Math.round(b.firstBatches.parley).toLocaleString('en-US')} vs ${Math.round(b.firstBatches.baseline).toLocaleString('en-US')} rows/s, last batches ${Math.round(b.lastBatches.parley).toLocaleString('en-US')} vs ${Math.round(b.lastBatches.baseline).toLocaleString('en-US')} rows/s`,
  })

  await runQueries(ws, report, { runs, log, reportReaderEntry: join(root, 'out/bench/report-reader.mjs') })

  mkdirSync(tmpDir, { recursive: true })
  try {
    await phases(ws, report)
  } finally {
    if (!values.keep) rmSync(tmpDir, { recursive: true, force: true })
  }

  finish(report, started)
}

/** The team store's phase (opt-in: it needs PostgreSQL and root, and takes minutes). */
async function team(report: Report): Promise<void> {
  await runTeam(report, {
    root,
    tmpDir,
    laptopEntry: join(root, 'out/bench/team-laptop.mjs'),
    workerEntry: join(root, 'out/bench/worker.mjs'),
    ops: positive('team-ops', values['team-ops']),
    laptops: positive('team-laptops', values['team-laptops']),
    visibilitySeconds: positive('team-seconds', values['team-seconds']),
    keep: values.keep,
    log,
  })
}

function finish(report: Report, started: number): void {
  const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ')
  report.info.loadAtEnd = load()
  report.line(`load average at end: ${load()}`)
  report.summary()
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const file = report.write(join(root, 'bench/results'), `${stamp}-${values['team-only'] ? 'team' : `size${size}`}.json`, {
    date: new Date().toISOString(),
    size,
    runs,
    seconds: (performance.now() - started) / 1000,
  })
  report.line(`\nresult written to ${file}; whole run ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

/**
 * The phases after the queries each run on their own copy; one failing (no Chromium, a UI change) is reported
 * and recorded, the others still run, the JSON is still written, and the exit code says something failed.
 */
async function phases(ws: Workspace, report: Report): Promise<void> {
  const errors: string[] = []
  const attempt = async (name: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await fn()
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
      errors.push(`${name}: ${message}`)
      report.line(`${name} FAILED: ${message.split('\n')[0]}`)
      process.exitCode = 1
    }
  }
  if (!values['skip-eld']) {
    await attempt('event-loop phase', () =>
      runEventLoop(ws, report, {
        items: positive('eld-items', values['eld-items']),
        workerEntry: join(root, 'out/bench/worker.mjs'),
        tmpDir,
        keep: values.keep,
        log,
      }),
    )
  }
  if (!values['skip-feed']) {
    await attempt('feed phase', () =>
      runFeed(report, {
        entries: positive('feed-entries', values['feed-entries']),
        workerEntry: join(root, 'out/bench/worker.mjs'),
        tmpDir,
        keep: values.keep,
        log,
      }),
    )
  }
  if (!values['skip-connectors']) {
    await attempt('connector phase', () =>
      runConnectors(report, {
        fakesEntry: join(root, 'out/bench/connector-fakes.mjs'),
        polls: positive('connector-polls', values['connector-polls']),
        only: values.connectors.split(',').filter(Boolean),
        tmpDir,
        keep: values.keep,
        log,
      }),
    )
  }
  if (values.team) await attempt('team phase', () => team(report))
  if (!values['skip-browser']) {
    await attempt('browser phase', () =>
      runBrowser(ws, report, { root, tmpDir, keep: values.keep, scrollRows: positive('scroll-rows', values['scroll-rows']), log }),
    )
  }
  if (errors.length) report.info.errors = errors
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exitCode = 1
})
