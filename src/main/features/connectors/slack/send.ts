import { ParleyError } from '../../../../shared/contract'
import type { OutboundReply, ReconcileResult, SendResult } from '../../../model/connector'
import { REPLY_EVENT, SlackError, type NewMessage, type Page, type SlackApi, type SlackMessage } from './api'
import { messageId, messageToItem, parseKey, parseMessageId, type MappingContext } from './mapping'

/** Pages of a thread (or of a DM after the message answered) reconcile reads. */
const RECONCILE_PAGES = 5

interface Target {
  channel: string
  /** The thread to answer in; null in a direct message, where replies go to the conversation itself. */
  threadTs: string | null
  /** Where to look for our message: after this ts. */
  after: string
}

function targetOf(reply: OutboundReply): Target {
  const key = parseKey(reply.conversationKey)
  const parent = parseMessageId(reply.inReplyTo)
  if (!key || !parent || key.channel !== parent.channel) throw new ParleyError('bad_input', 'That is not a Slack message Parley can answer.')
  return { channel: key.channel, threadTs: key.rootTs, after: parent.ts }
}

/** The body of chat.postMessage: the approved text as is, in the thread, carrying the outbox key in its metadata. */
export function postMessageBody(reply: OutboundReply, idempotencyKey: string): NewMessage {
  const target = targetOf(reply)
  const body: NewMessage = {
    channel: target.channel,
    text: reply.text,
    metadata: JSON.stringify({ event_type: REPLY_EVENT, event_payload: { outbox_key: idempotencyKey } }),
  }
  if (target.threadTs) body.thread_ts = target.threadTs
  return body
}

const carriesKey = (m: SlackMessage, key: string): boolean => m.metadata?.event_type === REPLY_EVENT && m.metadata.event_payload?.outbox_key === key

/** Our message with this outbox key in the thread (or the DM after the message answered), if Slack has it. */
async function findOurs(api: SlackApi, target: Target, key: string): Promise<SlackMessage | null | 'unknown'> {
  let cursor: string | null = null
  for (let page = 0; page < RECONCILE_PAGES; page++) {
    const result: Page<SlackMessage> = target.threadTs ? await api.replies(target.channel, target.threadTs, target.after, cursor) : await api.history(target.channel, target.after, cursor)
    const found = result.items.find((m) => carriesKey(m, key))
    if (found) return found
    cursor = result.next
    if (!cursor) return null
  }
  return 'unknown'
}

function permalinkOf(ctx: MappingContext, channel: string, message: SlackMessage): string | null {
  return messageToItem(message, channel, ctx, 'comment', '').permalink
}

/**
 * Slack has no idempotency key: the outbox key rides in the message's metadata, and the thread is
 * read for it before posting, so a resend after a lost answer finds the first message instead.
 */
export async function sendReply(api: SlackApi, ctx: MappingContext, reply: OutboundReply, idempotencyKey: string): Promise<SendResult> {
  const body = postMessageBody(reply, idempotencyKey)
  const target = targetOf(reply)
  const existing = await findOurs(api, target, idempotencyKey)
  if (existing && existing !== 'unknown') {
    return { remoteId: messageId(target.channel, existing.ts), permalink: permalinkOf(ctx, target.channel, existing), item: messageToItem(existing, target.channel, ctx, reply.kind, reply.conversationKey) }
  }
  let posted: Awaited<ReturnType<SlackApi['postMessage']>>
  try {
    posted = await api.postMessage(body)
  } catch (error) {
    if (error instanceof SlackError && error.code === 'thread_not_found') {
      throw new ParleyError('not_found', 'The Slack thread you are answering no longer exists, so the reply was not sent.')
    }
    throw error
  }
  const message: SlackMessage = posted.message ?? { ts: posted.ts, text: reply.text, user: ctx.botUserId, thread_ts: body.thread_ts }
  return {
    remoteId: messageId(posted.channel, posted.ts),
    permalink: permalinkOf(ctx, posted.channel, { ...message, ts: posted.ts }),
    item: messageToItem({ ...message, ts: posted.ts }, posted.channel, ctx, reply.kind, reply.conversationKey),
  }
}

export async function reconcileReply(api: SlackApi, ctx: MappingContext, reply: OutboundReply, idempotencyKey: string): Promise<ReconcileResult> {
  try {
    const target = targetOf(reply)
    const found = await findOurs(api, target, idempotencyKey)
    if (found === 'unknown') return { state: 'unknown' }
    if (!found) return { state: 'not_sent' }
    return { state: 'sent', remoteId: messageId(target.channel, found.ts), permalink: permalinkOf(ctx, target.channel, found) }
  } catch {
    return { state: 'unknown' }
  }
}
