import type { Session, WebContents } from 'electron'
import { isAppUrl } from './app-origin'
import { externalUrl } from './safe-url'

export type OpenExternal = (url: string) => Promise<void> | void

/**
 * Navigation and new windows are denied; links the user clicks open in the
 * OS browser only when they parse as http(s) or mailto.
 */
export function hardenContents(contents: WebContents, openExternal: OpenExternal, devServerUrl?: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    const safe = externalUrl(url)
    if (safe) void openExternal(safe)
    return { action: 'deny' }
  })
}

/** Deny every permission request (camera, notifications are shown by the shell itself, geolocation…). */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}
