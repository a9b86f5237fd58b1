import { normaliseBaseUrl } from '../../../base/http'

export const X_API_BASE = 'https://api.x.com'

/**
 * What the connector does, and no more: read and answer posts and DMs, keep signed in (offline.access),
 * hide replies (tweet.moderate.write) and mute (mute.write).
 */
export const X_SCOPES = 'tweet.read tweet.write users.read dm.read dm.write offline.access tweet.moderate.write mute.write'

export interface XEndpoints {
  apiBase: string
  authorize: string
  token: string
  revoke: string
}

/** X's own endpoints, or a compatible server's (`--api-base`, the tests' fake), where sign-in shares the origin. */
export function xEndpointsFor(apiBase: string | undefined): XEndpoints {
  const base = apiBase?.trim() ? normaliseBaseUrl(apiBase, 'X API address') : X_API_BASE
  if (base === X_API_BASE) {
    return { apiBase: base, authorize: 'https://x.com/i/oauth2/authorize', token: `${base}/2/oauth2/token`, revoke: `${base}/2/oauth2/revoke` }
  }
  return { apiBase: base, authorize: `${base}/i/oauth2/authorize`, token: `${base}/2/oauth2/token`, revoke: `${base}/2/oauth2/revoke` }
}
