import type { BrowserWindow, Rectangle } from 'electron'
import type { WindowBounds } from './desktop-settings'

/** How much of the title bar must be on a screen for the saved place to be used. */
const VISIBLE = 100

/**
 * The saved place and size when it still lands on a connected screen (its top strip
 * overlaps a work area by VISIBLE px each way), else null and the window opens centred.
 * A monitor unplugged since the last launch must not leave Parley off-screen.
 */
export function restoreBounds(saved: WindowBounds | null, workAreas: readonly Rectangle[], min: { width: number; height: number }): WindowBounds | null {
  if (!saved) return null
  const onScreen = workAreas.some((area) => {
    const overlapX = Math.min(saved.x + saved.width, area.x + area.width) - Math.max(saved.x, area.x)
    const overlapY = Math.min(saved.y + VISIBLE, area.y + area.height) - Math.max(saved.y, area.y)
    return overlapX >= VISIBLE && overlapY >= Math.min(VISIBLE, area.height) && saved.y >= area.y - 10
  })
  if (!onScreen) return null
  return { ...saved, width: Math.max(saved.width, min.width), height: Math.max(saved.height, min.height) }
}

/** Remembers the window's place and size (its normal bounds, and whether it was maximised) when it closes. */
export function rememberBounds(window: Pick<BrowserWindow, 'on' | 'getNormalBounds' | 'isMaximized'>, save: (bounds: WindowBounds) => void): void {
  window.on('close', () => {
    const { x, y, width, height } = window.getNormalBounds()
    save({ x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height), maximized: window.isMaximized() })
  })
}
