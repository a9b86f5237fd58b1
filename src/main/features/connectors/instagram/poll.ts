import type { NormalizedItem } from '../../../model/items'
import type { PollOptions, PollResult } from '../../../model/connector'
import { Frontier, unixSeconds } from '../meta/cursor'
import type { GraphApi } from '../meta/graph'
import { COMMENT_FIELDS, commentToItem, MEDIA_FIELDS, mediaToItem, type IgComment, type IgMedia } from './mapping'

/** Comments keep arriving on older media: each poll looks at the media of the last 14 days. */
export const MEDIA_WINDOW_MS = 14 * 24 * 3_600_000
const MAX_MEDIA_PAGES = 2
const MAX_COMMENT_PAGES = 5

export interface IgBrand {
  igId: string
  username: string
}

/** Comments and their replies (one call per media, replies expanded with fields=) since the cursor. */
export async function pollComments(api: GraphApi, brand: IgBrand, rawCursor: string | null, now: number, options: PollOptions): Promise<PollResult> {
  const frontier = new Frontier(rawCursor, options.backfillSince)
  const mediaSince = Math.min(frontier.from, now - MEDIA_WINDOW_MS)
  const items: NormalizedItem[] = []
  for await (const media of api.pages<IgMedia>(`${brand.igId}/media`, { fields: MEDIA_FIELDS, since: unixSeconds(mediaSince), limit: 25 }, MAX_MEDIA_PAGES)) {
    for (const m of media) {
      if (!m.comments_count) continue
      const context = mediaToItem(m, brand.username, 'comment')
      if (!context) continue
      const fresh: NormalizedItem[] = []
      const left = { more: false }
      let pageHadNew = false
      for await (const comments of api.pages<IgComment>(`${m.id}/comments`, { fields: COMMENT_FIELDS, limit: 50 }, MAX_COMMENT_PAGES, left)) {
        pageHadNew = false
        for (const c of comments) {
          for (const one of [c, ...(c.replies?.data ?? [])]) {
            const item = commentToItem(one.parent_id || one === c ? one : { ...one, parent_id: c.id }, m.id, brand.igId)
            if (!item) continue
            if (one === c && item.createdAt >= frontier.from) pageHadNew = true
            if (frontier.take(item.remoteId, item.createdAt)) fresh.push(item)
          }
        }
      }
      // Newest first (Instagram's comments take no `since`): the budget ran out while comments were still new, so the oldest new ones are unread.
      if (left.more && pageHadNew) frontier.missed()
      if (!fresh.length) continue
      items.push(context, ...fresh)
      options.onProgress?.(items.length)
    }
  }
  return { items, nextCursor: frontier.cursor(), gap: frontier.gap }
}

/** Media by others that tags the brand (the /tags edge): mentions. */
export async function pollMentions(api: GraphApi, brand: IgBrand, rawCursor: string | null, options: PollOptions): Promise<PollResult> {
  const frontier = new Frontier(rawCursor, options.backfillSince)
  const items: NormalizedItem[] = []
  const left = { more: false }
  let older = false
  for await (const media of api.pages<IgMedia>(`${brand.igId}/tags`, { fields: MEDIA_FIELDS, limit: 25 }, MAX_MEDIA_PAGES, left)) {
    for (const m of media) {
      const item = mediaToItem(m, brand.username, 'mention')
      if (!item) continue
      if (item.createdAt < frontier.from) {
        older = true
        continue
      }
      if (frontier.take(item.remoteId, item.createdAt)) items.push(item)
    }
    if (older) break
  }
  if (left.more && !older) frontier.missed()
  return { items, nextCursor: frontier.cursor(), gap: frontier.gap }
}
