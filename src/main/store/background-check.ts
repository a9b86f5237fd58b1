import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { Db } from './database'
import { DamagedWorkspaceError } from './integrity'
import { stopWrites } from './write-gate'

/** What the check thread posts once: quick_check's problems ([] for a sound file), or why it could not run. */
type CheckAnswer = { kind: 'done'; problems: string[] } | { kind: 'failed'; message: string }

/**
 * The check thread's code, CommonJS run with `new Worker(source, { eval: true })`: the same text runs
 * in the Electron build, the CLI build, the bench bundle and the tests, with no build entry to keep in
 * step (as the feed parser's thread). It opens its own read-only connection: in WAL mode it reads one
 * consistent snapshot while the database worker goes on writing, and it can never write itself.
 * SQLITE_CORRUPT / SQLITE_NOTADB thrown while reading is damage too; anything else (the file vanished,
 * no memory) means the check could not run, which is not a verdict on the file.
 */
const CHECK_THREAD_SOURCE = String.raw`
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driverPath)
let db = null
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true })
  db.pragma('busy_timeout = 5000')
  const problems = db.pragma('quick_check(20)').map((row) => String(Object.values(row)[0])).filter((row) => row !== 'ok')
  parentPort.postMessage({ kind: 'done', problems })
} catch (error) {
  const code = String((error && error.code) || '')
  const message = String((error && error.message) || error)
  parentPort.postMessage(/^SQLITE_(CORRUPT|NOTADB)/.test(code) ? { kind: 'done', problems: [message] } : { kind: 'failed', message })
} finally {
  if (db) db.close()
}
`

let driverPath: string | null = null
/** Resolved here, where the bundler and Node agree on node_modules; the thread is given the absolute path. */
function resolveDriver(): string {
  driverPath ??= createRequire(import.meta.url).resolve('better-sqlite3')
  return driverPath
}

/** How a check thread ended: its answer, an error it died of, or an exit before answering (it was stopped). */
type CheckOutcome = CheckAnswer | { kind: 'error'; message: string } | { kind: 'exit' }

/** Runs the check thread on one file; `signal` ends it. Never what keeps a CLI command or a closing app alive. */
function runCheckThread(file: string, signal?: AbortSignal): Promise<CheckOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(CHECK_THREAD_SOURCE, { eval: true, workerData: { file, driverPath: resolveDriver() } })
    worker.unref()
    // Not awaited: a thread inside quick_check stops when SQLite hands back control, and holds nothing.
    const stop = (): void => void worker.terminate()
    signal?.addEventListener('abort', stop, { once: true })
    const settle = (outcome: CheckOutcome): void => {
      signal?.removeEventListener('abort', stop)
      resolve(outcome)
    }
    worker.once('message', (answer: CheckAnswer) => settle(answer))
    worker.once('error', (error) => settle({ kind: 'error', message: error.message }))
    worker.once('exit', () => settle({ kind: 'exit' }))
  })
}

/**
 * quick_check of a database file on a thread of its own, so a large file (a backup of a 4 GB workspace
 * takes about 10 s) never holds the database worker. Resolves with the problems ([] for a sound file);
 * a check that could not run is a problem too. `signal` ends the thread (the workspace closes).
 */
export async function quickCheckOnThread(file: string, signal?: AbortSignal): Promise<string[]> {
  const outcome = await runCheckThread(file, signal)
  if (outcome.kind === 'done') return outcome.problems
  return [outcome.kind === 'exit' ? 'the check stopped before it finished' : outcome.message]
}

const byConnection = new WeakMap<Db, WorkspaceIntegrity>()

/** The integrity of the workspace this connection belongs to (set by openWorkspace). */
export function integrityOf(db: Db): WorkspaceIntegrity | null {
  return byConnection.get(db) ?? null
}

export function attachIntegrity(db: Db, integrity: WorkspaceIntegrity): void {
  byConnection.set(db, integrity)
}

export type IntegrityState = 'checked' | 'checking' | 'damaged' | 'unchecked'

