/**
 * The feed stream's cursor: HTTP validators for conditional GET, what was
 * already seen (so a server that ignores conditional requests still yields
 * only new or edited entries), and the publisher's polling hint.
 */

/** [entry id, content hash, first-seen time for entries without a date]. */
export type SeenEntry = [id: string, hash: string, firstSeen?: number]

export interface FeedCursor {
  v: 1
  /** ETag exactly as received, quotes and W/ included. */
  etag: string | null
  /** Last-Modified exactly as received. */
  lastModified: string | null
  /** Newest entry date seen so far (ms), for gap detection. */
  newest: number | null
  /** Newest first; bounded (see SEEN_LIMIT). */
  seen: SeenEntry[]
  /** The shortest interval the publisher asked for (Cache-Control max-age, RSS <ttl>). */
  minIntervalMs: number | null
  /** A redirect seen on consecutive polls; the stored URL follows it once it is stable. */
  redirect: { to: string; count: number } | null
  /** Entries were left for later polls (a poll takes a bounded number): fetch in full next time, without validators. */
  backlog?: boolean
}

/** Enough for any real feed window; a document larger than this keeps all its own entries. */
export const SEEN_LIMIT = 500

function isSeenEntry(value: unknown): value is SeenEntry {
  return (
    Array.isArray(value) &&
    typeof value[0] === 'string' &&
    typeof value[1] === 'string' &&
    (value[2] === undefined || typeof value[2] === 'number')
  )
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/** Null for a first poll; a cursor Parley cannot read is treated as a first poll too (re-delivery is harmless). */
export function decodeCursor(raw: string | null): FeedCursor | null {
  if (!raw) return null
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch {
    return null
  }
  if (typeof data !== 'object' || data === null || (data as { v?: unknown }).v !== 1) return null
  const d = data as Record<string, unknown>
  const redirect = d.redirect as { to?: unknown; count?: unknown } | null | undefined
  return {
    v: 1,
    etag: str(d.etag),
    lastModified: str(d.lastModified),
    newest: num(d.newest),
    seen: Array.isArray(d.seen) ? d.seen.filter(isSeenEntry) : [],
    minIntervalMs: num(d.minIntervalMs),
    redirect: redirect && typeof redirect.to === 'string' && typeof redirect.count === 'number' ? { to: redirect.to, count: redirect.count } : null,
    backlog: d.backlog === true,
  }
}

export function encodeCursor(cursor: FeedCursor): string {
  return JSON.stringify(cursor)
}

/**
 * Merges this document's entries (all kept, newest first) with older
 * remembered ones, up to SEEN_LIMIT in total.
 */
export function mergeSeen(current: SeenEntry[], previous: readonly SeenEntry[]): SeenEntry[] {
  const ids = new Set(current.map((e) => e[0]))
  const older = previous.filter((e) => !ids.has(e[0]))
  return [...current, ...older.slice(0, Math.max(0, SEEN_LIMIT - current.length))]
}

/**
 * For the sync engine: the shortest poll interval the publisher asked for
 * (ms), or null when it said nothing. Poll no more often than
 * max(stream interval, this).
 */
export function nextPollHint(cursor: string | null): number | null {
  return decodeCursor(cursor)?.minIntervalMs ?? null
}
