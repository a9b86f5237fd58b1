import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { ConnectorContext, ModerationAction } from '../../../model/connector'
import { POST_ACTION, type DiscourseApi } from './api'
import { discourseMessage } from './classify'
import { topicOfKey } from './mapping'

/** Silencing has an end date at Discourse; "block" asks for one far enough away to mean "until lifted". */
const SILENCE_YEARS = 100

/** Gone already, or flagged already: what the user wanted has happened. */
function alreadyDone(error: unknown): boolean {
  if (!(error instanceof HttpError)) return false
  if (error.status === 404) return true
  return (error.status === 403 || error.status === 422) && /already/i.test(discourseMessage(error) ?? '')
}

async function tolerant(action: Promise<void>): Promise<void> {
  try {
    await action
  } catch (error) {
    if (alreadyDone(error)) return
    throw error
  }
}

function postId(remoteId: string): number {
  const id = Number(remoteId)
  if (!Number.isSafeInteger(id) || id <= 0) throw new ParleyError('bad_input', 'That is not a forum post.')
  return id
}

/**
 * Moderation at the forum, each through the outbox: hide and spam raise a flag (the forum hides the
 * post once its flags weigh enough; staff flags weigh most), delete removes a post, block silences
 * the author and close closes the post's topic to new replies (staff keys only).
 */
export async function moderateDiscourse(api: DiscourseApi, action: ModerationAction, ctx: ConnectorContext): Promise<void> {
  switch (action.kind) {
    case 'hide':
      return tolerant(api.flag(postId(action.remoteId), POST_ACTION.inappropriate))
    case 'spam':
      return tolerant(api.flag(postId(action.remoteId), POST_ACTION.spam))
    case 'delete':
      return tolerant(api.deletePost(postId(action.remoteId)))
    case 'block': {
      if (!ctx.account.settings.staff) {
        throw new ParleyError('bad_input', 'Only a moderator or admin of the forum can silence a user; this account is neither. Flag the post instead.')
      }
      const userId = Number(action.authorRemoteId)
      if (!Number.isSafeInteger(userId) || userId <= 0) throw new ParleyError('bad_input', 'That is not a forum user.')
      const until = new Date(ctx.clock.now() + SILENCE_YEARS * 365 * 86_400_000).toISOString()
      return tolerant(api.silence(userId, until, 'Silenced by the community team (Parley).'))
    }
    case 'close': {
      if (!ctx.account.settings.staff) {
        throw new ParleyError('bad_input', 'Only a moderator or admin of the forum can close a topic; this account is neither. Flag the post instead.')
      }
      const topicId = topicOfKey(action.conversationKey)
      if (topicId === null) throw new ParleyError('bad_input', 'That conversation is not a forum topic.')
      // Closing a closed topic answers 200 again: a retry after an unknown outcome does no harm.
      return tolerant(api.closeTopic(topicId))
    }
    case 'mute':
      throw new ParleyError('bad_input', 'Discourse mutes people only for your own notifications; Parley cannot do that for you. Flag the post or silence the user instead.')
  }
}
