import { ParleyError } from '../../../../shared/contract'
import { HttpError } from '../../../base/http'
import type { ModerationAction } from '../../../model/connector'
import type { TelegramApi } from './api'
import { plainDescription, telegramErrorOf } from './classify'
import { splitRemoteId } from './mapping'

/**
 * Telegram moderation, each idempotent so the outbox may retry it (the bot must be an admin with
 * the right to delete messages and ban users):
 * delete → deleteMessage (already gone counts as done);
 * block → banChatMember in every group and channel the bot has seen (banning twice changes nothing);
 * mute → restrictChatMember with every sending right taken, in the supergroups it has seen
 * (Telegram restricts only in supergroups).
 * A chat where the bot lacks the right is skipped; if it lacks it everywhere, the action fails in plain words.
 */
export async function moderateTelegram(api: TelegramApi, action: ModerationAction, chats: readonly number[]): Promise<void> {
  switch (action.kind) {
    case 'delete': {
      const target = splitRemoteId(action.remoteId)
      if (!target) throw new ParleyError('bad_input', 'Parley cannot tell which Telegram chat this message is in.')
      try {
        await api.deleteMessage(target.chatId, target.messageId)
      } catch (error) {
        // Already gone is what the user wanted.
        if (error instanceof HttpError && error.status === 400 && /message to delete not found/i.test(telegramErrorOf(error).description ?? '')) return
        throw error
      }
      return
    }
    case 'block':
    case 'mute': {
      const userId = Number(action.authorRemoteId)
      if (!Number.isSafeInteger(userId) || userId <= 0) {
        throw new ParleyError('bad_input', 'That message was posted as a channel or an anonymous admin, whom Telegram cannot ban or mute. Delete the message instead.')
      }
      let done = 0
      let refusal: string | null = null
      for (const chatId of chats) {
        try {
          await (action.kind === 'block' ? api.banChatMember(chatId, userId) : api.restrictChatMember(chatId, userId))
          done++
        } catch (error) {
          if (!(error instanceof HttpError) || error.status >= 500 || error.status === 429 || error.status === 401) throw error
          // Not an admin here, a basic group (no restrictions), a user who never was here: skip this chat.
          refusal = plainDescription(telegramErrorOf(error).description)
        }
      }
      if (!done) {
        const what = action.kind === 'block' ? 'ban' : 'mute'
        throw new ParleyError('bad_input', chats.length
          ? `The bot could not ${what} this person in any of its groups${refusal ? ` (${refusal})` : ''}. Make it an admin with the right to ban users.`
          : `The bot has not seen any group yet, so there is nowhere to ${what} this person.`)
      }
      return
    }
    case 'hide':
      throw new ParleyError('bad_input', 'Telegram has no way to hide a message. Delete it or ban the author instead.')
    case 'spam':
      throw new ParleyError('bad_input', 'Telegram has no spam folder for bots; Parley keeps its own spam mark. Delete the message or ban the author instead.')
  }
}
