import type { App, BrowserWindow, NativeImage } from 'electron'

export interface BadgeTarget {
  platform: NodeJS.Platform
  app: Pick<App, 'setBadgeCount'>
  /** Windows shows the count as an overlay on the taskbar button. */
  window: Pick<BrowserWindow, 'setOverlayIcon'> | null
  /** The small overlay image Windows shows while the count is above zero. */
  overlay: () => NativeImage
}

/**
 * The dock (macOS), launcher (Linux, where the launcher supports Unity's count)
 * or taskbar (Windows) badge. Zero clears it. Returns whether a badge could be shown.
 */
export function showBadge(target: BadgeTarget, count: number): boolean {
  const n = Math.max(0, Math.floor(count))
  if (target.platform === 'win32') {
    if (!target.window) return false
    target.window.setOverlayIcon(n > 0 ? target.overlay() : null, n > 0 ? `${n} conversations need you` : '')
    return true
  }
  // On Linux Electron reaches launchers that speak Unity's count protocol; it answers false elsewhere.
  return target.app.setBadgeCount(n)
}
