import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron'
import { join } from 'node:path'
import { attentionLabel } from './attention'

export interface TrayActions {
  open(): void
  setSyncPaused(paused: boolean): void
  quit(): void
}

export interface TrayParts {
  /** Makes the tray icon (Electron's `new Tray(image)`). */
  createTray(image: NativeImage): Pick<Tray, 'setImage' | 'setToolTip' | 'setTitle' | 'setContextMenu' | 'on' | 'destroy'>
  buildMenu(template: MenuItemConstructorOptions[]): Menu
  image(path: string): NativeImage
  /** The folder holding resources/tray (process.resourcesPath/tray when packaged). */
  iconDir: string
  darkMenuBar(): boolean
}

/** The icon file for a menu bar's shade, with the unread dot when something needs attention (Electron finds the @2x file itself). */
export function trayIconPath(iconDir: string, dark: boolean, unread: boolean): string {
  return join(iconDir, `tray-${dark ? 'dark' : 'light'}${unread ? '-unread' : ''}.png`)
}

/** The tray's menu: open, pause or resume sync, quit. */
export function trayMenu(count: number, paused: boolean, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: count > 0 ? `Open Parley (${count} waiting)` : 'Open Parley', click: () => actions.open() },
    { label: 'Pause sync', type: 'checkbox', checked: paused, click: () => actions.setSyncPaused(!paused) },
    { type: 'separator' },
    { label: 'Quit Parley', click: () => actions.quit() },
  ]
}

/**
 * The tray (menu-bar) icon with the count of conversations needing attention: the
 * unread dot on the icon, the number beside it on macOS, the count in the tooltip.
 * Clicking it opens the window.
 */
export function createAttentionTray(parts: TrayParts, actions: TrayActions): { update(count: number, paused: boolean): void; destroy(): void } {
  const tray = parts.createTray(parts.image(trayIconPath(parts.iconDir, parts.darkMenuBar(), false)))
  tray.on('click', () => actions.open())
  const update = (count: number, paused: boolean): void => {
    tray.setImage(parts.image(trayIconPath(parts.iconDir, parts.darkMenuBar(), count > 0)))
    tray.setTitle(count > 0 ? String(count) : '')
    tray.setToolTip(attentionLabel(count, paused))
    tray.setContextMenu(parts.buildMenu(trayMenu(count, paused, actions)))
  }
  update(0, false)
  return { update, destroy: () => tray.destroy() }
}
