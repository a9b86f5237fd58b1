import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { createServer, request, type IncomingMessage, type RequestOptions, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor'
import { DebUpdater } from 'electron-updater'
import type { AppAdapter } from 'electron-updater/out/AppAdapter'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { watchUpdates } from '../../../src/main/hosts/electron/update-flow'
import { tempDir } from '../../support/workspace'
import { builderSection } from '../../support/builder-yml'

/**
 * The real electron-updater (its generic provider, download and sha512 check)
 * against a feed served over HTTP on 127.0.0.1. Only Electron itself is stood
 * in for: the app (AppAdapter) and the transport (Electron's net module → Node's http).
 */
class NodeHttp extends ElectronHttpExecutor {
  // electron-updater's own download() and doDownload() (with the sha512 check) run unchanged; only the socket is Node's.
  override createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): Electron.ClientRequest {
    return request(options, callback) as unknown as Electron.ClientRequest
  }
}

const installer = Buffer.from('#!/bin/sh\n# stand-in for Parley 0.2.0 (deb)\n'.repeat(2_000))
const sha512 = (data: Buffer): string => createHash('sha512').update(data).digest('base64')

function latestYml(version: string, file: string, hash: string, size: number): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${hash}`,
    `    size: ${size}`,
    `path: ${file}`,
    `sha512: ${hash}`,
    "releaseDate: '2026-11-20T09:00:00.000Z'",
    '',
  ].join('\n')
}

/** The feed folder electron-builder publishes: latest-linux.yml beside the installer. */
async function feed(yml: string): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = []
  const server = createServer((req, res) => {
    requests.push(req.url ?? '')
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    if (/^\/latest(-linux)?\.yml$/.test(path)) {
      res.writeHead(200, { 'Content-Type': 'text/yaml' })
      res.end(yml)
    } else if (path === '/Parley-0.2.0.deb') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': installer.length })
      res.end(installer)
    } else {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests }
}

/** The feed URL comes from electron-builder.yml's publish section, as in a packaged app's app-update.yml. */
function publishConfig(): { provider: string; url: string } {
  const section = builderSection('publish')
  return { provider: section.provider ?? '', url: section.url ?? '' }
}

describe('auto-update over a generic feed (real electron-updater)', () => {
  let dir: string
  let cleanup: () => void
  let server: Server | null = null
  beforeEach(() => ({ dir, cleanup } = tempDir('parley-update-')))
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
    server = null
    cleanup()
  })

  function updaterFor(feedUrl: string): DebUpdater {
    const publish = publishConfig()
    expect(publish).toEqual({ provider: 'generic', url: '${env.PARLEY_UPDATE_URL}' })
    // What electron-builder writes into the packaged app's resources from that section.
    const configPath = join(dir, 'app-update.yml')
    writeFileSync(configPath, `provider: ${publish.provider}\nurl: ${feedUrl}\nupdaterCacheDirName: parley-updater\n`)
    mkdirSync(join(dir, 'user'), { recursive: true })
    const app: AppAdapter = {
      version: '0.1.0',
      name: 'Parley',
      isPackaged: true,
      appUpdateConfigPath: configPath,
      userDataPath: join(dir, 'user'),
      baseCachePath: join(dir, 'cache'),
      whenReady: () => Promise.resolve(),
      relaunch: () => undefined,
      quit: () => undefined,
      onQuit: () => undefined,
    }
    const updater = new DebUpdater(undefined, app)
    ;(updater as unknown as { httpExecutor: ElectronHttpExecutor }).httpExecutor = new NodeHttp()
    updater.logger = null
    return updater
  }

  it('finds a newer version, downloads it, checks its sha512 and offers a restart', async () => {
    const f = await feed(latestYml('0.2.0', 'Parley-0.2.0.deb', sha512(installer), installer.length))
    server = f.server
    const updater = updaterFor(f.url)
    const offers: string[] = []
    const logs: string[] = []
    const flow = watchUpdates(updater, { offer: async (v) => (offers.push(v), false), log: (m) => logs.push(m) })
    await flow.check()
    const info = await flow.offered
    expect(info.version).toBe('0.2.0')
    expect(offers).toEqual(['0.2.0'])
    expect(logs).toEqual(['Parley 0.2.0 is available (this is 0.1.0); downloading it.'])
    expect(f.requests.some((r) => r.startsWith('/latest-linux.yml'))).toBe(true)
    expect(f.requests.some((r) => r.startsWith('/Parley-0.2.0.deb'))).toBe(true)
    // The verified installer waits in the updater's cache, byte for byte.
    const cached = join(dir, 'cache', 'parley-updater', 'pending')
    const files = readdirSync(cached).filter((n) => n.endsWith('.deb'))
    expect(files).toHaveLength(1)
    expect(readFileSync(join(cached, files[0]!)).equals(installer)).toBe(true)
  })

  it('refuses a download whose sha512 does not match latest.yml: nothing offered, nothing kept', async () => {
    const tampered = sha512(Buffer.concat([installer, Buffer.from('one more byte')]))
    const f = await feed(latestYml('0.2.0', 'Parley-0.2.0.deb', tampered, installer.length))
    server = f.server
    const updater = updaterFor(f.url)
    const offers: string[] = []
    let refused: (message: string) => void = () => undefined
    const failure = new Promise<string>((resolve) => (refused = resolve))
    const flow = watchUpdates(updater, {
      offer: async (v) => (offers.push(v), true),
      log: (m) => {
        if (/checksum/.test(m)) refused(m)
      },
    })
    await flow.check()
    expect(await failure).toBe('The downloaded update did not match its published checksum, so it was discarded. Parley stays on version 0.1.0.')
    expect(f.requests.some((r) => r.startsWith('/Parley-0.2.0.deb'))).toBe(true)
    expect(offers).toEqual([])
    const pending = join(dir, 'cache', 'parley-updater', 'pending')
    const kept = existsSync(pending) ? readdirSync(pending).filter((n) => n.endsWith('.deb')) : []
    expect(kept).toEqual([])
  })

  it('offers nothing when the feed has the version already running', async () => {
    const f = await feed(latestYml('0.1.0', 'Parley-0.2.0.deb', sha512(installer), installer.length))
    server = f.server
    const updater = updaterFor(f.url)
    const offers: string[] = []
    const flow = watchUpdates(updater, { offer: async (v) => (offers.push(v), false), log: () => undefined })
    let notAvailable = false
    updater.on('update-not-available', () => (notAvailable = true))
    await flow.check()
    expect(notAvailable).toBe(true)
    expect(offers).toEqual([])
    expect(f.requests.some((r) => r.startsWith('/Parley-0.2.0.deb'))).toBe(false)
  })
})
