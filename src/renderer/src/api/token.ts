/** Browser mode: the per-launch access token arrives once in the URL, then lives in sessionStorage. */
export const TOKEN_KEY = 'parley.token'

export interface TokenEnv {
  location: Pick<Location, 'href'>
  history: Pick<History, 'replaceState' | 'state'>
  storage: Pick<Storage, 'getItem' | 'setItem'>
}

const defaultEnv = (): TokenEnv => ({ location: window.location, history: window.history, storage: window.sessionStorage })

/**
 * Reads ?token= from the address, keeps it for reloads (sessionStorage survives a reload
 * but not a closed tab) and removes it from the address bar so it isn't shared by copy-paste
 * or left in history. Falls back to the stored token.
 */
export function takeToken(env: TokenEnv = defaultEnv()): string | null {
  const url = new URL(env.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    try {
      env.storage.setItem(TOKEN_KEY, fromUrl)
    } catch {
      // Storage can be disabled; the token still works for this page view.
    }
    url.searchParams.delete('token')
    env.history.replaceState(env.history.state, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  try {
    return env.storage.getItem(TOKEN_KEY)
  } catch {
    return null
  }
}
