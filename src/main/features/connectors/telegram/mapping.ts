import type { ConversationKind, ItemAuthor, NormalizedItem } from '../../../model/items'
import type { TelegramChat, TelegramMessage, TelegramUser } from './schema'

/**
 * Telegram message ids count per chat, so Parley's remote id is "<chat id>/<message id>". A private
 * chat with the bot is one DM conversation ("dm:<chat>"); a group, supergroup or channel is one
 * conversation ("<chat>"), and each forum topic of a supergroup its own ("<chat>/topic/<thread>").
 * A message addressed to the bot (a mention, or a reply to the bot) is a conversation of its own
 * ("<chat>/mention/<message>"), so it reaches the mentions view instead of drowning in the group.
 */

export interface BotIdentity {
  id: number
  /** Without the "@". */
  username: string
}

export const messageRemoteId = (chatId: number, messageId: number): string => `${chatId}/${messageId}`

export function splitRemoteId(remoteId: string): { chatId: number; messageId: number } | null {
  const m = /^(-?\d+)\/(\d+)$/.exec(remoteId)
  return m ? { chatId: Number(m[1]), messageId: Number(m[2]) } : null
}

export function conversationKeyOf(message: TelegramMessage, addressed: boolean): string {
  if (message.chat.type === 'private') return `dm:${message.chat.id}`
  if (addressed) return `${message.chat.id}/mention/${message.message_id}`
  if (message.is_topic_message && message.message_thread_id) return `${message.chat.id}/topic/${message.message_thread_id}`
  return String(message.chat.id)
}

/** The chat and, in a forum, the topic a conversation key names. */
export function chatOfConversation(key: string): { chatId: number; threadId: number | null } | null {
  const m = /^(?:dm:)?(-?\d+)(?:\/topic\/(\d+)|\/mention\/\d+)?$/.exec(key)
  return m ? { chatId: Number(m[1]), threadId: m[2] ? Number(m[2]) : null } : null
}

function userName(user: TelegramUser): string {
  return [user.first_name, user.last_name].filter(Boolean).join(' ').trim() || user.username || String(user.id)
}

function authorOf(message: TelegramMessage): ItemAuthor {
  // Channel posts and anonymous admins speak as the chat itself.
  const chat: TelegramChat | undefined = message.sender_chat ?? (message.from ? undefined : message.chat)
  if (chat) {
    return {
      remoteId: String(chat.id),
      handle: chat.username ? `@${chat.username}` : chat.title || String(chat.id),
      displayName: chat.title || chat.username || String(chat.id),
      avatarUrl: null,
      profileUrl: chat.username ? `https://t.me/${chat.username}` : null,
    }
  }
  const user = message.from as TelegramUser
  return {
    remoteId: String(user.id),
    handle: user.username ? `@${user.username}` : userName(user),
    displayName: userName(user),
    avatarUrl: null,
    profileUrl: user.username ? `https://t.me/${user.username}` : null,
  }
}

/** Public chats have t.me links; private supergroups have /c/ links members can open; others none. */
export function permalinkOf(chat: TelegramChat, messageId: number): string | null {
  if (chat.type === 'private' || chat.type === 'group') return null
  if (chat.username) return `https://t.me/${chat.username}/${messageId}`
  const internal = String(chat.id).replace(/^-100/, '')
  return internal !== String(chat.id) ? `https://t.me/c/${internal}/${messageId}` : null
}

/** The text as a reader sees it; media named like the other connectors do. */
export function messageText(message: TelegramMessage): string {
  const media = message.photo ? '[photo]' : message.video ? '[video]' : message.document ? '[document]' : message.voice ? '[voice message]' : message.sticker ? `[sticker${message.sticker.emoji ? ` ${message.sticker.emoji}` : ''}]` : null
  const words = message.text ?? message.caption ?? ''
  return [media, words].filter(Boolean).join('\n')
}

/** Addressed to the bot: an @mention of its username, a text mention of it, or a reply to one of its messages. */
export function mentionsBot(message: TelegramMessage, bot: BotIdentity): boolean {
  const text = message.text ?? message.caption ?? ''
  const entities = message.entities ?? message.caption_entities ?? []
  for (const e of entities) {
    if (e.type === 'text_mention' && e.user?.id === bot.id) return true
    if (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === `@${bot.username.toLowerCase()}`) return true
  }
  return message.reply_to_message?.from?.id === bot.id
}

export function messageToItem(message: TelegramMessage, bot: BotIdentity): NormalizedItem {
  const ours = message.from?.id === bot.id
  const addressed = message.chat.type !== 'private' && !ours && mentionsBot(message, bot)
  const kind: ConversationKind = message.chat.type === 'private' ? 'dm' : addressed ? 'mention' : 'comment'
  const parent = message.reply_to_message
  // In a forum every message "replies" to the topic's first message; that is the thread, not an answer.
  const answers = parent && !(message.is_topic_message && parent.message_id === message.message_thread_id)
  return {
    remoteId: messageRemoteId(message.chat.id, message.message_id),
    conversationKey: conversationKeyOf(message, addressed),
    parentRemoteId: answers ? messageRemoteId(message.chat.id, parent.message_id) : null,
    kind,
    direction: ours ? 'out' : 'in',
    author: authorOf(message),
    text: messageText(message),
    html: null,
    createdAt: message.date * 1000,
    permalink: permalinkOf(message.chat, message.message_id),
    subject: message.chat.type === 'private' ? null : (message.chat.title ?? null),
    raw: message,
  }
}
