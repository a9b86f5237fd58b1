import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { OutboundReply, ReconcileResult, SendResult } from '../../../model/connector'
import type { DiscourseApi } from './api'
import { postPermalink, postToItem, topicOfKey, type MappingContext } from './mapping'
import type { DiscoursePost } from './schema'

/** Chunks of the topic reconcile reads after the post answered. */
const RECONCILE_CHUNKS = 5

async function parentOf(api: DiscourseApi, reply: OutboundReply): Promise<DiscoursePost> {
  const id = Number(reply.inReplyTo)
  if (!Number.isSafeInteger(id) || id <= 0) throw new ParleyError('bad_input', 'That is not a forum post Parley can answer.')
  let parent: DiscoursePost
  try {
    parent = await api.post(id)
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) {
      throw new ParleyError('not_found', 'The post you are answering no longer exists on the forum, so the reply was not sent.')
    }
    throw error
  }
  const topic = topicOfKey(reply.conversationKey)
  if (topic !== null && topic !== parent.topic_id) throw new ParleyError('bad_input', 'That post has moved to another topic; open the conversation again before replying.')
  return parent
}

/**
 * A post in the parent's topic, answering the parent. Discourse has no idempotency key: before any
 * resend the outbox asks reconcile(), which reads the topic for our post.
 */
export async function sendReply(api: DiscourseApi, mapping: MappingContext, reply: OutboundReply): Promise<SendResult> {
  const parent = await parentOf(api, reply)
  // A retry after a lost answer (a 5xx after the forum stored the post, a dropped connection) finds the
  // first post instead of posting again: the outbox retries some failures without asking reconcile.
  const existing = await findOurs(api, mapping, parent, reply.text)
  if (existing && existing !== 'unknown') {
    return {
      remoteId: String(existing.id),
      permalink: postPermalink(existing, mapping.baseUrl),
      item: postToItem(existing, mapping, { kind: reply.kind, title: null, idsByNumber: new Map([[parent.post_number, parent.id]]) }),
    }
  }
  const created = await api.createPost({ raw: reply.text, topic_id: parent.topic_id, reply_to_post_number: parent.post_number })
  return {
    remoteId: String(created.id),
    permalink: postPermalink(created, mapping.baseUrl),
    item: postToItem(created, mapping, { kind: reply.kind, title: null, idsByNumber: new Map([[parent.post_number, parent.id]]) }),
  }
}

/** Our post after the parent, answering it with exactly these words; null when the topic has none. */
async function findOurs(api: DiscourseApi, mapping: MappingContext, parent: DiscoursePost, text: string): Promise<DiscoursePost | null | 'unknown'> {
  let from = parent.post_number
  for (let chunk = 0; chunk < RECONCILE_CHUNKS; chunk++) {
    const posts = await api.postsAfter(parent.topic_id, from)
    if (!posts.length) return null
    const ours = posts.filter((p) => p.user_id === mapping.brandUserId && p.reply_to_post_number === parent.post_number && !p.deleted_at)
    for (const candidate of ours) {
      // The stream carries cooked HTML only; the raw text decides.
      const full = await api.post(candidate.id)
      if ((full.raw ?? '').trim() === text.trim()) return full
    }
    const last = Math.max(...posts.map((p) => p.post_number))
    if (last <= from) return null
    from = last
  }
  return 'unknown'
}

/** Reads the topic after the parent for a post of ours answering it with exactly the approved words. */
export async function reconcileReply(api: DiscourseApi, mapping: MappingContext, reply: OutboundReply): Promise<ReconcileResult> {
  try {
    const parent = await api.post(Number(reply.inReplyTo))
    const found = await findOurs(api, mapping, parent, reply.text)
    if (found === 'unknown') return { state: 'unknown' }
    return found ? { state: 'sent', remoteId: String(found.id), permalink: postPermalink(found, mapping.baseUrl) } : { state: 'not_sent' }
  } catch {
    return { state: 'unknown' }
  }
}
