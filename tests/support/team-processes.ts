import { spawn, type ChildProcess } from 'node:child_process'
import { serveSignedIn, type ServedProcess } from './serve-process'

/**
 * The team set-up as separate processes, driven only through what people and programs use: the
 * `parley` CLI, `parley team serve`, and each laptop's `parley serve` over its HTTP contract API.
 * Secrets reach the processes through files and the environment, never argv.
 */

export interface CliRun { code: number | null; stdout: string; stderr: string }

const baseEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => ({ ...process.env, PARLEY_DATA_DIR: '', PARLEY_TEAM_DB: '', ...extra })

/** One `parley …` command to its end (killed after a minute so a stuck one fails the test instead of hanging it). */
export function parleyCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/parley.mjs', ...args], { env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

export interface TeamServiceProcess {
  url: string
  port: number
  child: ChildProcess
  stop(): Promise<void>
}

/**
 * `parley team serve --db-file FILE` on a free loopback port, resolved at its ready line. With no file,
 * the connection string comes from options.env (PARLEY_TEAM_DB), as an operator may give it.
 */
export function teamServeProcess(dbFile: string | null, options: { env?: Record<string, string> } = {}): Promise<TeamServiceProcess> {
  return new Promise((resolve, reject) => {
    const args = ['bin/parley.mjs', 'team', 'serve', '--port', '0', ...(dbFile ? ['--db-file', dbFile] : [])]
    const child = spawn(process.execPath, args, { env: baseEnv(options.env ?? {}), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString()
      const m = /Parley team service is ready at (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(stdout)
      if (m) resolve({ url: m[1]!, port: Number(m[2]), child, stop: () => stopChild(child) })
    })
    child.on('exit', (code) => reject(new Error(`parley team serve exited with ${code}:\n${stderr}`)))
  })
}

export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill(signal)
  await exited
}

export interface CallAnswer<T = unknown> { ok: boolean; value?: T; error?: { code: string; message: string } }

/** The laptop died (SIGKILL) while answering this call: whether the call's change committed is for the caller to find out. */
export class LaptopDied extends Error {
  constructor(readonly laptop: string, readonly operation: string) {
    super(`${laptop} died while answering ${operation}`)
  }
}

/**
 * Calls a test may simply make again after the laptop died answering them: reads, and writes whose
 * second run changes nothing (a draft saved with the same words, a sync round). Anything else (a
 * submit, a decision, a note) throws LaptopDied, as a person would look before clicking again.
 */
const REPEATABLE = /^(conversations\.(list|get)|approvals\.list|outbox\.list|drafts\.(get|save)|team\.(status|syncNow)|profiles\.(current|list|switch|unlock)|accounts\.(list|pollNow)|audit\.verify|policy\.get)$/

export interface LaptopOptions {
  /**
   * The crash points (PARLEY_TEST_CRASH_AT, src/main/base/crash-point.ts) this laptop dies at, one per
   * life, in order: after each death it restarts with the next one.
   */
  crashPlan?: string[]
  /** Run after every restart, before other calls resume (e.g. unlocking the signed-in profile), with a call of its own. */
  afterRestart?: (ok: <T>(op: string, input?: unknown) => Promise<T>) => Promise<void>
}

/** A laptop: `parley serve` on its own data folder, called through POST /api/call/<operation>. */
export interface LaptopProcess {
  name: string
  dataDir: string
  served: ServedProcess
  /** How each death so far happened: "crash point: team.pushed#2", or "killed" from outside. */
  deaths: string[]
  call<T = unknown>(op: string, input?: unknown): Promise<CallAnswer<T>>
  /** The value, or an error naming the laptop, the operation and the plain message. */
  ok<T = unknown>(op: string, input?: unknown): Promise<T>
  /** SIGKILL, as a crash or a pulled plug: nothing is shut down cleanly. The laptop restarts on its own. */
  kill(): Promise<void>
  /** Resolves once the laptop answers (after a death: restarted, signed in, afterRestart done). */
  up(): Promise<void>
  stop(): Promise<void>
}

