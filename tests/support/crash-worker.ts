import { spawn } from 'node:child_process'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')

export interface WorkerRun {
  lines: string[]
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
}

/**
 * Runs `parley dev-crash-worker` (the built CLI) as a child process. `onLine`
 * sees every progress marker and may return true to SIGKILL the child there
 * (after `delayMs`, so the kill can land inside the next step).
 */
export function runCrashWorker(options: {
  args: string[]
  env: Record<string, string>
  onLine?: (line: string, index: number) => { kill: boolean; delayMs?: number } | void
  timeoutMs?: number
  /** Receives a switch that SIGKILLs the child at once, for a kill timed by something other than its output (a fake server's handler). */
  control?: (kill: () => void) => void
}): Promise<WorkerRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'parley.mjs'), 'dev-crash-worker', ...options.args], {
      cwd: root,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const lines: string[] = []
    let stderr = ''
    let buffered = ''
    let killing = false
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000)
    options.control?.(() => {
      killing = true
      child.kill('SIGKILL')
    })
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk
      let nl: number
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl)
        buffered = buffered.slice(nl + 1)
        // Lines printed before the kill lands still count: each marks a step that committed.
        lines.push(line)
        if (killing) continue
        const verdict = options.onLine?.(line, lines.length)
        if (verdict?.kill) {
          killing = true
          if (verdict.delayMs) setTimeout(() => child.kill('SIGKILL'), verdict.delayMs)
          else child.kill('SIGKILL')
        }
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ lines, code, signal, stderr })
    })
  })
}
