import { z } from 'zod'
import type { PollOptions, PollResult } from '../../../model/connector'
import type { NormalizedItem } from '../../../model/items'
import type { MeteredBudget } from '../budget'
import type { YouTubeApi } from './api'
import { threadItems } from './mapping'
import { COST } from './quota'
import { commentSchema, parseEach, type YouTubeComment, type YouTubeThread } from './schema'

/** Pages of 100 threads per poll at most (backfill included): beyond that the poll says it may have missed some. */
export const MAX_THREAD_PAGES = 10
const MAX_REPLY_PAGES = 5
/** Reply counts remembered per thread, to notice new replies on threads already seen. */
const REMEMBERED_THREADS = 300

const cursorSchema = z.object({
  since: z.number(),
  replies: z.record(z.string(), z.number()),
  paceMs: z.number().optional(),
})
export type CommentsCursor = z.infer<typeof cursorSchema>

export function readCursor(cursor: string | null): CommentsCursor | null {
  if (!cursor) return null
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(cursor))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** The wait the quota asks for, stored with the cursor so the engine reads it back (minIntervalMs). */
export function paceOf(cursor: string | null): number | null {
  if (!cursor) return null
  try {
    const pace = (JSON.parse(cursor) as { paceMs?: unknown }).paceMs
    return typeof pace === 'number' && Number.isFinite(pace) ? pace : null
  } catch {
    return null
  }
}

interface PollDeps {
  api: YouTubeApi
  budget: MeteredBudget
  channelId: string
  now: () => number
}

/** All replies of a thread: the few it carries when that is all of them, else comments.list by parent. */
async function repliesOf(deps: PollDeps, thread: YouTubeThread): Promise<{ replies: YouTubeComment[]; complete: boolean }> {
  const embedded = parseEach(commentSchema, thread.replies?.comments)
  const total = thread.snippet.totalReplyCount ?? embedded.length
  if (total <= embedded.length) return { replies: embedded, complete: true }
  const out: YouTubeComment[] = []
  let token: string | null = null
  for (let page = 0; page < MAX_REPLY_PAGES; page++) {
    if (deps.budget.pollingLeft(deps.now()) < COST.list) return { replies: out.length ? out : embedded, complete: false }
    const result = await deps.api.replies(thread.id, token)
    out.push(...result.items)
    token = result.nextPageToken
    if (!token) return { replies: out, complete: true }
  }
  return { replies: out, complete: false }
}

/**
 * New comment threads on the channel's videos, newest first (order=time), paging until a thread older
 * than the newest one already stored; and new replies on the threads of the first page, noticed by
 * their reply count changing.
 */
export async function pollComments(deps: PollDeps, cursor: string | null, options: PollOptions, intervalMs: number): Promise<PollResult> {
  const start = deps.now()
  deps.budget.assertCanPoll(COST.list, start)
  const before = deps.budget.used(start)
  const previous = readCursor(cursor)
  const since = previous?.since ?? options.backfillSince
  const counts: Record<string, number> = { ...(previous?.replies ?? {}) }
  const items: NormalizedItem[] = []
  let newest = previous?.since ?? 0
  let pageToken: string | null = null
  let reachedKnown = false
  let stoppedShort = false
  for (let page = 0; page < MAX_THREAD_PAGES; page++) {
    if (page > 0 && deps.budget.pollingLeft(deps.now()) < COST.list) {
      stoppedShort = true
      break
    }
    const result = await deps.api.threads({ channelId: deps.channelId, pageToken })
    for (const thread of result.items) {
      const at = Date.parse(thread.snippet.topLevelComment.snippet.publishedAt)
      const isNew = at > since || (previous === null && at >= since)
      const replyCount = thread.snippet.totalReplyCount ?? 0
      if (!isNew) {
        reachedKnown = true
        // A thread already stored: fetch its replies only when their number moved.
        if (counts[thread.id] === replyCount) continue
      }
      const { replies, complete } = await repliesOf(deps, thread)
      items.push(...threadItems(thread, replies, deps.channelId).filter((item, i) => isNew || i > 0))
      if (complete) counts[thread.id] = replyCount
      else stoppedShort = true
      if (isNew) newest = Math.max(newest, at)
    }
    options.onProgress?.(items.length)
    pageToken = result.nextPageToken
    // Only the first page is re-read for reply counts; older pages stop at the first known thread.
    if (!pageToken || reachedKnown) break
  }
  const remembered = Object.fromEntries(Object.entries(counts).slice(-REMEMBERED_THREADS))
  const spent = Math.max(1, deps.budget.used(deps.now()) - before)
  const paceMs = deps.budget.paceMs(intervalMs, spent, 2, deps.now())
  // When the quota cut the poll short, keep the old high-water mark so the rest comes next time.
  const next: CommentsCursor = { since: stoppedShort ? since : Math.max(newest, previous?.since ?? 0, since), replies: remembered, paceMs }
  return { items, nextCursor: JSON.stringify(next), gap: !reachedKnown && pageToken !== null && !stoppedShort && previous !== null }
}

/** The queue of comments YouTube held for review: a set, read whole each time (ingest keeps what it already has). */
export async function pollHeld(deps: PollDeps, intervalMs: number): Promise<PollResult> {
  const start = deps.now()
  deps.budget.assertCanPoll(COST.list, start)
  const before = deps.budget.used(start)
  const items: NormalizedItem[] = []
  let pageToken: string | null = null
  for (let page = 0; page < 3; page++) {
    if (page > 0 && deps.budget.pollingLeft(deps.now()) < COST.list) break
    const result = await deps.api.threads({ channelId: deps.channelId, pageToken, heldForReview: true })
    for (const thread of result.items) items.push(...threadItems(thread, [], deps.channelId))
    pageToken = result.nextPageToken
    if (!pageToken) break
  }
  const spent = Math.max(1, deps.budget.used(deps.now()) - before)
  return { items, nextCursor: JSON.stringify({ paceMs: deps.budget.paceMs(intervalMs, spent, 2, deps.now()) }) }
}
