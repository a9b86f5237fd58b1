import { classifyCommon } from '../classify'
import { HttpError, safeHost } from '../../../base/http'
import type { ErrorClass } from '../../../model/connector'
import { FeedParseError } from './api'
import { FeedParseTimeout } from './parse-pool'

/** classifyCommon, with the feed-specific statuses and the parse failure in plain words. */
export function classifyFeedError(error: unknown, now: number = Date.now()): ErrorClass {
  if (error instanceof FeedParseError) {
    return {
      kind: 'bad_request',
      message: `The feed at ${safeHost(error.url)} could not be read as RSS or Atom (${error.looksLike}). Open the address in a browser to check it still is a feed.`,
    }
  }
  if (error instanceof FeedParseTimeout) {
    return {
      kind: 'bad_request',
      message: `The feed at ${safeHost(error.url)} is too large or too complex to read: Parley stopped after ${Math.max(1, Math.round(error.budgetMs / 1000))} s and will try again at the next poll.`,
    }
  }
  if (error instanceof HttpError) {
    const host = safeHost(error.url)
    if (error.status === 410) {
      return { kind: 'disconnect', message: `The feed is gone (410): ${host} says it was removed for good. Remove this channel, or connect the feed's new address.` }
    }
    if (error.status === 404) {
      return { kind: 'disconnect', message: `The feed is no longer at its address (404 from ${host}). Check it in a browser and reconnect it if it moved.` }
    }
    // There is nothing to re-authenticate with: a feed that wants a login is out of reach.
    if (error.status === 401) {
      return { kind: 'disconnect', message: `The feed at ${host} now asks for a login (401); Parley can only follow public feeds.` }
    }
    if (error.status === 403) {
      return { kind: 'bad_request', message: `${host} refused access to the feed (403). Some sites block feed readers; check the address in a browser.` }
    }
  }
  return classifyCommon(error, now, 'The feed')
}