/** Whether the process has exited or exits within moments (a refused or cut call that a death explains). */
async function exitsSoon(p: ServedProcess): Promise<boolean> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return true
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 3_000)
    p.child.once('exit', () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

/**
 * Starts a laptop and keeps it running: a laptop that dies (a crash point, or a kill from outside)
 * is started again on the same folder, with the next crash point of its plan, until stop().
 */
export async function startLaptop(name: string, dataDir: string, vaultPassphrase: string, options: LaptopOptions = {}): Promise<LaptopProcess> {
  const plan = [...(options.crashPlan ?? [])]
  const crashEnv = (): Record<string, string> => (plan[0] ? { PARLEY_TEST_CRASH_AT: plan[0] } : {})
  let served = await serveSignedIn(dataDir, vaultPassphrase, crashEnv())
  let stopping = false
  let restarting: Promise<void> | null = null

  /** One call to the laptop as it is now: no waiting for a restart, no retry. */
  const direct = async <T>(op: string, input: unknown, to: ServedProcess = served): Promise<CallAnswer<T>> => {
    const res = await fetch(`${to.origin}/api/call/${op}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${to.token}` },
      body: JSON.stringify(input),
    })
    return (await res.json()) as CallAnswer<T>
  }
  const directOk = async <T>(op: string, input: unknown = {}): Promise<T> => {
    const answer = await direct<T>(op, input)
    if (!answer.ok) throw new Error(`${name}: ${op} failed (${answer.error?.code}): ${answer.error?.message}`)
    return answer.value as T
  }

  /** A death: how it happened, and the plan moves on when it was the planned crash point. */
  const died = (stderr: string): boolean => {
    const point = /crash point: (\S+)/.exec(stderr)?.[1]
    laptop.deaths.push(point ? `crash point: ${point}` : 'killed')
    if (point && point === plan[0]) plan.shift()
    return point !== undefined
  }

  /** Starts the laptop again; a death before it is ready (its start-up work reached a crash point) is one more life. */
  const start = async (): Promise<ServedProcess> => {
    for (;;) {
      try {
        return await serveSignedIn(dataDir, vaultPassphrase, crashEnv())
      } catch (error) {
        if (stopping || !died(error instanceof Error ? error.message : String(error))) throw error
      }
    }
  }

  const watch = (current: ServedProcess): void => {
    current.child.once('exit', () => {
      if (stopping) return
      died(current.stderr())
      const again: Promise<void> = (async () => {
        const restarted = await start()
        served = restarted
        watch(restarted)
        try {
          await options.afterRestart?.(directOk)
        } catch (error) {
          // Died during its restart: the newer restart (set by watch) carries on.
          if (!(await exitsSoon(restarted))) throw error
        }
      })().finally(() => {
        if (restarting === again) restarting = null
      })
      // Awaited by up(); a restart that a newer death overtook is not an error of its own.
      again.catch(() => undefined)
      restarting = again
    })
  }

  const laptop: LaptopProcess = {
    name,
    dataDir,
    deaths: [],
    get served() {
      return served
    },
    async call<T>(op: string, input: unknown = {}) {
      for (;;) {
        await laptop.up()
        const asked = served
        try {
          return await direct<T>(op, input, asked)
        } catch (error) {
          // Refused or cut off: a laptop that died meanwhile is retried or reported.
          if (!(await exitsSoon(asked))) throw error
          if (!REPEATABLE.test(op)) throw new LaptopDied(name, op)
        }
      }
    },
    async ok<T>(op: string, input: unknown = {}) {
      const answer = await laptop.call<T>(op, input)
      if (!answer.ok) throw new Error(`${name}: ${op} failed (${answer.error?.code}): ${answer.error?.message}`)
      return answer.value as T
    },
    async kill() {
      await stopChild(served.child, 'SIGKILL')
    },
    async up() {
      for (;;) {
        const pending = restarting
        if (!pending) return
        try {
          await pending
        } catch (error) {
          // Overtaken: the laptop died again during its restart, and a newer restart is under way.
          if (restarting === pending || restarting === null) throw error
        }
      }
    },
    async stop() {
      stopping = true
      await restarting?.catch(() => undefined)
      await stopChild(served.child)
    },
  }
  watch(served)
  return laptop
}

/** Waits for a condition that depends on other processes; fails with what was awaited and the last state seen. */
export async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    let last: unknown
    try {
      const value = await probe()
      if (value) return value
      last = value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}; last seen: ${last instanceof Error ? last.message : JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
