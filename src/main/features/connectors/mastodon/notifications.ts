import type { NormalizedItem } from '../../../model/items'
import type { PollOptions, PollResult } from '../../../model/connector'
import { CONVERSATIONS_PATH, NOTIFICATIONS_PATH, withQuery, type MastodonApi } from './api'
import { dmConversationKey, statusToItem, type MappingContext } from './mapping'
import { compareIds, linkTarget } from './paging'
import type { MastodonNotification, MastodonStatus } from './schema'
import { ThreadResolver } from './threads'

/** Mastodon's default page; the maximum is 80 since 4.1 but not every compatible server allows it. */
export const PAGE_LIMIT = 40
/** More forward pages than this in one poll means a flood: report a gap and carry on next time. */
export const FORWARD_PAGE_CAP = 10
const BACKFILL_PAGE_CAP = 25
/** Context requests per poll: a long backfill continues on the next poll instead of exhausting the rate limit. */
export const CONTEXT_BUDGET = 30
/** Mastodon sends no notification when a mention is edited, so the newest page is re-read this often. */
export const EDIT_SWEEP_MS = 5 * 60_000

interface Cursor {
  v: 1
  /** Newest notification placed in the inbox; polling continues with min_id from here. */
  minId: string | null
  /** When the newest page was last re-read for edits (ms, local clock). */
  sweepAt: number
}

const BASE_QUERY: [string, string][] = [
  ['types[]', 'mention'],
  ['limit', String(PAGE_LIMIT)],
]

function readCursor(raw: string | null): Cursor | null {
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as Partial<Cursor>
    if (value.v !== 1) return null
    return { v: 1, minId: typeof value.minId === 'string' ? value.minId : null, sweepAt: Number(value.sweepAt) || 0 }
  } catch {
    return null
  }
}

interface Fetched {
  notifications: MastodonNotification[]
  gap: boolean
}

/** First poll (or an account with no mentions yet): newest page first, then older pages until backfillSince. */
async function backfill(api: MastodonApi, options: PollOptions): Promise<Fetched> {
  const notifications: MastodonNotification[] = []
  let path: string | null = withQuery(NOTIFICATIONS_PATH, BASE_QUERY)
  for (let pages = 0; path; pages++) {
    if (pages >= BACKFILL_PAGE_CAP) return { notifications, gap: true }
    const page = await api.notifications(path)
    const recent = page.items.filter((n) => Date.parse(n.created_at) >= options.backfillSince)
    notifications.push(...recent)
    options.onProgress?.(notifications.length)
    if (recent.length < page.items.length || page.items.length === 0) break
    path = linkTarget(page.links.next, NOTIFICATIONS_PATH)
  }
  return { notifications, gap: false }
}

/** min_id returns the page immediately newer than the cursor; repeat until a page comes back empty. */
async function forward(api: MastodonApi, minId: string, options: PollOptions): Promise<Fetched> {
  const notifications: MastodonNotification[] = []
  let since = minId
  for (let pages = 0; ; pages++) {
    if (pages >= FORWARD_PAGE_CAP) return { notifications, gap: true }
    const page = await api.notifications([...BASE_QUERY, ['min_id', since]])
    if (page.items.length === 0) return { notifications, gap: false }
    const newer = page.items.filter((n) => compareIds(n.id, since) > 0)
    notifications.push(...newer)
    options.onProgress?.(notifications.length)
    // Older items than asked for: the server ignored min_id, so paging on could loop or skip.
    if (newer.length < page.items.length) return { notifications, gap: true }
    since = newer.reduce((max, n) => (compareIds(n.id, max) > 0 ? n.id : max), since)
  }
}

/** The newest page again, keeping only mentions edited since the last sweep (with slack for clock skew). */
async function editedSince(api: MastodonApi, since: number): Promise<MastodonNotification[]> {
  const page = await api.notifications(withQuery(NOTIFICATIONS_PATH, BASE_QUERY))
  return page.items.filter((n) => n.status?.edited_at && Date.parse(n.status.edited_at) >= since - EDIT_SWEEP_MS)
}

/** Direct messages belong to their Mastodon conversation; find it among the most recently active ones. */
async function conversationIndex(api: MastodonApi): Promise<Map<string, string>> {
  const page = await api.conversations(withQuery(CONVERSATIONS_PATH, [['limit', String(PAGE_LIMIT)]]))
  return new Map(page.items.flatMap((c) => (c.last_status ? [[c.last_status.id, c.id] as const] : [])))
}

export async function pollNotifications(
  api: MastodonApi,
  mapping: MappingContext,
  rawCursor: string | null,
  now: number,
  options: PollOptions,
): Promise<PollResult> {
  const cursor = readCursor(rawCursor)
  const fetched = cursor?.minId ? await forward(api, cursor.minId, options) : await backfill(api, options)
  const sweep = cursor?.minId && now - cursor.sweepAt >= EDIT_SWEEP_MS
  const edited = sweep ? await editedSince(api, cursor.sweepAt) : []

  // Oldest first, so an early stop leaves a cursor from which min_id fetches exactly the rest.
  const byId = new Map([...edited, ...fetched.notifications].map((n) => [n.id, n]))
  const ordered = [...byId.values()].sort((a, b) => compareIds(a.id, b.id))
  const resolver = new ThreadResolver(api, mapping, CONTEXT_BUDGET)
  let dms: Map<string, string> | null = null
  const items: NormalizedItem[] = []
  let minId = cursor?.minId ?? null
  let stopped = false
  for (const n of ordered) {
    const status: MastodonStatus | null | undefined = n.type === 'mention' ? n.status : null
    if (status?.visibility === 'direct') {
      dms ??= await conversationIndex(api)
      const conversationId = dms.get(status.id)
      // Not the newest message of a recent conversation: the conversations stream brings it with its thread.
      if (conversationId) items.push(statusToItem(status, mapping, { kind: 'dm', conversationKey: dmConversationKey(conversationId) }))
    } else if (status) {
      const placed = await resolver.items(status)
      if (!placed) {
        stopped = true
        break
      }
      items.push(...placed)
    }
    if (!minId || compareIds(n.id, minId) > 0) minId = n.id
  }
  const next: Cursor = { v: 1, minId, sweepAt: sweep && !stopped ? now : (cursor?.sweepAt ?? now) }
  return { items, nextCursor: JSON.stringify(next), gap: fetched.gap || undefined }
}