/**
 * Where the workspace's quick_check stands since it opened. 'checked': it passed (at open, or a clean
 * close less than a week ago vouches for the file); 'checking': it runs in the background;
 * 'damaged': it failed after the workspace opened, and writes on the connection are stopped;
 * 'unchecked': the background check could not run (it runs again at the next start).
 */
export class WorkspaceIntegrity {
  private current: IntegrityState
  private at: number | null
  private damage: DamagedWorkspaceError | null = null
  private readonly listeners: ((damage: DamagedWorkspaceError) => void)[] = []
  /** Ends the check thread while it runs. */
  private stopThread: (() => void) | null = null
  private settle: () => void = () => undefined
  /** Resolves when no check is running any more (at once when none was started). */
  readonly finished: Promise<void>

  private constructor(state: IntegrityState, checkedAt: number | null) {
    this.current = state
    this.at = checkedAt
    this.finished = new Promise<void>((resolve) => (this.settle = resolve))
    if (state !== 'checking') this.settle()
  }

  /** A workspace whose check passed at open, or was vouched for by a clean close. */
  static checked(checkedAt: number): WorkspaceIntegrity {
    return new WorkspaceIntegrity('checked', checkedAt)
  }

  /**
   * Starts quick_check on a read-only connection in a thread of its own, once `startAfter` resolves
   * (tests hold it there to look at the workspace while its check is still to come). On damage, writes
   * on `db` stop before anyone is told, so nothing is written after damage is known.
   */
  static inBackground(options: { db: Db; file: string; now: () => number; log?: (line: string) => void; startAfter?: Promise<void> }): WorkspaceIntegrity {
    const integrity = new WorkspaceIntegrity('checking', null)
    const log = options.log ?? ((line: string) => console.error(line))
    const run = (): void => {
      if (integrity.current !== 'checking') return
      const started = performance.now()
      const stopping = new AbortController()
      integrity.stopThread = () => stopping.abort()
      const seconds = (): string => ((performance.now() - started) / 1000).toFixed(1)
      void runCheckThread(options.file, stopping.signal).then((outcome) => {
        if (outcome.kind === 'failed') {
          log(`[parley] The background check of the workspace database could not run (${outcome.message}); it runs again at the next start.`)
        } else if (outcome.kind === 'error') {
          log(`[parley] The background check of the workspace database stopped (${outcome.message}); it runs again at the next start.`)
        } else if (outcome.kind === 'done' && outcome.problems.length) {
          return integrity.damaged(options.db, new DamagedWorkspaceError(options.file, outcome.problems[0]!))
        } else if (outcome.kind === 'done') {
          // A pass is quiet (it would sit beside whatever the command itself says); PARLEY_DEBUG=1 reports its time, which the bench reads.
          if (process.env.PARLEY_DEBUG === '1') log(`[parley] The workspace database passed its check (quick_check) in ${seconds()} s.`)
          integrity.at = options.now()
          return integrity.end('checked')
        }
        integrity.end('unchecked')
      })
    }
    if (options.startAfter) void options.startAfter.then(run)
    else run()
    return integrity
  }

  get state(): IntegrityState {
    return this.current
  }

  /** When quick_check last passed on this file; null while it runs, after it failed or could not run. */
  get checkedAt(): number | null {
    return this.current === 'checked' ? this.at : null
  }

  /** Called once if the background check finds damage (at once if it already has). */
  onDamage(listener: (damage: DamagedWorkspaceError) => void): void {
    if (this.damage) listener(this.damage)
    else this.listeners.push(listener)
  }

  /** Stops a check still running (the workspace closes); it starts again at the next open. */
  stop(): void {
    this.stopThread?.()
    this.end('unchecked')
  }

  private damaged(db: Db, damage: DamagedWorkspaceError): void {
    if (this.current !== 'checking') return
    stopWrites(db, damage)
    this.damage = damage
    this.end('damaged')
    for (const listener of this.listeners.splice(0)) listener(damage)
  }

  private end(state: IntegrityState): void {
    if (this.current !== 'checking') return
    this.current = state
    this.stopThread = null
    this.settle()
  }
}
