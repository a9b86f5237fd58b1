/** The renderer is served from this privileged scheme, never file://. */
export const APP_SCHEME = 'parley-app'
export const APP_ORIGIN = `${APP_SCHEME}://app`

/** True when a frame URL belongs to the app itself (or the dev server in development). */
export function isAppUrl(raw: string | undefined, devServerUrl?: string): boolean {
  if (!raw) return false
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  if (url.protocol === `${APP_SCHEME}:` && url.host === 'app') return true
  if (devServerUrl) {
    try {
      return url.origin === new URL(devServerUrl).origin
    } catch {
      return false
    }
  }
  return false
}
