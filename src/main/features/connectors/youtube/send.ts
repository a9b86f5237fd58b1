import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { OutboundReply, ReconcileResult, SendResult } from '../../../model/connector'
import { BudgetSpentError, resetOf, type MeteredBudget } from '../budget'
import type { YouTubeApi } from './api'
import { commentText, commentToItem, threadIdOf } from './mapping'
import { COST } from './quota'

const RECONCILE_PAGES = 5

function quotaSpent(budget: MeteredBudget, now: number, what: string): BudgetSpentError {
  const at = resetOf('day-pacific', now)
  return new BudgetSpentError(
    `YouTube's daily quota is spent (${budget.used(now).toLocaleString('en-US')} of ${budget.spec.limit.toLocaleString('en-US')} units), so the ${what} waits until it resets at midnight Pacific time (${new Date(at).toISOString().slice(11, 16)} UTC).`,
    at,
    'all',
  )
}

/** comments.insert (50 units) with the approved text as is; replies always answer the thread's top comment. */
export async function sendReply(api: YouTubeApi, budget: MeteredBudget, channelId: string, reply: OutboundReply, now: number): Promise<SendResult> {
  if (reply.kind === 'dm') throw new ParleyError('bad_input', 'YouTube has no private messages; answer in the comments instead.')
  if (!budget.canSend(COST.insert, now)) throw quotaSpent(budget, now, 'reply')
  const threadId = threadIdOf(reply.conversationKey, reply.inReplyTo)
  let created
  try {
    created = await api.insertReply(threadId, reply.text)
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) throw new ParleyError('not_found', 'The comment you are answering no longer exists on YouTube, so the reply was not sent.')
    throw error
  }
  const video = created.snippet.videoId
  return {
    remoteId: created.id,
    permalink: video ? `https://www.youtube.com/watch?v=${encodeURIComponent(video)}&lc=${encodeURIComponent(created.id)}` : null,
    item: commentToItem(created, threadId, channelId),
  }
}

/** Reads the thread's replies for ours (same author, same words) before anything is sent again. */
export async function reconcileReply(api: YouTubeApi, budget: MeteredBudget, channelId: string, reply: OutboundReply, now: number): Promise<ReconcileResult> {
  const threadId = threadIdOf(reply.conversationKey, reply.inReplyTo)
  let token: string | null = null
  try {
    for (let page = 0; page < RECONCILE_PAGES; page++) {
      if (!budget.canSend(COST.list, now)) return { state: 'unknown' }
      const result = await api.replies(threadId, token)
      const found = result.items.find((c) => c.snippet.authorChannelId?.value === channelId && commentText(c) === reply.text)
      if (found) {
        const video = found.snippet.videoId
        return { state: 'sent', remoteId: found.id, permalink: video ? `https://www.youtube.com/watch?v=${encodeURIComponent(video)}&lc=${encodeURIComponent(found.id)}` : null }
      }
      token = result.nextPageToken
      if (!token) return { state: 'not_sent' }
    }
  } catch {
    return { state: 'unknown' }
  }
  return { state: 'unknown' }
}

export { quotaSpent }
