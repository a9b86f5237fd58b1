import type { MenuItemConstructorOptions } from 'electron'
import type { NavigationTarget } from '../../../shared/contract'
import type { DesktopSettings, NoticeKind } from './desktop-settings'

export interface MenuActions {
  navigate(target: NavigationTarget): void
  checkForUpdates(): void
  setNotify(kind: NoticeKind, on: boolean): void
  setCloseToTray(on: boolean): void
  setStartAtLogin(on: boolean): void
  quit(): void
}

const NOTICE_LABELS: Record<NoticeKind, string> = {
  alerts: 'Tracked-topic and rule alerts',
  approvals: 'Replies waiting for my approval',
  replies: 'Replies sent or failed',
}

/** Go menu: the inbox views and screens, with the shortcuts shown beside them. */
const GO: { label: string; accelerator: string; target: NavigationTarget }[] = [
  { label: 'Inbox', accelerator: 'CmdOrCtrl+1', target: { kind: 'view', view: 'inbox' } },
  { label: 'Mine', accelerator: 'CmdOrCtrl+2', target: { kind: 'view', view: 'mine' } },
  { label: 'Unassigned', accelerator: 'CmdOrCtrl+3', target: { kind: 'view', view: 'unassigned' } },
  { label: 'Needs approval', accelerator: 'CmdOrCtrl+4', target: { kind: 'view', view: 'needs_approval' } },
  { label: 'Outbox', accelerator: 'CmdOrCtrl+5', target: { kind: 'screen', screen: 'outbox' } },
  { label: 'Listening', accelerator: 'CmdOrCtrl+6', target: { kind: 'screen', screen: 'listening' } },
  { label: 'Reports', accelerator: 'CmdOrCtrl+7', target: { kind: 'screen', screen: 'reports' } },
]

/**
 * The application menu. Settings holds the desktop switches (each notification kind,
 * close to tray, start at login) and the way to the channels screen; Help has
 * "Check for updates…". Developer tools only outside a packaged build.
 */
export function appMenu(platform: NodeJS.Platform, settings: DesktopSettings, actions: MenuActions, packaged: boolean): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const settingsMenu: MenuItemConstructorOptions = {
    label: 'Settings',
    submenu: [
      { label: 'Channels and accounts…', accelerator: 'CmdOrCtrl+,', click: () => actions.navigate({ kind: 'screen', screen: 'channels' }) },
      { type: 'separator' },
      { label: 'Notify me about', enabled: false },
      ...(Object.keys(NOTICE_LABELS) as NoticeKind[]).map((kind): MenuItemConstructorOptions => ({
        label: NOTICE_LABELS[kind],
        type: 'checkbox',
        checked: settings.notify[kind],
        click: (item) => actions.setNotify(kind, item.checked),
      })),
      { type: 'separator' },
      { label: 'Keep running in the tray when the window closes', type: 'checkbox', checked: settings.closeToTray, click: (item) => actions.setCloseToTray(item.checked) },
      // Electron sets login items on macOS and Windows only.
      ...(platform === 'linux' ? [] : [{ label: 'Start Parley when I log in', type: 'checkbox', checked: settings.startAtLogin, click: (item) => actions.setStartAtLogin(item.checked) } as MenuItemConstructorOptions]),
    ],
  }
  const updates: MenuItemConstructorOptions = { label: 'Check for updates…', click: () => actions.checkForUpdates() }
  const quit: MenuItemConstructorOptions = { label: 'Quit Parley', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() }
  return [
    ...(mac ? [{ label: 'Parley', submenu: [{ role: 'about' }, updates, { type: 'separator' }, settingsMenu, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, quit] } as MenuItemConstructorOptions] : []),
    { label: 'File', submenu: [{ role: 'close', accelerator: 'CmdOrCtrl+W' }, ...(mac ? [] : [{ type: 'separator' } as const, quit])] },
    { role: 'editMenu' },
    { label: 'Go', submenu: GO.map(({ label, accelerator, target }) => ({ label, accelerator, click: () => actions.navigate(target) })) },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(packaged ? [] : [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const]),
      ],
    },
    ...(mac ? [] : [settingsMenu]),
    { role: 'windowMenu' },
    { role: 'help', submenu: mac ? [] : [updates] },
  ]
}
