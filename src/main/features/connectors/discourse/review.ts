import type { NormalizedItem } from '../../../model/items'
import type { PollOptions, PollResult } from '../../../model/connector'
import { HttpError } from '../../../base/http'
import type { DiscourseApi } from './api'
import { postToItem, type MappingContext } from './mapping'

/** Flagged posts read per poll; a long queue continues on the next poll. */
export const REVIEW_BUDGET = 20

interface Cursor {
  v: 1
  /** Highest review item placed in the inbox. */
  lastId: number
}

function readCursor(raw: string | null): Cursor | null {
  try {
    const value = raw ? (JSON.parse(raw) as Partial<Cursor>) : null
    return value?.v === 1 && typeof value.lastId === 'number' ? { v: 1, lastId: value.lastId } : null
  } catch {
    return null
  }
}

/**
 * The review queue, for moderators: posts members flagged come into the inbox in their topic's
 * conversation (even in categories nobody watches), so the team can hide, delete or silence from
 * Parley. An account that is not staff has no queue and makes no request.
 */
export async function pollReviewQueue(api: DiscourseApi, mapping: MappingContext, staff: boolean, rawCursor: string | null, options: PollOptions): Promise<PollResult> {
  const cursor = readCursor(rawCursor)
  if (!staff) return { items: [], nextCursor: JSON.stringify(cursor ?? { v: 1, lastId: 0 }) }
  const queue = (await api.reviewQueue())
    .filter((r) => r.type === 'ReviewableFlaggedPost' && r.target_type === 'Post' && r.target_id)
    .filter((r) => (cursor ? r.id > cursor.lastId : Date.parse(r.created_at) >= options.backfillSince))
    .sort((a, b) => a.id - b.id)
  const items: NormalizedItem[] = []
  let lastId = cursor?.lastId ?? 0
  for (const reviewable of queue.slice(0, REVIEW_BUDGET)) {
    try {
      const post = await api.post(reviewable.target_id!)
      if (!post.deleted_at) items.push(postToItem(post, mapping, { kind: 'comment', title: null }))
    } catch (error) {
      // Deleted since it was flagged: nothing left to review.
      if (!(error instanceof HttpError && error.status === 404)) throw error
    }
    lastId = Math.max(lastId, reviewable.id)
  }
  return { items, nextCursor: JSON.stringify({ v: 1, lastId } satisfies Cursor), more: queue.length > REVIEW_BUDGET || undefined }
}
