import { z } from 'zod'
import { ParleyError } from '../../../../shared/contract'
import type { PollOptions, PollResult } from '../../../model/connector'
import type { NormalizedItem } from '../../../model/items'
import type { MeteredBudget } from '../budget'
import type { XApi } from './api'
import { isAccessLevelRefusal } from './classify'
import { dmToItem, postToItem } from './mapping'
import { compareIds } from './schema'

/** Pages per poll at most; beyond that the poll says it may have missed some. */
const MAX_PAGES = 5
/** The brand posts whose replies the replies stream follows (recent search reaches back seven days). */
const FOLLOWED_POSTS = 5
const WEEK_MS = 7 * 86_400_000

const cursorSchema = z.object({ sinceId: z.string().nullable(), paceMs: z.number().optional() })
type Cursor = z.infer<typeof cursorSchema>

export interface XPollDeps {
  api: XApi
  budget: MeteredBudget
  userId: string
  username: string
  now: () => number
  /** Remembers that recent search is not in the person's plan, so later polls do not pay to be told again. */
  markSearchUnavailable(): Promise<void>
  searchUnavailable: boolean
}

export const SEARCH_UNAVAILABLE =
  "Replies deeper in your threads are not collected: your X developer account's access level does not include recent search. Mentions and DMs still are. Upgrade the plan in the developer portal, then reconnect the account."

export function readCursor(cursor: string | null): Cursor | null {
  if (!cursor) return null
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(cursor))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export function paceOf(cursor: string | null): number | null {
  return readCursor(cursor)?.paceMs ?? null
}

/** The wait before the next poll: the stream's interval, longer when the cap runs low or X's window is spent. */
function pace(deps: XPollDeps, intervalMs: number, spent: number, streams: number): number {
  const now = deps.now()
  let wait = deps.budget.paceMs(intervalMs, Math.max(1, spent), streams, now)
  const rate = deps.api.rate
  if (rate && rate.remaining <= 0 && rate.resetAt > now) wait = Math.max(wait, rate.resetAt - now)
  return wait
}

function newest(ids: string[], previous: string | null): string | null {
  return [...ids, ...(previous ? [previous] : [])].sort(compareIds).at(-1) ?? null
}

/** Mentions of the brand since the newest one stored (since_id), paged with pagination_token. */
export async function pollMentions(deps: XPollDeps, cursor: string | null, options: PollOptions, intervalMs: number): Promise<PollResult> {
  deps.budget.assertCanPoll(1, deps.now())
  const before = deps.budget.used(deps.now())
  const previous = readCursor(cursor)
  const items: NormalizedItem[] = []
  let token: string | null = null
  let pages = 0
  do {
    const page = await deps.api.mentions(deps.userId, {
      sinceId: previous?.sinceId ?? null,
      startTime: previous ? null : new Date(options.backfillSince).toISOString(),
      token,
    })
    items.push(...page.items.map((p) => postToItem(p, page.users, deps.userId, 'mention')))
    options.onProgress?.(items.length)
    token = page.nextToken
    pages++
  } while (token && pages < MAX_PAGES && deps.budget.pollingLeft(deps.now()) >= 1)
  const next: Cursor = { sinceId: newest(items.map((i) => i.remoteId), previous?.sinceId ?? null), paceMs: pace(deps, intervalMs, deps.budget.used(deps.now()) - before, 3) }
  return { items, nextCursor: JSON.stringify(next), gap: token !== null }
}

/**
 * Replies anywhere in the threads of the brand's recent posts, including those that do not mention it:
 * recent search by conversation_id (two requests a poll), where the person's access level allows it.
 */
export async function pollReplies(deps: XPollDeps, cursor: string | null, options: PollOptions, intervalMs: number): Promise<PollResult> {
  if (deps.searchUnavailable) throw new ParleyError('bad_input', SEARCH_UNAVAILABLE)
  deps.budget.assertCanPoll(2, deps.now())
  const before = deps.budget.used(deps.now())
  const previous = readCursor(cursor)
  const recent = await deps.api.userPosts(deps.userId, { max: FOLLOWED_POSTS, withReplies: false })
  const cutoff = Math.max(deps.now() - WEEK_MS, previous ? 0 : options.backfillSince)
  const threads = recent.items.filter((p) => !p.created_at || Date.parse(p.created_at) >= cutoff).map((p) => p.conversation_id ?? p.id)
  const items: NormalizedItem[] = []
  let token: string | null = null
  if (threads.length) {
    const query = `(${threads.map((id) => `conversation_id:${id}`).join(' OR ')}) -from:${deps.username}`
    let pages = 0
    try {
      do {
        const page = await deps.api.search(query, { sinceId: previous?.sinceId ?? null, token })
        items.push(...page.items.map((p) => postToItem(p, page.users, deps.userId, 'comment')))
        token = page.nextToken
        pages++
      } while (token && pages < MAX_PAGES && deps.budget.pollingLeft(deps.now()) >= 1)
    } catch (error) {
      if (!isAccessLevelRefusal(error)) throw error
      await deps.markSearchUnavailable()
      throw new ParleyError('bad_input', SEARCH_UNAVAILABLE)
    }
  }
  const next: Cursor = { sinceId: newest(items.map((i) => i.remoteId), previous?.sinceId ?? null), paceMs: pace(deps, intervalMs, deps.budget.used(deps.now()) - before, 3) }
  return { items, nextCursor: JSON.stringify(next), gap: token !== null }
}

/** Direct messages, newest first, until one already stored (or older than the backfill). */
export async function pollDms(deps: XPollDeps, cursor: string | null, options: PollOptions, intervalMs: number): Promise<PollResult> {
  deps.budget.assertCanPoll(1, deps.now())
  const before = deps.budget.used(deps.now())
  const previous = readCursor(cursor)
  const items: NormalizedItem[] = []
  let token: string | null = null
  let pages = 0
  let reachedKnown = false
  do {
    const page = await deps.api.dmEvents({ token })
    for (const event of page.items) {
      const old = previous?.sinceId ? compareIds(event.id, previous.sinceId) <= 0 : Boolean(event.created_at && Date.parse(event.created_at) < options.backfillSince)
      if (old) {
        reachedKnown = true
        break
      }
      items.push(dmToItem(event, page.users, deps.userId))
    }
    token = page.nextToken
    pages++
  } while (!reachedKnown && token && pages < MAX_PAGES && deps.budget.pollingLeft(deps.now()) >= 1)
  const next: Cursor = { sinceId: newest(items.map((i) => i.remoteId), previous?.sinceId ?? null), paceMs: pace(deps, intervalMs, deps.budget.used(deps.now()) - before, 3) }
  return { items, nextCursor: JSON.stringify(next), gap: !reachedKnown && token !== null }
}
