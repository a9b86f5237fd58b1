import { test as base } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface ParleyServer {
  url: string
  origin: string
  token: string
  dataDir: string
  process: ChildProcess
}

/** Starts `parley serve` in its own data folder and waits for its ready line, never a sleep. */
export async function startParley(args: string[], dataDir: string, env: Record<string, string> = {}): Promise<ParleyServer> {
  const child = spawn(process.execPath, ['bin/parley.mjs', 'serve', '--port', '0', '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PARLEY_DATA_DIR: '', ...env },
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    const timer = setTimeout(() => reject(new Error(`parley serve did not become ready:\n${stderr}`)), 60_000)
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString()
      const match = /Parley is ready at (\S+)/.exec(stdout)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`parley serve exited with ${code}:\n${stderr}`))
    })
  })
  const parsed = new URL(url)
  return { url, origin: parsed.origin, token: parsed.searchParams.get('token')!, dataDir, process: child }
}

export async function stopParley(server: ParleyServer): Promise<number | null> {
  if (server.process.exitCode !== null) return server.process.exitCode
  const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)))
  server.process.kill('SIGTERM')
  return exited
}

export const test = base.extend<{ parley: ParleyServer }>({
  // eslint-disable-next-line no-empty-pattern
  parley: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'))
    const server = await startParley(['--demo'], dataDir)
    await use(server)
    await stopParley(server)
    rmSync(dataDir, { recursive: true, force: true })
  },
})

export { expect } from '@playwright/test'
