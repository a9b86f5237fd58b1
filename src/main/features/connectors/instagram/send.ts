import { ParleyError } from '../../../../shared/contract'
import type { OutboundReply, ReconcileResult, SendResult } from '../../../model/connector'
import { graphError } from '../meta/classify'
import type { GraphApi } from '../meta/graph'
import { commentToItem, type IgComment } from './mapping'

const mediaOf = (conversationKey: string): string => conversationKey.replace(/^media:/, '')

/** Instagram answers only top-level comments: a reply to a reply goes to its thread's top comment. */
async function threadOf(api: GraphApi, commentId: string): Promise<string> {
  const comment = await api.get<{ parent_id?: string }>(commentId, { fields: 'id,parent_id' })
  return comment.parent_id || commentId
}

export async function sendReply(api: GraphApi, brandId: string, reply: OutboundReply, now: number): Promise<SendResult> {
  if (reply.kind === 'mention' || reply.inReplyTo === mediaOf(reply.conversationKey)) {
    throw new ParleyError('bad_input', "Instagram lets Parley answer comments and messages, not a post itself. Open it on Instagram to comment there.")
  }
  let created: { id?: string }
  try {
    const top = await threadOf(api, reply.inReplyTo)
    created = await api.post<{ id?: string }>(`${top}/replies`, { message: reply.text })
  } catch (error) {
    const body = graphError(error)
    if (body?.code === 100 && body.subcode === 33) throw new ParleyError('not_found', 'The comment you are answering no longer exists on Instagram, so the reply was not sent.')
    throw error
  }
  if (!created.id) throw new ParleyError('unavailable', 'Instagram accepted the reply without saying its id.')
  const item = commentToItem({ id: created.id, text: reply.text, timestamp: new Date(now).toISOString(), from: { id: brandId }, parent_id: reply.inReplyTo }, mediaOf(reply.conversationKey), brandId)
  return { remoteId: created.id, permalink: null, item }
}

/** Reads the comment's replies for the brand's reply with these exact words. */
export async function reconcileReply(api: GraphApi, brandId: string, reply: OutboundReply): Promise<ReconcileResult> {
  try {
    const top = await threadOf(api, reply.inReplyTo)
    for await (const replies of api.pages<IgComment>(`${top}/replies`, { fields: 'id,text,timestamp,from{id,username}', limit: 50 }, 5)) {
      const ours = replies.find((r) => r.from?.id === brandId && r.text === reply.text)
      if (ours) return { state: 'sent', remoteId: ours.id, permalink: null }
    }
    return { state: 'not_sent' }
  } catch {
    return { state: 'unknown' }
  }
}
