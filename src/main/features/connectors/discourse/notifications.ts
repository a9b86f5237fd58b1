import type { NormalizedItem } from '../../../model/items'
import type { PollOptions, PollResult } from '../../../model/connector'
import type { DiscourseApi } from './api'
import { postToItem, type MappingContext } from './mapping'
import type { DiscourseNotification } from './schema'

/** Discourse's Notification.types that ask the brand for an answer. */
export const NOTIFICATION_TYPES = { mentioned: 1, replied: 2, quoted: 3, private_message: 6, group_mentioned: 15 } as const
const WANTED = new Set<number>(Object.values(NOTIFICATION_TYPES))
/** Discourse sends 60 notifications a page: a full page newer than the cursor may hide more. */
const PAGE_SIZE = 60

interface Cursor {
  v: 1
  /** Newest notification placed in the inbox. */
  lastId: number
}

function readCursor(raw: string | null): Cursor | null {
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as Partial<Cursor>
    return value.v === 1 && typeof value.lastId === 'number' ? { v: 1, lastId: value.lastId } : null
  } catch {
    return null
  }
}

function titleOf(n: DiscourseNotification): string | null {
  const fromData = n.data?.topic_title
  return typeof fromData === 'string' ? fromData : (n.fancy_title ?? null)
}

/**
 * Mentions, replies, quotes and private messages addressed to the brand. Each notification names a
 * topic and a post number; the posts are read per topic in one request.
 */
export async function pollNotifications(api: DiscourseApi, mapping: MappingContext, rawCursor: string | null, options: PollOptions): Promise<PollResult> {
  const cursor = readCursor(rawCursor)
  const page = await api.notifications()
  const fresh = page
    .filter((n) => (cursor ? n.id > cursor.lastId : Date.parse(n.created_at) >= options.backfillSince))
    .filter((n) => WANTED.has(n.notification_type) && n.topic_id && n.post_number)
    .sort((a, b) => a.id - b.id)
  const gap = cursor !== null && page.length >= PAGE_SIZE && page.every((n) => n.id > cursor.lastId)

  const byTopic = new Map<number, DiscourseNotification[]>()
  for (const n of fresh) byTopic.set(n.topic_id!, [...(byTopic.get(n.topic_id!) ?? []), n])
  const items: NormalizedItem[] = []
  for (const [topicId, notes] of byTopic) {
    const numbers = new Set(notes.map((n) => n.post_number!))
    const lowest = Math.min(...numbers)
    // Posts after lowest-1, in chunks, until every wanted number came (a deleted post never comes).
    const found = new Map<number, Awaited<ReturnType<DiscourseApi['postsAfter']>>[number]>()
    let from = lowest - 1
    for (let chunk = 0; chunk < 10 && [...numbers].some((x) => !found.has(x)); chunk++) {
      const posts = await api.postsAfter(topicId, from)
      if (!posts.length) break
      for (const p of posts) if (numbers.has(p.post_number)) found.set(p.post_number, p)
      from = Math.max(from, ...posts.map((p) => p.post_number))
    }
    for (const n of notes) {
      const post = found.get(n.post_number!)
      if (!post || post.deleted_at) continue
      const kind = n.notification_type === NOTIFICATION_TYPES.private_message ? 'dm' : 'mention'
      items.push(postToItem(post, mapping, { kind, title: titleOf(n) }))
    }
    options.onProgress?.(items.length)
  }
  const lastId = Math.max(cursor?.lastId ?? 0, ...page.map((n) => n.id))
  return { items, nextCursor: JSON.stringify({ v: 1, lastId } satisfies Cursor), gap: gap || undefined }
}
