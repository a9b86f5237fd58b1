import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { ConnectorContext, OutboundReply, ReconcileResult, SendResult } from '../../../model/connector'
import { RedditApiError, type RedditApi } from './api'
import { permalinkOf, sameUser, thingToItem } from './mapping'
import type { RedditThing } from './schema'

/**
 * Exactly once without an idempotency key: Reddit has none, so Parley marks each reply in the
 * account's settings ("attempted at") before /api/comment and looks for it before any second try:
 * a comment or message by the brand, answering the same parent, with exactly the approved text,
 * made after the first attempt. Found: it went out, and is not sent again. Not found: sending is safe.
 */
interface SendMark {
  at: number
  remoteId?: string
  permalink?: string | null
}

const MAX_MARKS = 200
/** Reddit's clock and ours may differ a little: look a bit before the first attempt. */
const SKEW_MS = 2 * 60_000
const RECONCILE_PAGES = 2

function readMarks(settings: Record<string, unknown>): Record<string, SendMark> {
  const raw = settings.sendMarks
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Record<string, SendMark>) } : {}
}

async function saveMarks(ctx: ConnectorContext, marks: Record<string, SendMark>): Promise<void> {
  const sendMarks = Object.fromEntries(
    Object.entries(marks)
      .sort((a, b) => b[1].at - a[1].at)
      .slice(0, MAX_MARKS),
  )
  // Only this key: the engine merges it into the stored settings, so a concurrent poll's keys stay.
  await ctx.saveSettings({ sendMarks })
  ctx.account.settings = { ...ctx.account.settings, sendMarks }
}

/** The fullname a reply answers: the message or comment itself (Reddit threads replies under it). */
function parentOf(reply: OutboundReply): string {
  if (!/^t[134]_[a-z0-9]+$/.test(reply.inReplyTo)) throw new ParleyError('bad_input', 'That is not a Reddit comment or message Parley can answer, so the reply was not sent.')
  if (reply.kind === 'dm' && !reply.inReplyTo.startsWith('t4_')) throw new ParleyError('bad_input', 'A private message can only answer a Reddit message.')
  return reply.inReplyTo
}

const matches = (thing: RedditThing, me: string, parent: string, text: string, after: number) =>
  sameUser(thing.author, me) && thing.parent_id === parent && (thing.body ?? '').trim() === text.trim() && thing.created_utc * 1000 >= after - SKEW_MS

/** Our reply to `parent` with this text made after `after`: in the brand's comments, or its sent messages. */
async function findOurs(api: RedditApi, me: string, parent: string, text: string, after: number): Promise<RedditThing | null> {
  const path = parent.startsWith('t4_') ? '/message/sent' : `/user/${encodeURIComponent(me)}/comments`
  let cursor: string | null = null
  for (let page = 0; page < RECONCILE_PAGES; page++) {
    const result = await api.listing(path, { after: cursor, extra: parent.startsWith('t4_') ? {} : { sort: 'new' } })
    const found = result.items.find((t) => matches(t, me, parent, text, after))
    if (found) return found
    // Newest first: once the page reaches before the first attempt, older pages cannot hold it.
    if (result.items.some((t) => t.created_utc * 1000 < after - SKEW_MS)) return null
    cursor = result.after
    if (!cursor) return null
  }
  return null
}

function plainRefusal(error: RedditApiError): ParleyError {
  switch (error.code) {
    case 'THREAD_LOCKED':
      return new ParleyError('bad_input', 'The thread is locked on Reddit, so the reply was not sent.')
    case 'DELETED_COMMENT':
    case 'DELETED_LINK':
    case 'NO_THING_ID':
      return new ParleyError('not_found', 'The comment or message you are answering no longer exists on Reddit, so the reply was not sent.')
    case 'TOO_OLD':
      return new ParleyError('bad_input', 'The post is archived on Reddit (too old for replies), so the reply was not sent.')
    case 'NOT_WHITELISTED_BY_USER_MESSAGE':
    case 'USER_BLOCKED_MESSAGE':
      return new ParleyError('bad_input', 'This person does not accept messages from the account, so the reply was not sent.')
    default:
      return new ParleyError('bad_input', `Reddit did not accept the reply (${error.detail}), so it was not sent.`)
  }
}

export async function sendReply(api: RedditApi, me: string, reply: OutboundReply, key: string, ctx: ConnectorContext): Promise<SendResult> {
  const parent = parentOf(reply)
  const marks = readMarks(ctx.account.settings)
  const mark = marks[key]
  if (mark?.remoteId) return { remoteId: mark.remoteId, permalink: mark.permalink ?? null, item: null }
  if (mark) {
    // An earlier try may have reached Reddit: look before sending again.
    const found = await findOurs(api, me, parent, reply.text, mark.at)
    if (found) {
      const permalink = permalinkOf(found)
      await saveMarks(ctx, { ...readMarks(ctx.account.settings), [key]: { at: mark.at, remoteId: found.name, permalink } })
      return { remoteId: found.name, permalink, item: { ...thingToItem(found, me), conversationKey: reply.conversationKey } }
    }
  } else {
    marks[key] = { at: ctx.clock.now() }
    await saveMarks(ctx, marks)
  }
  let created: RedditThing
  try {
    created = await api.comment(parent, reply.text)
  } catch (error) {
    if (error instanceof RedditApiError) {
      // A refusal inside Reddit's answer: nothing was posted.
      if (error.code === 'RATELIMIT') throw error
      throw plainRefusal(error)
    }
    if (error instanceof HttpError && error.status === 403) throw new ParleyError('bad_input', 'Reddit does not let this account post there (banned or a private subreddit), so the reply was not sent.')
    throw error
  }
  const permalink = permalinkOf(created)
  await saveMarks(ctx, { ...readMarks(ctx.account.settings), [key]: { at: marks[key]?.at ?? ctx.clock.now(), remoteId: created.name, permalink } })
  // A reply stays in its parent's conversation (a mention's own included).
  return { remoteId: created.name, permalink, item: { ...thingToItem(created, me), conversationKey: reply.conversationKey } }
}

/** Whether a reply whose answer was lost reached Reddit: by Parley's mark, then by reading Reddit. */
export async function reconcileReply(api: RedditApi, me: string, reply: OutboundReply, key: string, ctx: ConnectorContext): Promise<ReconcileResult> {
  const mark = readMarks(ctx.account.settings)[key]
  if (!mark) return { state: 'not_sent' }
  if (mark.remoteId) return { state: 'sent', remoteId: mark.remoteId, permalink: mark.permalink ?? null }
  try {
    const found = await findOurs(api, me, parentOf(reply), reply.text, mark.at)
    if (!found) return { state: 'not_sent' }
    return { state: 'sent', remoteId: found.name, permalink: permalinkOf(found) }
  } catch {
    return { state: 'unknown' }
  }
}
