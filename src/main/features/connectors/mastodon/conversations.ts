import type { NormalizedItem } from '../../../model/items'
import { HttpError } from '../../../base/http'
import type { PollOptions, PollResult } from '../../../model/connector'
import { CONVERSATIONS_PATH, withQuery, type MastodonApi } from './api'
import { dmConversationKey, statusToItem, type MappingContext } from './mapping'
import { linkTarget } from './paging'
import type { MastodonConversation, MastodonStatus } from './schema'

/** Mastodon allows at most 40 conversations per page. */
const PAGE_LIMIT = 40
const FORWARD_PAGE_CAP = 10
const BACKFILL_PAGE_CAP = 25
/** Thread requests per poll; beyond it a conversation brings only its newest message this time. */
const CONTEXT_BUDGET = 30

interface Cursor {
  v: 1
  /**
   * Path and query of the newest page's rel="prev" Link. Conversation ids are
   * internal to Mastodon, so this list is paged only through its Link header.
   */
  prev: string | null
  /** Newest last-message time seen (ms): the stop line when reading from the top again. */
  watermark: number
}

function readCursor(raw: string | null): Cursor | null {
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as Partial<Cursor>
    if (value.v !== 1) return null
    return { v: 1, prev: typeof value.prev === 'string' ? value.prev : null, watermark: Number(value.watermark) || 0 }
  } catch {
    return null
  }
}

interface Fetched {
  conversations: MastodonConversation[]
  prev: string | null
  gap: boolean
}

const timeOf = (c: MastodonConversation): number => (c.last_status ? Date.parse(c.last_status.created_at) : 0)

/** Newest first, following rel="next" until conversations last active before `since`. */
async function fromTop(api: MastodonApi, since: number, options: PollOptions): Promise<Fetched> {
  const conversations: MastodonConversation[] = []
  let prev: string | null = null
  let path: string | null = withQuery(CONVERSATIONS_PATH, [['limit', String(PAGE_LIMIT)]])
  for (let pages = 0; path; pages++) {
    if (pages >= BACKFILL_PAGE_CAP) return { conversations, prev, gap: true }
    const page = await api.conversations(path)
    if (pages === 0) prev = linkTarget(page.links.prev, CONVERSATIONS_PATH)
    const recent = page.items.filter((c) => timeOf(c) >= since)
    conversations.push(...recent)
    options.onProgress?.(conversations.length)
    if (recent.length < page.items.length) break
    path = linkTarget(page.links.next, CONVERSATIONS_PATH)
  }
  return { conversations, prev, gap: false }
}

/** rel="prev" lists conversations whose newest message is newer than the last poll's newest; follow it until empty. */
async function forward(api: MastodonApi, start: string, options: PollOptions): Promise<Fetched> {
  const conversations: MastodonConversation[] = []
  let path = start
  for (let pages = 0; ; pages++) {
    if (pages >= FORWARD_PAGE_CAP) return { conversations, prev: path, gap: true }
    const page = await api.conversations(path)
    if (page.items.length === 0) return { conversations, prev: path, gap: false }
    conversations.push(...page.items)
    options.onProgress?.(conversations.length)
    const next = linkTarget(page.links.prev, CONVERSATIONS_PATH)
    // No way forward from here: read from the top (down to the watermark) next time.
    if (!next) return { conversations, prev: null, gap: false }
    path = next
  }
}

async function thread(api: MastodonApi, last: MastodonStatus): Promise<MastodonStatus[]> {
  try {
    const { ancestors, descendants } = await api.context(last.id)
    return [...ancestors, last, ...descendants]
  } catch (error) {
    if (error instanceof HttpError && (error.status === 404 || error.status === 403)) return [last]
    throw error
  }
}

export async function pollConversations(
  api: MastodonApi,
  mapping: MappingContext,
  rawCursor: string | null,
  options: PollOptions,
): Promise<PollResult> {
  const cursor = readCursor(rawCursor)
  const fetched = cursor?.prev
    ? await forward(api, cursor.prev, options)
    : await fromTop(api, cursor?.watermark || options.backfillSince, options)

  const items: NormalizedItem[] = []
  const seen = new Set<string>()
  let budget = CONTEXT_BUDGET
  let watermark = cursor?.watermark ?? 0
  for (const conversation of fetched.conversations) {
    const last = conversation.last_status
    if (!last || seen.has(conversation.id)) continue
    seen.add(conversation.id)
    watermark = Math.max(watermark, timeOf(conversation))
    // A first message has no thread to fetch; later ones need their context for the earlier messages.
    const needsThread = !!last.in_reply_to_id && budget > 0
    if (needsThread) budget--
    const statuses = needsThread ? await thread(api, last) : [last]
    const place = { kind: 'dm', conversationKey: dmConversationKey(conversation.id) } as const
    for (const s of statuses) {
      // Public posts a DM answers belong to their own public thread, not to the private conversation.
      if (s.visibility === 'direct' || s.id === last.id) items.push(statusToItem(s, mapping, place))
    }
  }
  const next: Cursor = { v: 1, prev: fetched.prev, watermark }
  return { items, nextCursor: JSON.stringify(next), gap: fetched.gap || undefined }
}
