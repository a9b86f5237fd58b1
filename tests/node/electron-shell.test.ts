import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
/* eslint-disable @typescript-eslint/no-require-imports -- vi.hoisted runs before imports exist */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { operationNames } from '../../src/shared/contract'

/**
 * The Electron binary cannot run on these machines, so this drives the real
 * shell wiring against a stand-in 'electron' module and checks what it asks for.
 */
type FakeContents = import('node:events').EventEmitter & { openHandler: unknown; owner: unknown }

const fake = vi.hoisted(() => {
  const { EventEmitter } = require('node:events') as typeof import('node:events')
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: () => true,
    getPath: () => workspace.dir,
    isReady: () => true,
    setAsDefaultProtocolClient: () => true,
    setBadgeCount: (n: number) => (fake.badges.push(n), true),
    setLoginItemSettings: () => undefined,
    getVersion: () => '0.0.0-test',
    quit: () => undefined,
    ready: null as null | (() => void),
    whenReady() {
      return new Promise<void>((resolve) => (this.ready = resolve))
    },
  })
  return {
    app,
    windows: [] as { options: unknown; contents: FakeContents; loaded: string[] }[],
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    ipcHandlers: new Map<string, unknown>(),
    permissionHandlers: [] as unknown[],
    opened: [] as string[],
    fetched: [] as string[],
    badges: [] as number[],
    sent: [] as unknown[][],
    trays: [] as { tooltip: string; image: string; menu: unknown }[],
    menus: [] as unknown[],
  }
})

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  class BrowserWindow extends EventEmitter {
    static getAllWindows = () => fake.windows.map((w) => w.contents.owner as BrowserWindow)
    webContents: FakeContents
    constructor(options: unknown) {
      super()
      const contents = Object.assign(new EventEmitter(), {
        setWindowOpenHandler: (h: unknown) => (contents.openHandler = h),
        send: (...args: unknown[]) => fake.sent.push(args),
        isDestroyed: () => false,
        owner: this as unknown,
        openHandler: null as unknown,
      })
      this.webContents = contents
      fake.windows.push({ options, contents, loaded: [] })
    }
    loadURL(url: string) {
      fake.windows[fake.windows.length - 1]!.loaded.push(url)
      return Promise.resolve()
    }
    isMinimized = () => false
    isMaximized = () => false
    isFocused = () => false
    getNormalBounds = () => ({ x: 10, y: 20, width: 1300, height: 900 })
    focus = () => undefined
    show = () => undefined
    hide = () => undefined
    setOverlayIcon = () => undefined
  }
  class Tray {
    state = { tooltip: '', image: '', menu: null as unknown }
    constructor(image: string) {
      this.state.image = image
      fake.trays.push(this.state)
    }
    setImage = (image: string) => (this.state.image = image)
    setToolTip = (text: string) => (this.state.tooltip = text)
    setTitle = () => undefined
    setContextMenu = (menu: unknown) => (this.state.menu = menu)
    on = () => this
    destroy = () => undefined
  }
  return {
    app: fake.app,
    BrowserWindow,
    Tray,
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => fake.menus.push(menu) },
    nativeImage: { createFromPath: (path: string) => path },
    nativeTheme: { shouldUseDarkColors: false, on: () => undefined },
    Notification: Object.assign(function Notification() {}, { isSupported: () => false }),
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    ipcMain: {
      handle: (ch: string, fn: unknown) => fake.ipcHandlers.set(ch, fn),
      removeHandler: (ch: string) => fake.ipcHandlers.delete(ch),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: unknown) => fake.permissionHandlers.push(h),
        setPermissionCheckHandler: (h: unknown) => fake.permissionHandlers.push(h),
      },
    },
    shell: { openExternal: (url: string) => (fake.opened.push(url), Promise.resolve()) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => fake.schemes.push(...s),
      handle: (scheme: string, fn: (request: Request) => Promise<Response>) => fake.protocolHandlers.set(scheme, fn),
    },
    net: {
      fetch: (url: string) => {
        fake.fetched.push(url)
        return Promise.resolve(new Response('<!doctype html>', { headers: { 'Content-Type': 'text/html' } }))
      },
    },
  }
})
vi.mock('electron-updater', () => ({ default: { autoUpdater: { checkForUpdatesAndNotify: vi.fn() } } }))

