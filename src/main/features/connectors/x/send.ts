import { ParleyError } from '../../../../shared/contract'
import type { OutboundReply, ReconcileResult, SendResult } from '../../../model/connector'
import type { XApi } from './api'
import { comparableText, DM_PREFIX, dmToItem, postUrl, postToItem } from './mapping'
import { repliedTo } from './schema'

/** How far back reconcile looks among the account's own posts and DMs. */
const RECONCILE_POSTS = 50

export interface Brand {
  userId: string
  username: string
}

function dmConversation(reply: OutboundReply): string {
  if (!reply.conversationKey.startsWith(DM_PREFIX)) throw new ParleyError('bad_input', 'Parley does not know which X conversation this message belongs to.')
  return reply.conversationKey.slice(DM_PREFIX.length)
}

/**
 * Posts the approved text as is: a reply with reply.in_reply_to_tweet_id, or a DM in the conversation.
 * X has no idempotency key; the outbox asks reconcile() before any second attempt.
 */
export async function sendReply(api: XApi, brand: Brand, reply: OutboundReply, now: number): Promise<SendResult> {
  if (reply.kind === 'dm') {
    const conversation = dmConversation(reply)
    const eventId = await api.sendDm(conversation, reply.text)
    const item = dmToItem(
      { id: eventId, text: reply.text, sender_id: brand.userId, dm_conversation_id: conversation, created_at: new Date(now).toISOString() },
      new Map([[brand.userId, { id: brand.userId, username: brand.username }]]),
      brand.userId,
    )
    return { remoteId: eventId, permalink: null, item }
  }
  const created = await api.createPost(reply.text, reply.inReplyTo)
  const users = new Map([[brand.userId, { id: brand.userId, username: brand.username }]])
  const item = postToItem({ id: created.id, text: reply.text, author_id: brand.userId, created_at: new Date(now).toISOString(), referenced_tweets: [{ type: 'replied_to', id: reply.inReplyTo }] }, users, brand.userId, reply.kind)
  // The reply belongs to the conversation it answers, whatever X names it.
  item.conversationKey = reply.conversationKey
  return { remoteId: created.id, permalink: postUrl(brand.username, created.id), item }
}

/** Reads the account's newest posts (or DMs) for this reply: same parent (or conversation), same words. */
export async function reconcileReply(api: XApi, brand: Brand, reply: OutboundReply): Promise<ReconcileResult> {
  const wanted = comparableText(reply.text)
  try {
    if (reply.kind === 'dm') {
      const conversation = dmConversation(reply)
      const page = await api.dmEvents({ max: RECONCILE_POSTS })
      const found = page.items.find((e) => e.sender_id === brand.userId && e.dm_conversation_id === conversation && comparableText(e.text ?? '') === wanted)
      return found ? { state: 'sent', remoteId: found.id, permalink: null } : { state: 'not_sent' }
    }
    const page = await api.userPosts(brand.userId, { max: RECONCILE_POSTS, withReplies: true })
    const found = page.items.find((p) => repliedTo(p) === reply.inReplyTo && comparableText(p.text) === wanted)
    return found ? { state: 'sent', remoteId: found.id, permalink: postUrl(brand.username, found.id) } : { state: 'not_sent' }
  } catch {
    return { state: 'unknown' }
  }
}
