import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { APP_ORIGIN, isAppUrl } from '../../src/main/hosts/electron/app-origin'
import { hardenContents, restrictPermissions } from '../../src/main/hosts/electron/harden'
import { isTrustedSender, registerIpc } from '../../src/main/hosts/electron/ipc'
import { externalUrl } from '../../src/main/hosts/electron/safe-url'
import { windowOptions } from '../../src/main/hosts/electron/window-options'
import { operationNames } from '../../src/shared/contract'
import type { CoreClient } from '../../src/main/hosts/worker/core-client'

/** Stand-ins for Electron objects: the Electron binary cannot run on this machine. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | null = null
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler
  }
  navigate(url: string, event = 'will-navigate'): boolean {
    let prevented = false
    this.emit(event, { preventDefault: () => (prevented = true) }, url)
    return prevented
  }
}

describe('BrowserWindow options', () => {
  const prefs = windowOptions('/app/out/preload/index.cjs').webPreferences!

  it('turns on isolation and the sandbox and turns off Node everywhere', () => {
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
    })
  })

  it('is usable from 1024 px wide', () => {
    expect(windowOptions('p').minWidth).toBe(1024)
  })
})

describe('navigation and new windows', () => {
  const setup = () => {
    const contents = new FakeContents()
    const opened: string[] = []
    hardenContents(contents as never, (url) => void opened.push(url))
    return { contents, opened }
  }

  it('blocks navigation away from the app and allows the app itself', () => {
    const { contents } = setup()
    expect(contents.navigate('https://evil.example/phish')).toBe(true)
    expect(contents.navigate('file:///etc/passwd')).toBe(true)
    expect(contents.navigate('https://evil.example/', 'will-redirect')).toBe(true)
    expect(contents.navigate(`${APP_ORIGIN}/index.html`)).toBe(false)
  })

  it('denies every new window and opens only http(s) and mailto links in the OS', () => {
    const { contents, opened } = setup()
    const urls = [
      'https://mastodon.social/@ines/1133',
      'mailto:help@lumen.example',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'parley-app://app/index.html',
      'https://user:pass@evil.example/',
      'not a url',
    ]
    for (const url of urls) expect(contents.openHandler!({ url })).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://mastodon.social/@ines/1133', 'mailto:help@lumen.example'])
  })

  it('blocks webviews', () => {
    const { contents } = setup()
    let prevented = false
    contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) })
    expect(prevented).toBe(true)
  })

  it('denies permission requests and checks, except notifications for the app itself', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() }
    restrictPermissions(session as never)
    const request = session.setPermissionRequestHandler.mock.calls[0]![0]
    const check = session.setPermissionCheckHandler.mock.calls[0]![0]
    const app = { getURL: () => `${APP_ORIGIN}/index.html` }
    const evil = { getURL: () => 'https://evil.example/' }
    const decide = (contents: unknown, permission: string, requestingUrl?: string): unknown => {
      const callback = vi.fn()
      request(contents, permission, callback, requestingUrl ? { requestingUrl } : {})
      expect(callback).toHaveBeenCalledTimes(1)
      return callback.mock.calls[0]![0]
    }
    expect(decide(app, 'notifications')).toBe(true)
    expect(decide(app, 'notifications', `${APP_ORIGIN}/index.html`)).toBe(true)
    for (const permission of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'midi']) expect(decide(app, permission)).toBe(false)
    expect(decide(evil, 'notifications')).toBe(false)
    expect(decide(app, 'notifications', 'https://evil.example/frame')).toBe(false)
    expect(decide(null, 'notifications')).toBe(false)

    expect(check(app, 'notifications', APP_ORIGIN)).toBe(true)
    expect(check(null, 'notifications', APP_ORIGIN)).toBe(true)
    expect(check(app, 'notifications', 'https://evil.example')).toBe(false)
    expect(check(app, 'media', APP_ORIGIN)).toBe(false)
    expect(check(evil, 'notifications', '')).toBe(false)
  })

  it('allows notifications for the dev server only when one is given', () => {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() }
    restrictPermissions(session as never, 'http://localhost:5173')
    const check = session.setPermissionCheckHandler.mock.calls[0]![0]
    expect(check(null, 'notifications', 'http://localhost:5173')).toBe(true)
    expect(check(null, 'notifications', 'http://localhost:5174')).toBe(false)
    expect(check(null, 'camera', 'http://localhost:5173')).toBe(false)
  })

  it('parses external URLs before trusting them', () => {
    expect(externalUrl('HTTPS://Example.org/a b')).toBe('https://example.org/a%20b')
    expect(externalUrl('vbscript:msgbox')).toBeNull()
    expect(isAppUrl('parley-app://app.evil.example/')).toBe(false)
  })
})

describe('IPC wiring', () => {
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } })

  it('trusts only the app top frame', () => {
    expect(isTrustedSender(frame(`${APP_ORIGIN}/index.html`) as never)).toBe(true)
    expect(isTrustedSender(frame('https://evil.example/') as never)).toBe(false)
    expect(isTrustedSender(frame(`${APP_ORIGIN}/index.html`, {}) as never)).toBe(false)
    expect(isTrustedSender({ senderFrame: null } as never)).toBe(false)
    expect(isTrustedSender(frame('http://localhost:5173/') as never, 'http://localhost:5173')).toBe(true)
  })

  it('registers one handler per contract operation and refuses untrusted senders', async () => {
    const handlers = new Map<string, (event: unknown, input: unknown) => unknown>()
    const ipc = { handle: (ch: string, fn: never) => handlers.set(ch, fn), removeHandler: (ch: string) => handlers.delete(ch) }
    const calls: unknown[] = []
    const client = { call: async (op: unknown, input: unknown) => (calls.push([op, input]), { ok: true, value: 1 }) } as unknown as CoreClient
    const dispose = registerIpc(ipc, client)
    expect([...handlers.keys()]).toEqual(operationNames.map((op) => `parley:call:${op}`))

    const trusted = await handlers.get('parley:call:views.counts')!(frame(`${APP_ORIGIN}/`), {})
    expect(trusted).toEqual({ ok: true, value: 1 })
    const refused = await handlers.get('parley:call:views.counts')!(frame('https://evil.example/'), {})
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(calls).toEqual([['views.counts', {}]])
    dispose()
    expect(handlers.size).toBe(0)
  })
})
