import { normaliseBaseUrl } from '../../../base/http'

export const REDDIT_API_BASE = 'https://oauth.reddit.com'
/** Identity for the account name, read and history for listings and reconciling, the rest to answer and moderate. */
export const REDDIT_SCOPES = 'identity read privatemessages submit modposts history'
/** Parley's suggestion for the redirect the person registers with their Reddit app. */
export const SUGGESTED_REDIRECT_PORT = 65010
export const REDIRECT_PATH = '/callback'

export interface RedditEndpoints {
  apiBase: string
  authorize: string
  token: string
  revoke: string
}

/**
 * Reddit signs in on www.reddit.com and answers API calls on oauth.reddit.com; a compatible server
 * (`--api-base`, what the tests' fake answers) has both under one origin at Reddit's paths.
 */
export function redditEndpointsFor(apiBase: string | undefined): RedditEndpoints {
  const base = apiBase?.trim() ? normaliseBaseUrl(apiBase, 'Reddit API address') : REDDIT_API_BASE
  const web = base === REDDIT_API_BASE ? 'https://www.reddit.com' : base
  return { apiBase: base, authorize: `${web}/api/v1/authorize`, token: `${web}/api/v1/access_token`, revoke: `${web}/api/v1/revoke_token` }
}

/** Reddit's rules ask for "<platform>:<app id>:<version> (by /u/<username>)"; a generic one gets throttled. */
export function userAgentFor(username: string | null): string {
  return `desktop:app.parley.inbox:0.1 (by /u/${username && /^[\w-]{1,40}$/.test(username) ? username : 'parley-user'})`
}
