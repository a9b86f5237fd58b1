import { missingMentions, missingMentionsMessage, ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { OutboundReply, ReconcileResult, ReplyEnvelope, ReplyParent, SendResult } from '../../../model/connector'
import type { MastodonApi, NewStatus } from './api'
import { comparableText, plainText, statusToItem, type MappingContext } from './mapping'
import { statusSchema, type MastodonStatus } from './schema'

/** How many of the brand's newest posts reconcile looks through. */
const RECONCILE_WINDOW = 40

/** A reply keeps the audience of what it answers: never wider, and a DM stays direct. */
export function replyVisibility(reply: OutboundReply, parent: MastodonStatus): NewStatus['visibility'] {
  if (reply.kind === 'dm' || parent.visibility === 'direct') return 'direct'
  if (parent.visibility === 'unlisted' || parent.visibility === 'private') return parent.visibility
  return 'public'
}

/**
 * Mastodon only delivers a reply to the accounts it mentions (a DM reaches
 * no one without them): the parent's author and the people it mentions, the
 * brand aside, in the order Mastodon's own composer puts them in front.
 */
function requiredMentions(parent: MastodonStatus, brandId: string | null): string[] {
  const people = [{ id: parent.account.id, acct: parent.account.acct }, ...parent.mentions]
  const seen = new Set<string>(brandId ? [brandId] : [])
  const out: string[] = []
  for (const p of people) {
    if (seen.has(p.id)) continue
    seen.add(p.id)
    out.push(`@${p.acct}`)
  }
  return out
}

/** The envelope of a reply from the stored parent (pure): the composer shows it before approval. */
export function mastodonReplyEnvelope(parent: ReplyParent, account: { baseUrl: string; settings: Record<string, unknown> }): ReplyEnvelope {
  const status = statusSchema.safeParse(parent.raw)
  if (!status.success) return { requiredMentions: [] }
  const brandId = typeof account.settings.accountId === 'string' ? account.settings.accountId : null
  return { requiredMentions: requiredMentions(status.data, brandId) }
}

export async function sendReply(api: MastodonApi, ctx: MappingContext, reply: OutboundReply, idempotencyKey: string): Promise<SendResult> {
  let parent: MastodonStatus
  try {
    parent = await api.status(reply.inReplyTo)
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) {
      throw new ParleyError('not_found', 'The post you are answering no longer exists on Mastodon, so the reply was not sent.')
    }
    throw error
  }
  // The text goes out exactly as approved: a mention it lacks is refused here, never added.
  const missing = missingMentions(reply.text, { requiredMentions: requiredMentions(parent, ctx.brandId), localHost: ctx.host })
  if (missing.length) throw new ParleyError('bad_input', missingMentionsMessage('Mastodon', missing))
  // Mastodon keeps the Idempotency-Key for an hour: a retry with the same key returns the same post.
  const created = await api.postStatus(
    { status: reply.text, in_reply_to_id: parent.id, visibility: replyVisibility(reply, parent) },
    idempotencyKey,
  )
  return {
    remoteId: created.id,
    permalink: created.url || created.uri || null,
    item: statusToItem(created, ctx, { kind: reply.kind, conversationKey: reply.conversationKey }),
  }
}

/**
 * Looks for our reply among the brand's newest posts, then in the thread it answers: same parent,
 * same words. The thread matters when the brand posted more than a page since (a team's laptops
 * sending a burst while one of them restarts): the newest posts alone would say not sent, and the
 * reply would go out twice.
 */
export async function reconcileReply(api: MastodonApi, ctx: MappingContext, reply: OutboundReply): Promise<ReconcileResult> {
  const wanted = comparableText(reply.text)
  const ours = (s: MastodonStatus): boolean => s.in_reply_to_id === reply.inReplyTo && s.account.id === ctx.brandId && comparableText(plainText(s.content)) === wanted
  let found: MastodonStatus | undefined
  try {
    found = (await api.accountStatuses(ctx.brandId, RECONCILE_WINDOW)).find(ours)
  } catch {
    return { state: 'unknown' }
  }
  if (!found) {
    try {
      found = (await api.context(reply.inReplyTo)).descendants.find(ours)
    } catch (error) {
      // The post answered is gone and the reply is not among the newest: nothing stands under it.
      if (error instanceof HttpError && error.status === 404) return { state: 'not_sent' }
      return { state: 'unknown' }
    }
  }
  return found ? { state: 'sent', remoteId: found.id, permalink: found.url || found.uri || null } : { state: 'not_sent' }
}
