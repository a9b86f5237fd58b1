import { app, BrowserWindow, ipcMain, session, shell } from 'electron'
import { fileURLToPath } from 'node:url'
import type { CoreClient } from '../host/core-client'
import { startWorkerCore } from '../host/worker-core'
import { APP_ORIGIN } from './app-origin'
import { hardenContents, restrictPermissions } from './harden'
import { forwardEvents, registerIpc } from './ipc'
import { registerAppScheme, serveRenderer } from './protocol'
import { checkForUpdates } from './updater'
import { windowOptions } from './window-options'

export interface ShellPaths {
  workerEntry: string
  /** The weekly summary's read-only second thread. */
  reportReaderEntry?: string
  preload: string
  rendererDir: string
}

/** The thin Electron shell: lifecycle, one window, IPC wiring, updates. The core runs in a worker. */
export function runShell(paths: ShellPaths): void {
  const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  registerAppScheme()
  let client: CoreClient | null = null
  let window: BrowserWindow | null = null

  const openWindow = (): void => {
    window = new BrowserWindow(windowOptions(paths.preload))
    hardenContents(window.webContents, (url) => shell.openExternal(url), devServerUrl)
    window.once('ready-to-show', () => window?.show())
    window.on('closed', () => (window = null))
    void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
  }

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore()
    window?.focus()
  })
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, (url) => shell.openExternal(url), devServerUrl))

  void app.whenReady().then(async () => {
    restrictPermissions(session.defaultSession, devServerUrl)
    serveRenderer(paths.rendererDir)
    client = await startWorkerCore(
      { dataDir: app.getPath('userData'), version: app.getVersion(), vault: 'keychain', autoSync: true, reportReaderEntry: paths.reportReaderEntry },
      paths.workerEntry,
    )
    registerIpc(ipcMain, client, devServerUrl)
    forwardEvents(client, () => BrowserWindow.getAllWindows().map((w) => w.webContents))
    openWindow()
    checkForUpdates((message) => console.warn(message))
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', (event) => {
    if (!client) return
    event.preventDefault()
    const closing = client
    client = null
    void closing.close().finally(() => app.quit())
  })
}

export const rendererDirFrom = (moduleUrl: string): string => fileURLToPath(new URL('../renderer/', moduleUrl))
