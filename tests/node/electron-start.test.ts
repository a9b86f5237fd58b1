import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

/**
 * `npm start` where Electron's runtime cannot be downloaded. The download goes only to a
 * mirror on 127.0.0.1 (ELECTRON_MIRROR) with an empty cache, so nothing leaves the machine.
 */
const root = join(import.meta.dirname, '..', '..')
let cache = ''
let server: Server | null = null
afterEach(() => {
  server?.close()
  server = null
  rmSync(cache, { recursive: true, force: true })
})

function start(mirror: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  cache = mkdtempSync(join(tmpdir(), 'parley-electron-cache-'))
  // Only what the script needs: no proxy, no npm config that could point the download elsewhere.
  const env = { PATH: process.env.PATH ?? '', HOME: cache, ELECTRON_MIRROR: mirror, electron_config_cache: cache, ELECTRON_GET_USE_PROXY: '' }
  const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

const plainly = (stderr: string): void => {
  expect(stderr).toMatch(/^Parley's desktop runtime \(Electron 45\.\d+\.\d+\) could not be downloaded, so the desktop app cannot start\./)
  expect(stderr).toContain('npx parley serve')
  expect(stderr).not.toMatch(/^\s+at /m)
}

describe('npm start without the desktop runtime', () => {
  it('says the runtime could not be fetched and shows the browser-mode command (nothing listening)', async () => {
    const run = await start('http://127.0.0.1:9/')
    expect(run.code).toBe(1)
    plainly(run.stderr)
    expect(run.stderr).toContain('Why: the download server could not be reached (http://127.0.0.1:9/)')
  })

  it('says the same when the mirror answers without the runtime, and asks no other host', async () => {
    const asked: string[] = []
    server = createServer((request, response) => {
      asked.push(request.url ?? '')
      response.writeHead(404).end('not here')
    })
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    const mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    const run = await start(mirror)
    expect(run.code).toBe(1)
    plainly(run.stderr)
    expect(asked.length).toBeGreaterThan(0)
    expect(asked.every((url) => url.includes('electron-v45.'))).toBe(true)
  })
})
