import type { NormalizedItem } from '../../../model/items'
import type { PollOptions, PollResult } from '../../../model/connector'
import { SlackError, type SlackApi, type SlackMessage } from './api'
import { dmKey, isConversational, mentionsBot, messageToItem, threadKey, tsOf, type MappingContext } from './mapping'
import { namesFor } from './names'

/** History pages per channel and poll (200 messages each). */
const HISTORY_PAGE_CAP = 10
/** conversations.replies calls per poll: Slack's Tier 3 allows about 50 a minute. */
export const THREAD_BUDGET = 20
/** A thread with no new reply for this long is no longer re-read. */
export const THREAD_QUIET_MS = 7 * 86_400_000
const THREAD_CAP = 300

interface ThreadState {
  /** ts of the newest reply read. */
  last: string
  /** When the thread last had activity (ms). */
  active: number
  /** When Parley last read it (ms), to take turns. */
  checked: number
}

interface Cursor {
  v: 1
  /** Newest message read per channel (Slack ts, exclusive). */
  channels: Record<string, string>
  /** Threads being followed, by `channel:rootTs`. */
  threads: Record<string, ThreadState>
}

function readCursor(raw: string | null): Cursor {
  try {
    const value = raw ? (JSON.parse(raw) as Partial<Cursor>) : null
    if (value?.v === 1 && value.channels && value.threads) return { v: 1, channels: { ...value.channels }, threads: { ...value.threads } }
  } catch {
    // An unreadable cursor starts over from the backfill window: ingest drops what it already has.
  }
  return { v: 1, channels: {}, threads: {} }
}

const newer = (a: string, b: string): boolean => Number(a) > Number(b)

async function historySince(api: SlackApi, channel: string, oldest: string): Promise<{ messages: SlackMessage[]; gap: boolean }> {
  const messages: SlackMessage[] = []
  let cursor: string | null = null
  for (let page = 0; page < HISTORY_PAGE_CAP; page++) {
    const result = await api.history(channel, oldest, cursor)
    messages.push(...result.items.filter((m) => newer(m.ts, oldest)))
    cursor = result.next
    if (!cursor) return { messages, gap: false }
  }
  return { messages, gap: true }
}

async function repliesSince(api: SlackApi, channel: string, root: string, oldest: string): Promise<SlackMessage[]> {
  const out: SlackMessage[] = []
  let cursor: string | null = null
  for (let page = 0; page < HISTORY_PAGE_CAP; page++) {
    const result = await api.replies(channel, root, oldest, cursor)
    out.push(...result.items.filter((m) => m.ts !== root && newer(m.ts, oldest)))
    cursor = result.next
    if (!cursor) break
  }
  return out
}

/** The bot left the channel or it was archived: the other channels carry on. */
const channelGone = (error: unknown): boolean => error instanceof SlackError && ['channel_not_found', 'not_in_channel', 'is_archived'].includes(error.code)

/**
 * The picked channels: new top-level messages from conversations.history after each channel's
 * `oldest`, and new replies of followed threads from conversations.replies. Each thread is a conversation.
 */
