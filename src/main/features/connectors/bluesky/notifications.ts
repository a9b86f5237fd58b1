import type { AppBskyFeedDefs, AppBskyNotificationListNotifications } from '@atproto/api'
import type { NormalizedItem } from '../../../model/items'
import type { PollOptions, PollResult } from '../../../model/connector'
import type { BlueskyApi } from './api'
import { isOwnUri, mapNotification, mapPost, readPostRecord } from './mapping'
import { badShape } from './xrpc'

type Notification = AppBskyNotificationListNotifications.Notification

export const NOTIFICATION_REASONS = ['mention', 'reply', 'quote'] as const
const PAGE_SIZE = 50
/** Pages followed per poll before we call the rest a gap (20 × 50 notifications). */
export const MAX_NOTIFICATION_PAGES = 20
const GET_POSTS_BATCH = 25

/**
 * The stream's cursor. listNotifications only pages OLDER, so we keep a
 * watermark instead: the newest indexedAt seen, plus the URIs seen in the
 * OVERLAP before it. Paging stops at the first notification older than the
 * overlap (or after a page's worth of ones already seen, when a burst fills
 * it), so one indexed a little late (replica lag) is still picked up; the
 * URIs keep the overlap from coming back as new.
 */
const OVERLAP_MS = 2 * 60_000
const MAX_RECENT = 500

interface Watermark {
  v: 2
  indexedAt: number
  recent: [uri: string, at: number][]
}

function readWatermark(cursor: string | null): Watermark | null {
  if (!cursor) return null
  try {
    const value = JSON.parse(cursor) as Partial<Watermark>
    if (value.v === 2 && typeof value.indexedAt === 'number' && Array.isArray(value.recent)) {
      const recent = value.recent.filter((r): r is [string, number] => Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'number')
      return { v: 2, indexedAt: value.indexedAt, recent }
    }
  } catch {
    // An unreadable cursor is treated as a first poll.
  }
  return null
}

function isNotification(value: unknown): value is Notification {
  if (typeof value !== 'object' || value === null) return false
  const n = value as Partial<Notification>
  return typeof n.uri === 'string' && typeof n.indexedAt === 'string' && typeof n.reason === 'string' && typeof n.author?.did === 'string'
}

function timeOf(n: Notification): number {
  const at = Date.parse(n.indexedAt)
  return Number.isFinite(at) ? at : Number.POSITIVE_INFINITY
}

/** Advances the watermark past everything fetched this poll. */
function advance(mark: Watermark, fetched: Notification[]): Watermark {
  const newest = Math.max(mark.indexedAt, ...fetched.map(timeOf).filter(Number.isFinite))
  const recent = new Map(mark.recent)
  for (const n of fetched) if (Number.isFinite(timeOf(n))) recent.set(n.uri, timeOf(n))
  const kept = [...recent].filter(([, at]) => at >= newest - OVERLAP_MS).sort((a, b) => b[1] - a[1])
  return { v: 2, indexedAt: newest, recent: kept.slice(0, MAX_RECENT) }
}

export async function pollNotifications(api: BlueskyApi, cursor: string | null, options: PollOptions): Promise<PollResult> {
  const ownDid = await api.did()
  const mark: Watermark = readWatermark(cursor) ?? { v: 2, indexedAt: options.backfillSince, recent: [] }
  const known = new Set(mark.recent.map(([uri]) => uri))
  const fresh: Notification[] = []
  const fetched: Notification[] = []
  let pageCursor: string | undefined
  let reached = false
  let more = false
  let alreadySeen = 0
  for (let page = 0; page < MAX_NOTIFICATION_PAGES; page++) {
    const res = await api.query<Partial<AppBskyNotificationListNotifications.OutputSchema>>('app.bsky.notification.listNotifications', {
      reasons: NOTIFICATION_REASONS,
      limit: PAGE_SIZE,
      cursor: pageCursor,
    })
    if (!Array.isArray(res.notifications)) throw badShape(api.service, 'notifications')
    for (const n of res.notifications) {
      if (!isNotification(n)) continue
      fetched.push(n)
      // Keep reading the page past the watermark: order within a page is not a promise.
      if (timeOf(n) < mark.indexedAt - OVERLAP_MS) reached = true
      else if (!known.has(n.uri)) fresh.push(n)
      else if (++alreadySeen >= PAGE_SIZE) reached = true
    }
    options.onProgress?.(fresh.length)
    more = typeof res.cursor === 'string' && res.cursor !== '' && res.notifications.length > 0
    if (reached || !more) break
    pageCursor = res.cursor
  }
  const items = await withThreadContext(api, ownDid, fresh)
  return {
    items,
    nextCursor: JSON.stringify(advance(mark, fetched)),
    gap: !reached && more ? true : undefined,
  }
}

/**
 * Maps notifications and adds our own posts they hang off: the thread root as
 * context, and our replies they answer (written outside Parley, perhaps). One
 * getPosts call per 25 distinct URIs, not a getPostThread per notification.
 */
async function withThreadContext(api: BlueskyApi, ownDid: string, notifications: Notification[]): Promise<NormalizedItem[]> {
  const items = new Map<string, NormalizedItem>()
  const wanted = new Map<string, { conversationKey: string; kind: NormalizedItem['kind']; isContext: boolean }>()
  for (const n of notifications) {
    const item = mapNotification(n, ownDid)
    if (!item || items.has(item.remoteId)) continue
    items.set(item.remoteId, item)
    const reply = readPostRecord(n.record)?.reply
    if (!reply) continue
    if (isOwnUri(reply.root.uri, ownDid)) wanted.set(reply.root.uri, { conversationKey: item.conversationKey, kind: item.kind, isContext: true })
    if (reply.parent.uri !== reply.root.uri && isOwnUri(reply.parent.uri, ownDid) && !wanted.has(reply.parent.uri)) {
      wanted.set(reply.parent.uri, { conversationKey: item.conversationKey, kind: item.kind, isContext: false })
    }
  }
  const uris = [...wanted.keys()].filter((uri) => !items.has(uri))
  const context: NormalizedItem[] = []
  for (let i = 0; i < uris.length; i += GET_POSTS_BATCH) {
    const res = await api.query<{ posts?: unknown }>('app.bsky.feed.getPosts', { uris: uris.slice(i, i + GET_POSTS_BATCH) })
    if (!Array.isArray(res.posts)) throw badShape(api.service, 'posts')
    for (const post of res.posts as AppBskyFeedDefs.PostView[]) {
      const want = typeof post?.uri === 'string' ? wanted.get(post.uri) : undefined
      if (!want) continue
      const item = mapPost(post, { ownDid, kind: want.kind, conversationKey: want.conversationKey, isContext: want.isContext })
      if (item) context.push(item)
    }
  }
  // Context first, so a store that inserts in order sees the thread root before its replies.
  return [...context, ...items.values()]
}
