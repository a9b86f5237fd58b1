import type { NormalizedItem } from '../../domain/items'
import type { ConnectorContext, PollOptions, PollResult } from '../types'
import { canonicalUrl, fetchFeed, isHttpUrl, parseFeedText, publisherIntervalMs } from './api'
import { decodeCursor, encodeCursor, mergeSeen, type FeedCursor, type SeenEntry } from './cursor'
import { keywordMatcher } from './keywords'
import { feedInfo, readEntry, toNormalizedItem, type FeedEntry } from './mapping'

/**
 * fetch() follows redirects without saying whether they were 301 or 302, so
 * the stored URL moves only once the same target has been served on this many
 * consecutive polls: a permanent move is adopted within the hour, while a
 * rotating temporary redirect (CDN, signed URLs) never is.
 */
export const REDIRECT_ADOPT_AFTER = 3

export function feedUrlOf(ctx: ConnectorContext): string {
  const stored = ctx.account.settings.url
  return typeof stored === 'string' && stored ? stored : ctx.account.baseUrl
}

function keywordsOf(ctx: ConnectorContext): string[] {
  const stored = ctx.account.settings.keywords
  return Array.isArray(stored) ? stored.filter((k): k is string => typeof k === 'string') : []
}

/** Tracks where the feed redirects to and persists the new URL once it is stable. */
async function followRedirect(ctx: ConnectorContext, requested: string, served: string, previous: FeedCursor | null): Promise<FeedCursor['redirect']> {
  if (!isHttpUrl(served) || canonicalUrl(served) === canonicalUrl(requested)) return null
  // Never trade https for http, whatever the server says.
  if (new URL(requested).protocol === 'https:' && new URL(served).protocol !== 'https:') return null
  const count = previous?.redirect?.to === served ? previous.redirect.count + 1 : 1
  if (count < REDIRECT_ADOPT_AFTER) return { to: served, count }
  await ctx.saveSettings({ ...ctx.account.settings, url: served })
  return null
}

/** Gap: every entry in the document is unknown and newer than anything seen, so older ones may have scrolled off. */
function detectGap(entries: readonly FeedEntry[], previous: FeedCursor, known: ReadonlyMap<string, SeenEntry>): boolean {
  if (entries.length === 0 || entries.some((e) => known.has(e.id))) return false
  const oldest = entries.reduce((min, e) => (e.time === null ? min : Math.min(min, e.time)), Infinity)
  if (oldest === Infinity) return previous.seen.length > 0
  return previous.newest !== null && oldest > previous.newest
}

export async function pollFeed(ctx: ConnectorContext, cursor: string | null, options: PollOptions): Promise<PollResult> {
  const previous = decodeCursor(cursor)
  const url = feedUrlOf(ctx)
  const response = await fetchFeed(ctx.http, url, previous ?? undefined)
  const redirect = await followRedirect(ctx, url, response.url, previous)

  if (response.status === 304) {
    if (!previous) return { items: [], nextCursor: cursor }
    const unchanged = JSON.stringify(redirect) === JSON.stringify(previous.redirect)
    return { items: [], nextCursor: unchanged ? cursor : encodeCursor({ ...previous, redirect }) }
  }

  const feed = parseFeedText(response.text, response.url || url)
  const info = feedInfo(feed, response.url || url)
  const isAtom = feed.meta.type === 'atom'
  const entries = feed.items.map((item) => readEntry(item, info, isAtom))
  const known = new Map((previous?.seen ?? []).map((s) => [s[0], s]))
  const matches = keywordMatcher(keywordsOf(ctx))
  const now = ctx.clock.now()

  const items: NormalizedItem[] = []
  const current: SeenEntry[] = []
  const ids = new Set<string>()
  for (const entry of entries) {
    // Feeds occasionally repeat an entry; the first occurrence wins.
    if (ids.has(entry.id)) continue
    ids.add(entry.id)
    const before = known.get(entry.id)
    const firstSeen = entry.time === null ? (before?.[2] ?? now) : undefined
    current.push(firstSeen === undefined ? [entry.id, entry.hash] : [entry.id, entry.hash, firstSeen])
    const wanted = previous ? before?.[1] !== entry.hash : entry.time === null || entry.time >= options.backfillSince
    if (!wanted || !matches(`${entry.title ?? ''}\n${entry.text}`)) continue
    items.push(toNormalizedItem(entry, info, entry.time ?? firstSeen ?? now))
  }
  items.sort((a, b) => a.createdAt - b.createdAt)

  const newest = entries.reduce((max, e) => (e.time === null ? max : Math.max(max, e.time)), previous?.newest ?? -Infinity)
  const next: FeedCursor = {
    v: 1,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    newest: Number.isFinite(newest) ? newest : null,
    seen: mergeSeen(current, previous?.seen ?? []),
    minIntervalMs: publisherIntervalMs(response.headers, feed),
    redirect,
  }
  options.onProgress?.(items.length)
  return { items, nextCursor: encodeCursor(next), gap: previous ? detectGap(entries, previous, known) : false }
}
