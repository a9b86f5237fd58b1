import { ParleyError } from '../../../../shared/contract'
import type { ModerationAction } from '../../../model/connector'
import { SlackError, type SlackApi } from './api'
import { parseMessageId } from './mapping'

const gone = (error: unknown): boolean => error instanceof SlackError && error.code === 'message_not_found'
const notOurs = (error: unknown): boolean => error instanceof SlackError && error.code === 'cant_delete_message'

/**
 * A bot token can delete only the bot's own messages. Someone else's message is deleted with the
 * optional user token, which Slack allows when its person may delete others' messages (a workspace
 * admin or owner); everything else stays with the workspace's admins.
 */
export async function moderateSlack(api: SlackApi, action: ModerationAction, userApi: SlackApi | null = null): Promise<void> {
  if (action.kind !== 'delete') {
    throw new ParleyError('bad_input', "A Slack bot can only delete messages. Hiding, blocking or muting people is up to the workspace's admins; Parley keeps its own marks.")
  }
  const target = parseMessageId(action.remoteId)
  if (!target) throw new ParleyError('bad_input', 'That is not a Slack message.')
  try {
    await api.deleteMessage(target.channel, target.ts)
    return
  } catch (error) {
    // Already gone is what the user wanted.
    if (gone(error)) return
    if (!notOurs(error)) throw error
    if (!userApi) throw new ParleyError('bad_input', 'A Slack bot can delete only its own messages; ask a workspace admin to remove this one, or connect an admin\'s user token.')
  }
  try {
    await userApi.deleteMessage(target.channel, target.ts)
  } catch (error) {
    if (gone(error)) return
    if (notOurs(error)) throw new ParleyError('bad_input', 'Neither the bot nor the user token may delete this message: only a workspace admin or owner can delete other people\'s messages.')
    throw error
  }
}