export async function pollChannels(
  api: SlackApi,
  base: Omit<MappingContext, 'names'>,
  team: string,
  channels: readonly string[],
  rawCursor: string | null,
  now: number,
  options: PollOptions,
): Promise<PollResult> {
  const cursor = readCursor(rawCursor)
  const found: { channel: string; message: SlackMessage; key: string }[] = []
  const hinted = new Set<string>()
  let gap = false
  for (const channel of channels) {
    const oldest = cursor.channels[channel] ?? tsOf(options.backfillSince)
    let history: Awaited<ReturnType<typeof historySince>>
    try {
      history = await historySince(api, channel, oldest)
    } catch (error) {
      if (channelGone(error)) continue
      throw error
    }
    gap ||= history.gap
    for (const m of history.messages) {
      const root = m.thread_ts ?? m.ts
      if (isConversational(m)) found.push({ channel, message: m, key: threadKey(channel, root) })
      if (m.reply_count) {
        const id = `${channel}:${m.ts}`
        const known = cursor.threads[id]
        if (!known) cursor.threads[id] = { last: m.ts, active: now, checked: 0 }
        if (m.latest_reply && (!known || newer(m.latest_reply, known.last))) hinted.add(id)
      }
    }
    const newest = history.messages.reduce((max, m) => (newer(m.ts, max) ? m.ts : max), oldest)
    cursor.channels[channel] = newest
    options.onProgress?.(found.length)
  }

  // Threads with a known new reply first, then the others taking turns by when they were last read.
  const followed = Object.entries(cursor.threads)
    .filter(([id, t]) => channels.includes(id.split(':')[0]!) && now - t.active < THREAD_QUIET_MS)
    .sort(([a, x], [b, y]) => Number(hinted.has(b)) - Number(hinted.has(a)) || x.checked - y.checked)
  let reads = 0
  for (const [id, thread] of followed) {
    if (reads >= THREAD_BUDGET) break
    const [channel, root] = id.split(':') as [string, string]
    reads++
    let replies: SlackMessage[]
    try {
      replies = await repliesSince(api, channel, root, thread.last)
    } catch (error) {
      if (error instanceof SlackError && error.code === 'thread_not_found') {
        delete cursor.threads[id]
        continue
      }
      if (channelGone(error)) continue
      throw error
    }
    thread.checked = now
    for (const m of replies) {
      // A broadcast reply also came through history.
      if (m.subtype === 'thread_broadcast' && found.some((f) => f.message.ts === m.ts && f.channel === channel)) continue
      if (isConversational(m)) found.push({ channel, message: m, key: threadKey(channel, root) })
    }
    if (replies.length) {
      thread.last = replies.reduce((max, m) => (newer(m.ts, max) ? m.ts : max), thread.last)
      thread.active = now
    }
  }
  for (const [id, t] of Object.entries(cursor.threads)) if (now - t.active >= THREAD_QUIET_MS) delete cursor.threads[id]
  const kept = Object.entries(cursor.threads).sort(([, a], [, b]) => b.active - a.active).slice(0, THREAD_CAP)
  cursor.threads = Object.fromEntries(kept)

  const ctx: MappingContext = { ...base, names: await namesFor(api, team, found.map((f) => f.message)) }
  const items: NormalizedItem[] = found
    .sort((a, b) => Number(a.message.ts) - Number(b.message.ts))
    .map(({ channel, message, key }) => messageToItem(message, channel, ctx, mentionsBot(message, ctx) ? 'mention' : 'comment', key))
  return { items, nextCursor: JSON.stringify(cursor), gap: gap || undefined, more: reads < followed.length || undefined }
}

/** Direct messages to the bot: every IM channel it has, each one conversation. */
export async function pollDirectMessages(api: SlackApi, base: Omit<MappingContext, 'names'>, team: string, rawCursor: string | null, options: PollOptions): Promise<PollResult> {
  const cursor = readCursor(rawCursor)
  const ims: string[] = []
  let next: string | null = null
  for (let page = 0; page < HISTORY_PAGE_CAP; page++) {
    const result = await api.channels('im', next)
    ims.push(...result.items.filter((c) => c.is_im !== false).map((c) => c.id))
    next = result.next
    if (!next) break
  }
  const found: { channel: string; message: SlackMessage }[] = []
  let gap = false
  for (const channel of ims) {
    const oldest = cursor.channels[channel] ?? tsOf(options.backfillSince)
    let history: Awaited<ReturnType<typeof historySince>>
    try {
      history = await historySince(api, channel, oldest)
    } catch (error) {
      if (channelGone(error)) continue
      throw error
    }
    gap ||= history.gap
    found.push(...history.messages.filter(isConversational).map((message) => ({ channel, message })))
    cursor.channels[channel] = history.messages.reduce((max, m) => (newer(m.ts, max) ? m.ts : max), oldest)
  }
  const ctx: MappingContext = { ...base, names: await namesFor(api, team, found.map((f) => f.message)) }
  const items = found
    .sort((a, b) => Number(a.message.ts) - Number(b.message.ts))
    .map(({ channel, message }) => messageToItem(message, channel, ctx, 'dm', dmKey(channel)))
  return { items, nextCursor: JSON.stringify(cursor), gap: gap || undefined }
}
