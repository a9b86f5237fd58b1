import type { ConversationKind, NormalizedItem } from '../../../model/items'
import type { PollOptions, PollResult } from '../../../model/connector'
import type { DiscourseApi } from './api'
import { postToItem, type MappingContext } from './mapping'
import type { DiscoursePost, DiscourseTopic } from './schema'

/** Discourse answers a topic's posts in chunks of this many. */
export const POST_CHUNK = 20
/** Topics read per poll: a busy forum continues on the next poll instead of exhausting the per-minute limit. */
export const TOPIC_BUDGET = 25
const LIST_PAGE_CAP = 5
const CHUNK_CAP = 50
/** Topics remembered in the cursor; older ones fall back to the bumped_at watermark. */
const SEEN_CAP = 500

interface Cursor {
  v: 1
  /** bumped_at (ms) of the newest topic fully read. */
  since: number
  /** Highest post number read, by topic id. */
  seen: Record<string, number>
}

function readCursor(raw: string | null): Cursor | null {
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as Partial<Cursor>
    if (value.v !== 1 || typeof value.since !== 'number' || typeof value.seen !== 'object' || !value.seen) return null
    return { v: 1, since: value.since, seen: { ...value.seen } }
  } catch {
    return null
  }
}

const bumpedAt = (t: DiscourseTopic): number => Date.parse(t.bumped_at ?? t.last_posted_at ?? t.created_at) || 0

/** A topic list and what its topics are: public threads, or private messages. */
export interface TopicList {
  path: string
  kind: ConversationKind
}

interface Active {
  topic: DiscourseTopic
  kind: ConversationKind
}

/** Topics with activity after `since`, across the lists, oldest activity first. */
async function activeTopics(api: DiscourseApi, lists: readonly TopicList[], since: number): Promise<Active[]> {
  const byId = new Map<number, Active>()
  for (const { path, kind } of lists) {
    for (let page = 0; page < LIST_PAGE_CAP; page++) {
      const { topics, more } = await api.topics(path, page)
      const fresh = topics.filter((t) => bumpedAt(t) > since)
      for (const topic of fresh) byId.set(topic.id, { topic, kind })
      // Lists are ordered by activity (pinned topics aside): a page with older topics ends the walk.
      if (!more || fresh.length < topics.length) break
    }
  }
  return [...byId.values()].sort((a, b) => bumpedAt(a.topic) - bumpedAt(b.topic) || a.topic.id - b.topic.id)
}

/** Every post of the topic after `after`, chunk by chunk. */
async function postsAfter(api: DiscourseApi, topic: DiscourseTopic, after: number): Promise<DiscoursePost[]> {
  const posts: DiscoursePost[] = []
  let from = after
  for (let chunk = 0; chunk < CHUNK_CAP && from < topic.highest_post_number; chunk++) {
    const page = (await api.postsAfter(topic.id, from)).filter((p) => p.post_number > from)
    if (!page.length) break
    posts.push(...page)
    from = Math.max(...page.map((p) => p.post_number))
  }
  return posts
}

/**
 * The topics stream: watched categories (or latest) and the account's private messages. New posts of
 * each topic that moved since the cursor, each exactly once: the cursor keeps the highest post number
 * read per topic. One stream for both keeps the forum's per-minute budget in one place.
 */
export async function pollTopicLists(
  api: DiscourseApi,
  mapping: MappingContext,
  lists: readonly TopicList[],
  rawCursor: string | null,
  options: PollOptions,
): Promise<PollResult> {
  const cursor = readCursor(rawCursor) ?? { v: 1, since: options.backfillSince, seen: {} }
  const first = readCursor(rawCursor) === null
  const topics = await activeTopics(api, lists, cursor.since)
  const items: NormalizedItem[] = []
  let since = cursor.since
  let done = 0
  for (const { topic, kind } of topics) {
    if (done >= TOPIC_BUDGET) break
    const after = cursor.seen[topic.id] ?? 0
    if (topic.highest_post_number > after) {
      const posts = await postsAfter(api, topic, after)
      const idsByNumber = new Map(posts.map((p) => [p.post_number, p.id]))
      for (const post of posts) {
        if (post.deleted_at) continue
        if (first && Date.parse(post.created_at) < options.backfillSince) continue
        items.push(postToItem(post, mapping, { kind, title: topic.title, idsByNumber }))
      }
      if (posts.length) cursor.seen[topic.id] = Math.max(after, ...posts.map((p) => p.post_number))
      options.onProgress?.(items.length)
    }
    since = Math.max(since, bumpedAt(topic))
    done++
  }
  const seen = Object.entries(cursor.seen).slice(-SEEN_CAP)
  const next: Cursor = { v: 1, since, seen: Object.fromEntries(seen) }
  return { items, nextCursor: JSON.stringify(next), more: done < topics.length || undefined }
}
