/** Older builds kept the address's token here; it is removed so nothing reusable stays in the profile. */
const LEGACY_TOKEN_KEY = 'parley.token'

export interface AddressEnv {
  location: Pick<Location, 'href'>
  history: Pick<History, 'replaceState' | 'state'>
  storage?: Pick<Storage, 'removeItem'>
}

const defaultEnv = (): AddressEnv => ({ location: window.location, history: window.history, storage: window.sessionStorage })

/**
 * Browser mode: the server trades the address's one-time code for a session cookie and redirects
 * to a clean address. A page that still has ?token= was refused (the code was used already or
 * belongs to an earlier run); the address bar is cleaned either way. Returns whether it was refused.
 */
export function takeRefusedAddress(env: AddressEnv = defaultEnv()): boolean {
  try {
    env.storage?.removeItem(LEGACY_TOKEN_KEY)
  } catch {
    // Storage can be disabled; there is nothing to remove then.
  }
  const url = new URL(env.location.href)
  if (!url.searchParams.has('token')) return false
  url.searchParams.delete('token')
  env.history.replaceState(env.history.state, '', url.pathname + url.search + url.hash)
  return true
}
