import type { NormalizedItem } from '../../../model/items'
import type { PollOptions, PollResult } from '../../../model/connector'
import type { SlackApi, SlackMessage, SlackSearchMatch } from './api'
import { messageToItem, threadKey, tsOf, type MappingContext } from './mapping'
import { namesFor } from './names'

/** search.messages is Tier 2 (about 20 calls a minute): a few terms, a few pages each, every five minutes. */
export const SEARCH_TERMS_CAP = 5
const SEARCH_PAGE_CAP = 3
const SEARCH_PAGE_SIZE = 50

interface SearchCursor {
  v: 1
  /** Newest match seen per term (Slack ts). */
  terms: Record<string, string>
}

function readCursor(raw: string | null): SearchCursor {
  try {
    const value = raw ? (JSON.parse(raw) as Partial<SearchCursor>) : null
    if (value?.v === 1 && value.terms) return { v: 1, terms: { ...value.terms } }
  } catch {
    // Start over from the backfill window: ingest drops what it already has.
  }
  return { v: 1, terms: {} }
}

const newer = (a: string, b: string): boolean => Number(a) > Number(b)

/** The words to search for, as stored at connect: trimmed, at most SEARCH_TERMS_CAP. */
export function searchTerms(settings: Record<string, unknown>): string[] {
  const raw = Array.isArray(settings.searchTerms) ? settings.searchTerms : []
  return raw.filter((t): t is string => typeof t === 'string' && t.trim() !== '').slice(0, SEARCH_TERMS_CAP)
}

/** A phrase in Slack's search syntax: quoted, so "Lumen Bikes" matches the phrase, and no modifiers slip in from a term. */
export const phrase = (term: string): string => `"${term.replace(/"/g, ' ').trim()}"`

/** A reply's thread from its permalink (search matches carry no thread_ts of their own). */
function threadOf(match: SlackSearchMatch): string | undefined {
  try {
    const value = match.permalink ? new URL(match.permalink).searchParams.get('thread_ts') : null
    return value && /^\d+\.\d+$/.test(value) ? value : undefined
  } catch {
    return undefined
  }
}

export interface SearchScope {
  terms: readonly string[]
  /** Channels the bot already reads: their messages come through the channels stream. */
  botChannels: readonly string[]
  /** The user the search token belongs to: the brand's own person, whose messages are not mentions. */
  searchUserId: string | null
}

/**
 * The brand's terms across the workspace through the user token's search.messages: channels the bot is
 * not in, newest first until the term's cursor (or the backfill window). Direct and group messages of
 * the token's person are left out: they are that person's, not the brand's inbox.
 */
export async function pollSearch(
  search: SlackApi,
  bot: SlackApi,
  base: Omit<MappingContext, 'names'>,
  team: string,
  scope: SearchScope,
  rawCursor: string | null,
  options: PollOptions,
): Promise<PollResult> {
  const cursor = readCursor(rawCursor)
  const found = new Map<string, { channel: string; message: SlackMessage }>()
  let gap = false
  for (const term of scope.terms) {
    const since = cursor.terms[term] ?? tsOf(options.backfillSince)
    let newest = since
    let reachedOld = false
    for (let page = 1; page <= SEARCH_PAGE_CAP && !reachedOld; page++) {
      const result = await search.search(phrase(term), page, SEARCH_PAGE_SIZE)
      for (const match of result.items) {
        if (!newer(match.ts, since)) {
          reachedOld = true
          continue
        }
        if (newer(match.ts, newest)) newest = match.ts
        const channel = match.channel.id
        if (match.channel.is_im || match.channel.is_mpim || scope.botChannels.includes(channel)) continue
        if (match.user && match.user === scope.searchUserId) continue
        const message: SlackMessage = { type: 'message', ts: match.ts, text: match.text ?? '', ...(match.user ? { user: match.user } : {}) }
        const thread = threadOf(match)
        if (thread) message.thread_ts = thread
        found.set(`${channel}/${match.ts}`, { channel, message })
      }
      if (!result.more) break
      if (page === SEARCH_PAGE_CAP && !reachedOld) gap = true
    }
    cursor.terms[term] = newest
    options.onProgress?.(found.size)
  }
  const list = [...found.values()]
  const ctx: MappingContext = { ...base, names: await namesFor(bot, team, list.map((f) => f.message)) }
  const items: NormalizedItem[] = list
    .sort((a, b) => Number(a.message.ts) - Number(b.message.ts))
    .map(({ channel, message }) => messageToItem(message, channel, ctx, 'mention', threadKey(channel, message.thread_ts ?? message.ts)))
  return { items, nextCursor: JSON.stringify(cursor), gap: gap || undefined }
}
