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

/** A laptop: `parley serve` on its own data folder, called through POST /api/call/<operation>. */
export interface LaptopProcess {
  name: string
  dataDir: string
  served: ServedProcess
  call<T = unknown>(op: string, input?: unknown): Promise<CallAnswer<T>>
  /** The value, or an error naming the laptop, the operation and the plain message. */
  ok<T = unknown>(op: string, input?: unknown): Promise<T>
  /** SIGKILL, as a crash or a pulled plug: nothing is shut down cleanly. */
  kill(): Promise<void>
  /** Starts `parley serve` again on the same folder and signs in. */
  restart(): Promise<void>
  stop(): Promise<void>
}

export async function startLaptop(name: string, dataDir: string, vaultPassphrase: string): Promise<LaptopProcess> {
  let served = await serveSignedIn(dataDir, vaultPassphrase)
  const laptop: LaptopProcess = {
    name,
    dataDir,
    get served() {
      return served
    },
    async call<T>(op: string, input: unknown = {}) {
      const res = await fetch(`${served.origin}/api/call/${op}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${served.token}` },
        body: JSON.stringify(input),
      })
      return (await res.json()) as CallAnswer<T>
    },
    async ok<T>(op: string, input: unknown = {}) {
      const answer = await laptop.call<T>(op, input)
      if (!answer.ok) throw new Error(`${name}: ${op} failed (${answer.error?.code}): ${answer.error?.message}`)
      return answer.value as T
    },
    async kill() {
      await stopChild(served.child, 'SIGKILL')
    },
    async restart() {
      served = await serveSignedIn(dataDir, vaultPassphrase)
    },
    stop: () => stopChild(served.child),
  }
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
