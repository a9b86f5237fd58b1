import { ParleyError } from '../../../../shared/contract'
import type { ModerationAction } from '../../../model/connector'
import { SlackError, type SlackApi } from './api'
import { parseMessageId } from './mapping'

/** A bot token can delete only the bot's own messages; everything else stays with the workspace's admins. */
export async function moderateSlack(api: SlackApi, action: ModerationAction): Promise<void> {
  if (action.kind !== 'delete') {
    throw new ParleyError('bad_input', "A Slack bot can only delete its own messages. Hiding, blocking or muting people is up to the workspace's admins; Parley keeps its own marks.")
  }
  const target = parseMessageId(action.remoteId)
  if (!target) throw new ParleyError('bad_input', 'That is not a Slack message.')
  try {
    await api.deleteMessage(target.channel, target.ts)
  } catch (error) {
    // Already gone is what the user wanted.
    if (error instanceof SlackError && error.code === 'message_not_found') return
    if (error instanceof SlackError && error.code === 'cant_delete_message') {
      throw new ParleyError('bad_input', 'A Slack bot can delete only its own messages; ask a workspace admin to remove this one.')
    }
    throw error
  }
}
