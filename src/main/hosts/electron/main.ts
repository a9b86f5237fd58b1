import { app, BrowserWindow, ipcMain, Menu, nativeImage, nativeTheme, Notification, screen, session, shell, Tray } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CallResult, Counts, Profile } from '../../../shared/contract'
import type { CoreClient } from '../worker/core-client'
import { startWorkerCore } from '../worker/worker-core'
import { appMenu } from './app-menu'
import { APP_ORIGIN } from './app-origin'
import { attentionCount } from './attention'
import { showBadge } from './badge'
import { DEEP_LINK_SCHEME, deepLinkFromArgv, parseDeepLink } from './deep-link'
import { openDesktopSettings, type DesktopSettings } from './desktop-settings'
import { hardenContents, restrictPermissions } from './harden'
import { forwardEvents, registerIpc } from './ipc'
import { createNavigator } from './navigator'
import { createNotifier } from './notifications'
import { registerAppScheme, serveRenderer } from './protocol'
import { claimSingleInstance } from './single-instance'
import { pauseAllSync, resumeSync } from './sync-pause'
import { createAttentionTray, trayIconPath } from './tray'
import { checkForUpdates } from './updater'
import { rememberBounds, restoreBounds } from './window-state'
import { windowOptions } from './window-options'

export interface ShellPaths {
  workerEntry: string
  /** The weekly summary's read-only second thread. */
  reportReaderEntry?: string
  /** Ingest's preparer thread (sanitising off the database worker). */
  itemPreparerEntry?: string
  preload: string
  rendererDir: string
  /** resources/tray in development; process.resourcesPath/tray when packaged. */
  trayIconDir: string
}

/**
 * The thin Electron shell: lifecycle, one window, IPC wiring, updates, and the desktop
 * parts (tray, badge, notifications, deep links, menu). Each part is its own module;
 * this file only wires them. The core runs in a worker.
 */
