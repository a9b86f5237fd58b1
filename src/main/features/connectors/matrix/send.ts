import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { OutboundReply, ReconcileResult, SendResult } from '../../../model/connector'
import type { MatrixApi } from './api'
import { eventToItem, messageRemoteId, permalink, roomOfConversation, splitRemoteId, type MatrixIdentity } from './mapping'
import { parseEvents } from './schema'

/** How many of the room's newest events reconcile looks through for our reply. */
const RECONCILE_WINDOW = 100

interface Target {
  roomId: string
  parentEventId: string
  threadRoot: string | null
}

function targetOf(reply: OutboundReply): Target {
  const parent = splitRemoteId(reply.inReplyTo)
  const roomId = roomOfConversation(reply.conversationKey) ?? parent?.roomId
  if (!parent || !roomId || parent.roomId !== roomId) {
    throw new ParleyError('bad_input', 'Parley cannot tell which Matrix room this reply belongs to, so it was not sent.')
  }
  const key = reply.conversationKey.startsWith('dm:') ? reply.conversationKey.slice(3) : reply.conversationKey
  const slash = key.indexOf('/')
  return { roomId, parentEventId: parent.eventId, threadRoot: slash > 0 ? key.slice(slash + 1) : null }
}

/**
 * The event content of a reply: the approved text as the body, byte for byte (no reply fallback
 * quoting the parent, which Matrix 1.13 dropped), related to the parent, and inside the thread
 * when the conversation is one.
 */
export function replyContent(reply: OutboundReply, target: Target): Record<string, unknown> {
  const inReplyTo = { event_id: target.parentEventId }
  const relatesTo = target.threadRoot
    ? { rel_type: 'm.thread', event_id: target.threadRoot, is_falling_back: false, 'm.in_reply_to': inReplyTo }
    : { 'm.in_reply_to': inReplyTo }
  return { msgtype: 'm.text', body: reply.text, 'm.relates_to': relatesTo }
}

/**
 * PUT /rooms/{room}/send/m.room.message/{txnId} with the outbox key as the transaction id: the
 * homeserver remembers transaction ids per device, so a retry after a lost answer returns the
 * event already sent instead of posting a second one.
 */
export async function sendReply(api: MatrixApi, me: MatrixIdentity, reply: OutboundReply, idempotencyKey: string, now: number): Promise<SendResult> {
  const target = targetOf(reply)
  const content = replyContent(reply, target)
  let eventId: string
  try {
    eventId = (await api.sendMessage(target.roomId, idempotencyKey, content)).event_id
  } catch (error) {
    if (error instanceof HttpError && error.status === 403) {
      throw new ParleyError('bad_input', `${me.userId} can no longer post in that room (it may have left or been removed), so the reply was not sent.`)
    }
    throw error
  }
  const [event] = parseEvents([{ type: 'm.room.message', event_id: eventId, sender: me.userId, origin_server_ts: now, content }])
  const mapped = event ? eventToItem(event, target.roomId, reply.kind === 'dm', me, new Map()) : null
  return {
    remoteId: messageRemoteId(target.roomId, eventId),
    permalink: permalink(target.roomId, eventId),
    // The reply belongs to the conversation it answers (a mention's own one included).
    item: mapped ? { ...mapped, conversationKey: reply.conversationKey } : null,
  }
}

/**
 * After an unknown outcome: reads the room's newest events for ours. The homeserver echoes the
 * transaction id to the device that sent it (unsigned.transaction_id), which settles it; an event
 * with the same parent and the same body from the brand counts too (sent from another device).
 */
export async function reconcileReply(api: MatrixApi, me: MatrixIdentity, reply: OutboundReply, idempotencyKey: string): Promise<ReconcileResult> {
  let target: Target
  try {
    target = targetOf(reply)
  } catch {
    return { state: 'unknown' }
  }
  let events
  try {
    events = parseEvents((await api.messages(target.roomId, RECONCILE_WINDOW)).chunk)
  } catch {
    return { state: 'unknown' }
  }
  const found = events.find((e) => {
    if (e.sender !== me.userId || e.type !== 'm.room.message') return false
    if (e.unsigned?.transaction_id === idempotencyKey) return true
    const rel = e.content['m.relates_to'] as { 'm.in_reply_to'?: { event_id?: unknown } } | undefined
    return e.content.body === reply.text && rel?.['m.in_reply_to']?.event_id === target.parentEventId
  })
  if (!found) return { state: 'not_sent' }
  return { state: 'sent', remoteId: messageRemoteId(target.roomId, found.event_id), permalink: permalink(target.roomId, found.event_id) }
}
