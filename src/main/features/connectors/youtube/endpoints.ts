import { normaliseBaseUrl } from '../../../base/http'

export const YOUTUBE_API_BASE = 'https://www.googleapis.com'
/** Least privilege for reading, answering and moderating comments (youtube.readonly cannot moderate). */
export const YOUTUBE_SCOPE = 'https://www.googleapis.com/auth/youtube.force-ssl'

export interface GoogleEndpoints {
  apiBase: string
  authorize: string
  token: string
  revoke: string
}

/**
 * Google's endpoints, or a compatible server's (`--api-base`, what the tests' fake answers): there the
 * sign-in lives under the same origin at the paths Google uses on its own hosts.
 */
export function endpointsFor(apiBase: string | undefined): GoogleEndpoints {
  const base = apiBase?.trim() ? normaliseBaseUrl(apiBase, 'YouTube API address') : YOUTUBE_API_BASE
  if (base === YOUTUBE_API_BASE) {
    return {
      apiBase: base,
      authorize: 'https://accounts.google.com/o/oauth2/v2/auth',
      token: 'https://oauth2.googleapis.com/token',
      revoke: 'https://oauth2.googleapis.com/revoke',
    }
  }
  return { apiBase: base, authorize: `${base}/o/oauth2/v2/auth`, token: `${base}/token`, revoke: `${base}/revoke` }
}
