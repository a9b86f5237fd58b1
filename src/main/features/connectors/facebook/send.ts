import { ParleyError } from '../../../../shared/contract'
import type { OutboundReply, ReconcileResult, SendResult } from '../../../model/connector'
import { graphError } from '../meta/classify'
import type { GraphApi } from '../meta/graph'
import { commentToItem, type FbComment } from './mapping'

const postOf = (conversationKey: string): string => conversationKey.replace(/^post:/, '')

/**
 * A comment reply: POST /{comment-id}/comments (or /{post-id}/comments for a visitor's post). The
 * text goes as approved; Facebook keeps threads two deep, so a reply to a reply lands in its thread.
 */
export async function sendComment(api: GraphApi, pageId: string, reply: OutboundReply, now: number): Promise<SendResult> {
  let created: { id?: string }
  try {
    created = await api.post<{ id?: string }>(`${reply.inReplyTo}/comments`, { message: reply.text })
  } catch (error) {
    if (graphError(error)?.code === 100 && graphError(error)?.subcode === 33) {
      throw new ParleyError('not_found', 'The comment or post you are answering no longer exists on Facebook, so the reply was not sent.')
    }
    throw error
  }
  if (!created.id) throw new ParleyError('unavailable', 'Facebook accepted the reply without saying its id.')
  const item = commentToItem(
    { id: created.id, message: reply.text, created_time: new Date(now).toISOString(), from: { id: pageId }, parent: { id: reply.inReplyTo } },
    postOf(reply.conversationKey),
    pageId,
  )
  return { remoteId: created.id, permalink: null, item }
}

/** Reads the thread the reply went to (the top-level comment's, or the post's) for the Page's comment with these exact words. */
export async function reconcileComment(api: GraphApi, pageId: string, reply: OutboundReply): Promise<ReconcileResult> {
  try {
    const onPost = reply.inReplyTo === postOf(reply.conversationKey)
    const target = onPost ? {} : await api.get<{ parent?: { id?: string } }>(reply.inReplyTo, { fields: 'parent{id}' })
    const threadId = target.parent?.id ?? reply.inReplyTo
    for await (const comments of api.pages<FbComment>(`${threadId}/comments`, { fields: 'id,message,created_time,from,permalink_url', limit: 100 }, 5)) {
      const ours = comments.find((c) => c.from?.id === pageId && c.message === reply.text)
      if (ours) return { state: 'sent', remoteId: ours.id, permalink: ours.permalink_url ?? null }
    }
    return { state: 'not_sent' }
  } catch {
    return { state: 'unknown' }
  }
}