const workspace = vi.hoisted(() => {
  const { mkdtempSync, rmSync } = require('node:fs') as typeof import('node:fs')
  const dir = mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'parley-shell-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
})
// The worker bundle is exercised by the process tests; here the same core runs in-process.
vi.mock('../../src/main/hosts/worker/worker-core', async () => {
  const { openWorkspace } = await import('../support/workspace')
  return { startWorkerCore: async () => openWorkspace(workspace.dir) }
})

describe('Electron shell wiring', () => {
  const rendererDir = join(workspace.dir, 'renderer')

  beforeAll(async () => {
    mkdirSync(rendererDir, { recursive: true })
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
    const { runShell } = await import('../../src/main/hosts/electron/main')
    runShell({ workerEntry: 'worker.js', preload: '/app/out/preload/index.cjs', rendererDir, trayIconDir: '/app/resources/tray' })
    expect(fake.schemes).toEqual([{ scheme: 'parley-app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
    fake.app.ready!()
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1))
  })
  afterAll(() => workspace.cleanup())

  it('opens one hardened window on the app scheme', () => {
    const [win] = fake.windows
    expect(win!.options).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/app/out/preload/index.cjs' } })
    expect(win!.loaded).toEqual(['parley-app://app/index.html'])
    expect(win!.contents.listenerCount('will-navigate')).toBeGreaterThan(0)
    const open = win!.contents.openHandler as (d: { url: string }) => { action: string }
    expect(open({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(open({ url: 'https://bsky.app/profile/x' })).toEqual({ action: 'deny' })
    expect(fake.opened).toEqual(['https://bsky.app/profile/x'])
  })

  it('shows the tray with the attention count and an application menu', () => {
    expect(fake.trays).toHaveLength(1)
    expect(fake.trays[0]!.tooltip).toMatch(/^Parley: /)
    expect(fake.trays[0]!.image).toMatch(/^\/app\/resources\/tray\/tray-light(-unread)?\.png$/)
    expect(fake.menus.length).toBeGreaterThan(0)
    expect(fake.badges.length).toBeGreaterThan(0)
  })

  it('takes a second launch\'s deep link to the window as a contract event, and ignores a hostile one', () => {
    const [win] = fake.windows
    win!.contents.emit('did-finish-load')
    fake.sent.length = 0
    fake.app.emit('second-instance', {}, ['/usr/bin/parley', 'parley://conversation/42'], '/')
    fake.app.emit('second-instance', {}, ['/usr/bin/parley', 'parley://conversation/42?x=<script>'], '/')
    expect(fake.sent).toEqual([['parley:event', 'app.navigate', { kind: 'conversation', conversationId: 42 }]])
  })

  it('denies permissions on the default session', () => {
    expect(fake.permissionHandlers).toHaveLength(2)
  })

  it('wires one IPC handler per contract operation to the core, checking the sender', async () => {
    expect([...fake.ipcHandlers.keys()]).toEqual(operationNames.map((op) => `parley:call:${op}`))
    const handler = fake.ipcHandlers.get('parley:call:app.info') as (e: unknown, i: unknown) => unknown
    expect(await handler({ senderFrame: { url: 'parley-app://app/index.html', parent: null } }, {})).toMatchObject({
      ok: true,
      value: { version: '0.0.0-test' },
    })
    expect(await handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, {})).toMatchObject({ ok: false })
  })

  it('serves only files inside the renderer folder, with the CSP header', async () => {
    const serve = fake.protocolHandlers.get('parley-app')!
    const ok = await serve(new Request('parley-app://app/index.html'))
    expect(ok.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    expect(fake.fetched.at(-1)).toBe(`file://${join(rendererDir, 'index.html')}`)
    const before = fake.fetched.length
    const escape = await serve(new Request('parley-app://app/..%2F..%2Fsecrets.txt'))
    expect(escape.status).toBe(404)
    expect(fake.fetched.length).toBe(before)
  })
})
