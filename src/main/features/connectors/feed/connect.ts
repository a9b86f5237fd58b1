import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError, safeHost, type HttpClient } from '../../../base/http'
import type { ConnectInput, ConnectResult } from '../../../model/connector'
import { fetchFeed, FeedParseError, normaliseFeedUrl, parseFeedText } from './api'
import { parseKeywords } from './keywords'
import { feedInfo } from './mapping'
import { FeedParseTimeout } from './parse-pool'

const HANDLE_LIMIT = 48

/** "forum.example.org/c/touring/12.rss", shortened for lists. */
export function shortHandle(url: string): string {
  const { host, pathname, search } = new URL(url)
  const full = `${host}${pathname === '/' ? '' : pathname}${search}`
  return full.length > HANDLE_LIMIT ? `${full.slice(0, HANDLE_LIMIT - 1)}…` : full
}

function notAFeed(error: FeedParseError): ParleyError {
  const why: Record<FeedParseError['looksLike'], string> = {
    'web page': 'it answered with a web page. Open it in a browser, look for its RSS or Atom link and paste that address instead.',
    JSON: 'it answered with JSON data.',
    'JSON Feed': 'it is a JSON Feed, which Parley does not read; look for an RSS or Atom version of it.',
    'empty answer': 'it answered with nothing.',
    'unreadable document': 'Parley could not read it as RSS, Atom or RDF.',
  }
  return new ParleyError('bad_input', `That address does not look like an RSS or Atom feed: ${why[error.looksLike]}`)
}

function fetchFailed(error: unknown, url: string): unknown {
  const host = safeHost(url)
  if (error instanceof HttpError) {
    if (error.status === 404) return new ParleyError('bad_input', `Nothing was found at that address (404). Check the feed URL on ${host}.`)
    if (error.status === 410) return new ParleyError('bad_input', `That feed was removed by its publisher (410); ${host} no longer serves it.`)
    if (error.status === 401 || error.status === 403) {
      return new ParleyError('unauthorized', `${host} refused access to that feed (${error.status}). Parley can only follow feeds anyone can open.`)
    }
    if (error.status === 429) return new ParleyError('unavailable', `${host} asked Parley to slow down (429). Try again in a few minutes.`)
    if (error.status >= 500) return new ParleyError('unavailable', `${host} had a problem (${error.status}). Try again later.`)
    return new ParleyError('bad_input', `${host} refused to send that feed (${error.status}). Check the address.`)
  }
  if (error instanceof NetworkError) {
    if (error.reason === 'too_large') return new ParleyError('bad_input', `That address sends more than 8 MB, which is too large for a feed.`)
    return new ParleyError('unavailable', error.message)
  }
  return error
}

/** Fetches the feed once to prove it is one; nothing secret is stored. */
export async function connectFeed(input: ConnectInput, http: HttpClient): Promise<ConnectResult> {
  const url = normaliseFeedUrl(input.url)
  const keywords = parseKeywords(input.keywords)
  let text: string
  let served: string
  try {
    const response = await fetchFeed(http, url)
    text = response.text
    served = response.url || url
  } catch (error) {
    throw fetchFailed(error, url)
  }
  try {
    const feed = await parseFeedText(text, served)
    return {
      seed: { platform: 'feed', displayName: feedInfo(feed, served).title, handle: shortHandle(url), baseUrl: url },
      secrets: {},
      settings: { url, keywords },
    }
  } catch (error) {
    if (error instanceof FeedParseTimeout) {
      throw new ParleyError('bad_input', `That feed is too large or too complex to read: Parley gave up after ${Math.max(1, Math.round(error.budgetMs / 1000))} s.`)
    }
    throw error instanceof FeedParseError ? notAFeed(error) : error
  }
}
