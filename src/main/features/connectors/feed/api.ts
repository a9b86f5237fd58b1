import { ParleyError } from '../../../../shared/contract'
import type { HttpClient, HttpResponse } from '../../../base/http'
import { parseOffThread } from './parse-pool'
import type { RawEntry, RawFeed } from './parse-thread'

/** What feed readers send: feeds first, generic XML next, anything last (some servers label feeds oddly). */
export const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1'

/** The body could not be read as RSS, Atom or RDF; `looksLike` says what it seemed to be instead. */
export class FeedParseError extends Error {
  constructor(
    readonly url: string,
    readonly looksLike: 'web page' | 'JSON' | 'JSON Feed' | 'empty answer' | 'unreadable document',
  ) {
    super(`The answer from ${url} is not an RSS or Atom feed (${looksLike}).`)
    this.name = 'FeedParseError'
  }
}

export function isHttpUrl(value: string | null | undefined): value is string {
  if (!value) return false
  try {
    const { protocol } = new URL(value)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}

/** The URL without its fragment (never sent), in canonical form, for comparisons. */
export function canonicalUrl(value: string): string {
  const url = new URL(value)
  url.hash = ''
  return url.href
}

/**
 * Reads what the user typed ("example.org/feed", "feed://…", "https://…")
 * into an http(s) URL, or says why not.
 */
export function normaliseFeedUrl(raw: string | undefined): string {
  let value = (raw ?? '').trim()
  if (!value) throw new ParleyError('bad_input', 'Enter the address of the RSS or Atom feed.')
  // Browsers once handed feeds over as feed://host/path or feed:https://host/path.
  value = value.replace(/^feed:\/\//i, 'https://').replace(/^feed:(?=https?:)/i, '')
  if (!/^[a-z][a-z0-9+.-]*:/i.test(value)) value = `https://${value}`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ParleyError('bad_input', `"${raw?.trim()}" is not a valid web address.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ParleyError('bad_input', 'The feed address must start with https:// or http://.')
  }
  if (url.username || url.password) {
    throw new ParleyError('bad_input', 'Parley follows public feeds only: remove the user name and password from the address.')
  }
  return canonicalUrl(url.href)
}

export interface Validators {
  etag: string | null
  lastModified: string | null
}

/** One GET of the feed; 304 is a success (nothing changed). Redirects are followed by the HttpClient. */
export function fetchFeed(http: HttpClient, url: string, validators?: Validators): Promise<HttpResponse> {
  const headers: Record<string, string> = { Accept: FEED_ACCEPT, 'Accept-Encoding': 'gzip' }
  // Sent back byte for byte: servers compare them as opaque strings.
  if (validators?.etag) headers['If-None-Match'] = validators.etag
  if (validators?.lastModified) headers['If-Modified-Since'] = validators.lastModified
  return http.request(url, { headers, okStatuses: [304] })
}

function sniff(text: string): FeedParseError['looksLike'] {
  const head = text.trimStart().slice(0, 2048)
  if (!head) return 'empty answer'
  if (head.startsWith('{') || head.startsWith('[')) return /jsonfeed\.org\/version/i.test(head) ? 'JSON Feed' : 'JSON'
  if (/<!doctype\s+html|<html[\s>]/i.test(head)) return 'web page'
  return 'unreadable document'
}

/**
 * Parses RSS 2.0/0.9x, RDF (RSS 1.0) or Atom with @rowanmanning/feed-parser in
 * a thread of its own (parse-pool.ts), so a huge or hostile document never
 * holds up the database worker; anything else is a FeedParseError, and a
 * document not read within the time budget a FeedParseTimeout.
 */
export async function parseFeedText(text: string, url: string, onEntries?: (entries: readonly RawEntry[]) => void): Promise<RawFeed> {
  const kind = sniff(text)
  // The parser would reject these too; sniffing first gives the user a precise reason.
  if (kind !== 'unreadable document') throw new FeedParseError(url, kind)
  const answer = await parseOffThread(text, url, undefined, onEntries)
  if (!answer.ok) throw new FeedParseError(url, 'unreadable document')
  return answer.feed
}

const DAY_MS = 24 * 60 * 60_000

/**
 * The publisher's own polling hint: Cache-Control max-age and RSS <ttl>
 * (minutes), whichever is longer, capped at a day so a typo never silences a feed.
 */
export function publisherIntervalMs(headers: Headers, feed: RawFeed | null): number | null {
  const maxAge = /(?:^|,)\s*max-age\s*=\s*"?(\d+)/i.exec(headers.get('cache-control') ?? '')
  const maxAgeMs = maxAge ? Number(maxAge[1]) * 1000 : 0
  const ttlText = feed?.ttl?.trim()
  const ttlMinutes = ttlText && /^\d+$/.test(ttlText) ? Number(ttlText) : 0
  const ms = Math.min(DAY_MS, Math.max(maxAgeMs, ttlMinutes * 60_000))
  return ms > 0 ? ms : null
}
