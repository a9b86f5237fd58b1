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

/** The one permission the app asks for: showing its own notifications (approval requests and decisions). */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications'])

/**
 * Deny every permission request and check (camera, geolocation, clipboard…) except
 * 'notifications', and that only for the app's own origin (or the dev server in development).
 */
export function restrictPermissions(session: Session, devServerUrl?: string): void {
  const allowed = (permission: string, url: string | undefined): boolean => ALLOWED_PERMISSIONS.has(permission) && isAppUrl(url, devServerUrl)
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(allowed(permission, details?.requestingUrl || contents?.getURL()))
  })
  session.setPermissionCheckHandler((contents, permission, requestingOrigin) => allowed(permission, requestingOrigin || contents?.getURL()))
}
