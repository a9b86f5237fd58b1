import type { NormalizedItem } from '../../../model/items'
import type { ConnectorContext, PollOptions, PollResult } from '../../../model/connector'
import { canonicalUrl, fetchFeed, isHttpUrl, parseFeedText, publisherIntervalMs } from './api'
import { decodeCursor, encodeCursor, mergeSeen, type FeedCursor, type SeenEntry } from './cursor'
import { keywordMatcher } from './keywords'
import { feedInfo, identify, readEntry, toNormalizedItem, type EntryIdentity } from './mapping'
import type { RawEntry } from './parse-thread'

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
function detectGap(entries: readonly Candidate[], previous: FeedCursor, known: ReadonlyMap<string, SeenEntry>): boolean {
  if (entries.length === 0 || entries.some((e) => known.has(e.identity.id))) return false
  const oldest = entries.reduce((min, e) => (e.raw.time === null ? min : Math.min(min, e.raw.time)), Infinity)
  if (oldest === Infinity) return previous.seen.length > 0
  return previous.newest !== null && oldest > previous.newest
}

/**
 * New or edited entries taken per poll, newest first; the rest stay out of the
 * cursor's seen list and come on the next polls (the engine polls again soon).
 * Bounds the text extraction, keyword matching and ingest one poll does.
 */
export const ENTRIES_PER_POLL = 500

/**
 * Work between two yields, in ms of wall time: the database worker answers
 * waiting calls at least this often while a document's entries are read (a
 * count of entries would be too coarse on a busy machine).
 */
const SLICE_MS = 8

/** Returns a function to await in a loop: it yields to other work once the current slice is used up. */
function slicer(): () => Promise<void> | undefined {
  let start = performance.now()
  return () => {
    if (performance.now() - start < SLICE_MS) return undefined
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        start = performance.now()
        resolve()
      }),
    )
  }
}

interface Candidate {
  raw: RawEntry
  identity: EntryIdentity
  before: SeenEntry | undefined
  wanted: boolean
  /** Entries without a date count as first seen at this time. */
  firstSeen: number | undefined
}

export async function pollFeed(ctx: ConnectorContext, cursor: string | null, options: PollOptions): Promise<PollResult> {
  const previous = decodeCursor(cursor)
  const url = feedUrlOf(ctx)
  // With entries still to take, the document must be fetched again even if it did not change.
  const validators = previous && !previous.backlog ? previous : undefined
  const response = await fetchFeed(ctx.http, url, validators)
  const redirect = await followRedirect(ctx, url, response.url, previous)

  if (response.status === 304) {
    if (!previous) return { items: [], nextCursor: cursor }
    const unchanged = JSON.stringify(redirect) === JSON.stringify(previous.redirect)
    return { items: [], nextCursor: unchanged ? cursor : encodeCursor({ ...previous, redirect }) }
  }

  const served = response.url || url
  const known = new Map((previous?.seen ?? []).map((s) => [s[0], s]))
  const now = ctx.clock.now()
  const candidates: Candidate[] = []
  const ids = new Set<string>()
  // Each slice of entries is identified as the parser thread hands it over, while that thread reads the
  // next one: two SHA-256 and two URL parses per entry, 25,000 entries, overlapped with the parse.
  const identifyAll = (entries: readonly RawEntry[]): void => {
    for (const raw of entries) {
      const identity = identify(raw, { url: served })
      // Feeds occasionally repeat an entry; the first occurrence wins.
      if (ids.has(identity.id)) continue
      ids.add(identity.id)
      const before = known.get(identity.id)
      const firstSeen = raw.time === null ? (before?.[2] ?? now) : undefined
      const wanted = previous ? before?.[1] !== identity.hash : raw.time === null || raw.time >= options.backfillSince
      candidates.push({ raw, identity, before, wanted, firstSeen })
    }
  }
  const feed = await parseFeedText(response.text, served, identifyAll)
  const info = feedInfo(feed, served)
  const matches = keywordMatcher(keywordsOf(ctx))
  const pause = slicer()

  // Newest first; the sort is stable, so document order breaks ties.
  const when = (c: Candidate): number => c.raw.time ?? c.firstSeen ?? now
  const wanted = candidates.filter((c) => c.wanted).sort((a, b) => when(b) - when(a))
  const deferred = new Set(wanted.slice(ENTRIES_PER_POLL))

  const items: NormalizedItem[] = []
  const taken = wanted.slice(0, ENTRIES_PER_POLL)
  for (const candidate of taken) {
    await pause()
    const entry = readEntry(candidate.raw, info, candidate.identity)
    if (!matches(`${entry.title ?? ''}\n${entry.text}`)) continue
    items.push(toNormalizedItem(entry, info, when(candidate)))
  }
  items.sort((a, b) => a.createdAt - b.createdAt)

  // Deferred entries stay unseen (or seen with their old hash), so a later poll takes them.
  const current: SeenEntry[] = candidates
    .filter((c) => !deferred.has(c))
    .map((c) => (c.firstSeen === undefined ? [c.identity.id, c.identity.hash] : [c.identity.id, c.identity.hash, c.firstSeen]))
  const newest = candidates.reduce((max, c) => (c.raw.time === null ? max : Math.max(max, c.raw.time)), previous?.newest ?? -Infinity)
  const next: FeedCursor = {
    v: 1,
    etag: response.headers.get('etag'),
    lastModified: response.headers.get('last-modified'),
    newest: Number.isFinite(newest) ? newest : null,
    seen: mergeSeen(current, previous?.seen ?? []),
    minIntervalMs: publisherIntervalMs(response.headers, feed),
    redirect,
    backlog: deferred.size > 0,
  }
  options.onProgress?.(items.length)
  return {
    items,
    nextCursor: encodeCursor(next),
    gap: previous ? detectGap(candidates, previous, known) : false,
    more: deferred.size > 0,
  }
}
