import { z } from 'zod'
import type { PollOptions, PollResult } from '../../../model/connector'
import type { NormalizedItem } from '../../../model/items'
import type { RedditApi } from './api'
import { thingToItem } from './mapping'
import type { RedditThing } from './schema'

/** Pages of 100 per poll at most (backfill included): beyond that the poll says it may have missed some. */
export const MAX_PAGES = 10
const QUEUE_PAGES = 3

const cursorSchema = z.object({ newest: z.string().nullable(), at: z.number() })
type ListingCursor = z.infer<typeof cursorSchema>

function readCursor(cursor: string | null): ListingCursor | null {
  if (!cursor) return null
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(cursor))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export interface RedditPollDeps {
  api: RedditApi
  username: string
  subreddits: string[]
}

const ms = (t: RedditThing) => Math.round(t.created_utc * 1000)

/**
 * A listing newest first, paging back (`after`) until the newest item already stored, or one older
 * than it (the stored one may have been deleted since). The cursor is that item's fullname and time.
 */
async function newestUntilKnown(deps: RedditPollDeps, path: string, cursor: string | null, options: PollOptions, extra?: Record<string, string>): Promise<PollResult> {
  const previous = readCursor(cursor)
  const since = previous?.at ?? options.backfillSince
  const items: NormalizedItem[] = []
  let newest: RedditThing | null = null
  let after: string | null = null
  let reachedKnown = false
  for (let page = 0; page < MAX_PAGES && !reachedKnown; page++) {
    const result = await deps.api.listing(path, { after, extra })
    for (const thing of result.items) {
      if (thing.name === previous?.newest || ms(thing) < since) {
        reachedKnown = true
        break
      }
      newest ??= thing
      items.push(thingToItem(thing, deps.username))
    }
    options.onProgress?.(items.length)
    after = result.after
    if (!after) break
  }
  const next: ListingCursor = newest ? { newest: newest.name, at: ms(newest) } : (previous ?? { newest: null, at: since })
  return { items, nextCursor: JSON.stringify(next), gap: previous !== null && !reachedKnown && after !== null }
}

/** Replies to the brand's comments and posts, username mentions and private messages: Reddit's inbox. */
export function pollInbox(deps: RedditPollDeps, cursor: string | null, options: PollOptions): Promise<PollResult> {
  return newestUntilKnown(deps, '/message/inbox', cursor, options)
}

function multi(subreddits: string[]): string {
  return subreddits.map(encodeURIComponent).join('+')
}

/** New comments in the subreddits the person moderates (one request for all of them: r/a+b). */
export async function pollSubredditComments(deps: RedditPollDeps, cursor: string | null, options: PollOptions): Promise<PollResult> {
  if (!deps.subreddits.length) return { items: [], nextCursor: cursor }
  return newestUntilKnown(deps, `/r/${multi(deps.subreddits)}/comments`, cursor, options)
}

/** The comments waiting in the mod queue: a set, read whole each time (ingest keeps what it already has). */
export async function pollModQueue(deps: RedditPollDeps): Promise<PollResult> {
  if (!deps.subreddits.length) return { items: [], nextCursor: null }
  const items: NormalizedItem[] = []
  let after: string | null = null
  for (let page = 0; page < QUEUE_PAGES; page++) {
    const result = await deps.api.listing(`/r/${multi(deps.subreddits)}/about/modqueue`, { after, extra: { only: 'comments' } })
    items.push(...result.items.map((t) => thingToItem(t, deps.username)))
    after = result.after
    if (!after) break
  }
  return { items, nextCursor: null }
}