export function runShell(paths: ShellPaths): void {
  const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  const log = (message: string): void => console.warn(message)
  let window: BrowserWindow | null = null
  let quitting = false
  const navigator = createNavigator(() => showWindow())

  const secondLaunch = (argv: string[]): void => {
    const target = deepLinkFromArgv(argv)
    if (target) navigator.navigate(target)
    else showWindow()
  }
  if (!claimSingleInstance(app, secondLaunch)) return
  registerAppScheme()
  // macOS hands links over through 'open-url', also the one that launched the app.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    const target = parseDeepLink(url)
    if (target) navigator.navigate(target)
  })
  if (app.isPackaged) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME)

  let client: CoreClient | null = null
  const settings = openDesktopSettings(app.getPath('userData'), log)
  let counts: Counts | null = null
  let me: Profile | null = null

  function openWindow(): void {
    const options = windowOptions(paths.preload)
    const bounds = restoreBounds(settings.get().window, screen.getAllDisplays().map((d) => d.workArea), { width: options.minWidth!, height: options.minHeight! })
    const created = new BrowserWindow(bounds ? { ...options, x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height } : options)
    window = created
    hardenContents(created.webContents, (url) => shell.openExternal(url), devServerUrl)
    created.once('ready-to-show', () => {
      if (bounds?.maximized) created.maximize()
      created.show()
    })
    created.webContents.on('did-finish-load', () => navigator.loaded(created.webContents))
    rememberBounds(created, (saved) => settings.update({ window: saved }))
    created.on('close', (event) => {
      // Close to tray: the window hides and its page keeps running (and notifying).
      if (!quitting && settings.get().closeToTray) {
        event.preventDefault()
        created.hide()
      }
    })
    created.on('closed', () => {
      window = null
      navigator.closed()
    })
    void created.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`)
  }

  function showWindow(): void {
    if (!app.isReady()) return
    if (!window) return openWindow()
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }

  const call = (op: string, input: unknown): Promise<CallResult<unknown>> =>
    client ? client.call(op, input) : Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'Parley is closing.' } })

  let tray: ReturnType<typeof createAttentionTray> | null = null
  const refreshAttention = (): void => {
    const count = counts ? attentionCount(counts, me?.role ?? null) : 0
    tray?.update(count, settings.get().pausedByTray.length > 0)
    showBadge({ platform: process.platform, app, window, overlay: () => nativeImage.createFromPath(trayIconPath(paths.trayIconDir, false, true)) }, count)
  }

  const setSyncPaused = async (paused: boolean): Promise<void> => {
    try {
      if (paused) settings.update({ pausedByTray: await pauseAllSync(call) })
      else {
        await resumeSync(call, settings.get().pausedByTray)
        settings.update({ pausedByTray: [] })
      }
    } catch (error) {
      log(`Parley could not ${paused ? 'pause' : 'resume'} sync: ${error instanceof Error ? error.message : String(error)}`)
    }
    refreshAttention()
  }

  const rebuildMenu = (): void => {
    Menu.setApplicationMenu(Menu.buildFromTemplate(appMenu(process.platform, settings.get(), {
      navigate: (target) => navigator.navigate(target),
      checkForUpdates: () => checkForUpdates(log, true),
      setNotify: (kind, on) => change({ notify: { ...settings.get().notify, [kind]: on } }),
      setCloseToTray: (on) => change({ closeToTray: on }),
      setStartAtLogin: (on) => {
        app.setLoginItemSettings({ openAtLogin: on })
        change({ startAtLogin: on })
      },
      quit: () => app.quit(),
    }, app.isPackaged)))
  }
  const change = (update: Partial<DesktopSettings>): void => {
    settings.update(update)
    rebuildMenu()
  }

  const notify = createNotifier({
    markupBody: process.platform === 'linux',
    isSupported: () => Notification.isSupported(),
    create: (options) => new Notification(options),
    settings: () => settings.get(),
    context: () => ({ me, windowOpen: window !== null, windowFocused: window?.isFocused() ?? false }),
    openConversation: (conversationId) => navigator.navigate({ kind: 'conversation', conversationId }),
    openChannels: () => navigator.navigate({ kind: 'screen', screen: 'channels' }),
  })

  app.on('web-contents-created', (_event, contents) => hardenContents(contents, (url) => shell.openExternal(url), devServerUrl))

  void app.whenReady().then(async () => {
    restrictPermissions(session.defaultSession, devServerUrl)
    serveRenderer(paths.rendererDir)
    client = await startWorkerCore(
      { dataDir: app.getPath('userData'), version: app.getVersion(), vault: 'keychain', autoSync: true, reportReaderEntry: paths.reportReaderEntry, itemPreparerEntry: paths.itemPreparerEntry },
      paths.workerEntry,
    )
    registerIpc(ipcMain, client, devServerUrl)
    forwardEvents(client, () => BrowserWindow.getAllWindows().map((w) => w.webContents))
    client.subscribe((name, payload) => {
      if (name === 'counts.changed') counts = payload as Counts
      if (name === 'profiles.changed') me = (payload as { current: Profile }).current
      if (name === 'counts.changed' || name === 'profiles.changed') refreshAttention()
      notify(name, payload)
    })
    const [initialCounts, profile] = await Promise.all([call('views.counts', {}), call('profiles.current', {})])
    if (initialCounts.ok) counts = initialCounts.value as Counts
    if (profile.ok) me = profile.value as Profile
    rebuildMenu()
    tray = createAttentionTray(
      {
        createTray: (image) => new Tray(image),
        buildMenu: (template) => Menu.buildFromTemplate(template),
        image: (path) => nativeImage.createFromPath(path),
        iconDir: paths.trayIconDir,
        darkMenuBar: () => nativeTheme.shouldUseDarkColors,
      },
      { open: () => showWindow(), setSyncPaused: (paused) => void setSyncPaused(paused), quit: () => app.quit() },
    )
    nativeTheme.on('updated', refreshAttention)
    openWindow()
    refreshAttention()
    const launchedWith = deepLinkFromArgv(process.argv)
    if (launchedWith) navigator.navigate(launchedWith)
    checkForUpdates(log)
    app.on('activate', () => showWindow())
  })

  app.on('before-quit', () => (quitting = true))
  app.on('window-all-closed', () => {
    // With the tray on, Parley keeps running (and notifying) without a window.
    if (process.platform !== 'darwin' && !settings.get().closeToTray) app.quit()
  })
  app.on('will-quit', (event) => {
    tray?.destroy()
    tray = null
    if (!client) return
    event.preventDefault()
    const closing = client
    client = null
    void closing.close().finally(() => app.quit())
  })
}

export const rendererDirFrom = (moduleUrl: string): string => fileURLToPath(new URL('../renderer/', moduleUrl))

/** The tray icons: beside the app when packaged (electron-builder.yml extraResources), else in the source tree. */
export const trayIconDirFrom = (moduleUrl: string, packaged: boolean, resourcesPath: string): string =>
  packaged ? join(resourcesPath, 'tray') : fileURLToPath(new URL('../../resources/tray/', moduleUrl))
