import type { NormalizedItem } from '../../../model/items'
import type { PollOptions, PollResult } from '../../../model/connector'
import { Frontier, unixSeconds } from '../meta/cursor'
import type { GraphApi } from '../meta/graph'
import { COMMENT_FIELDS, commentToItem, POST_FIELDS, postToItem, type FbComment, type FbPost } from './mapping'

/** Comments keep arriving on older posts: each poll looks at the posts of the last 14 days. */
export const POST_WINDOW_MS = 14 * 24 * 3_600_000
const MAX_POST_PAGES = 4
const MAX_COMMENT_PAGES = 5

/**
 * The Page's feed (its own posts and visitors' posts) and every comment and reply on them since the
 * cursor: `filter=stream` returns replies too, each with its parent, in one list per post.
 */
export async function pollComments(api: GraphApi, pageId: string, rawCursor: string | null, now: number, options: PollOptions): Promise<PollResult> {
  const frontier = new Frontier(rawCursor, options.backfillSince)
  const from = frontier.from
  const postsSince = Math.min(from, now - POST_WINDOW_MS)
  const items: NormalizedItem[] = []
  const postsLeft = { more: false }
  for await (const posts of api.pages<FbPost>(`${pageId}/feed`, { fields: POST_FIELDS, since: unixSeconds(postsSince), limit: 25 }, MAX_POST_PAGES, postsLeft)) {
    for (const post of posts) {
      const postItem = postToItem(post, pageId, 'comment')
      if (!postItem) continue
      const fresh: NormalizedItem[] = []
      if (!postItem.isContext && frontier.take(postItem.remoteId, postItem.createdAt)) fresh.push(postItem)
      const left = { more: false }
      let lastRead = from
      for await (const comments of api.pages<FbComment>(`${post.id}/comments`, { fields: COMMENT_FIELDS, filter: 'stream', order: 'chronological', since: unixSeconds(from), limit: 100 }, MAX_COMMENT_PAGES, left)) {
        for (const c of comments) {
          const item = commentToItem(c, post.id, pageId)
          if (!item) continue
          lastRead = Math.max(lastRead, item.createdAt)
          if (frontier.take(item.remoteId, item.createdAt)) fresh.push(item)
        }
      }
      // Oldest first: what is left of this thread is newer than the last comment read.
      if (left.more) frontier.cap(lastRead)
      // The Page's own post goes with its new comments, as the context they hang off.
      if (fresh.length && postItem.isContext) items.push(postItem)
      items.push(...fresh)
      options.onProgress?.(items.length)
    }
  }
  // More posts in the window than one poll reads: comments on the oldest of them are not read.
  if (postsLeft.more) frontier.missed()
  return { items, nextCursor: frontier.cursor(), more: frontier.capped, gap: frontier.gap }
}

/** Posts by others that tag the Page (the /tagged edge): mentions. */
export async function pollMentions(api: GraphApi, pageId: string, rawCursor: string | null, options: PollOptions): Promise<PollResult> {
  const frontier = new Frontier(rawCursor, options.backfillSince)
  const items: NormalizedItem[] = []
  const left = { more: false }
  for await (const posts of api.pages<FbPost>(`${pageId}/tagged`, { fields: POST_FIELDS, since: unixSeconds(frontier.from), limit: 25 }, MAX_POST_PAGES, left)) {
    for (const post of posts) {
      const item = postToItem(post, pageId, 'mention')
      if (item && frontier.take(item.remoteId, item.createdAt)) items.push(item)
    }
  }
  // Newest first: more tagging posts than one poll reads since the cursor; the oldest of them are not read.
  if (left.more) frontier.missed()
  return { items, nextCursor: frontier.cursor(), gap: frontier.gap }
}
