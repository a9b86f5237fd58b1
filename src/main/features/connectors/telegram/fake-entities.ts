// Test infrastructure: the shapes the fake Bot API serves. tests/node/connectors/telegram-types.test.ts
// assigns each of them to @grammyjs/types (the maintained Bot API types), so a drift fails the type-check.

export interface FakeUser {
  id: number
  is_bot: boolean
  first_name: string
  last_name?: string
  username?: string
  language_code?: string
}

/** What getMe returns: a User with the bot's extra flags. */
export interface FakeBotUser extends FakeUser {
  is_bot: true
  username: string
  can_join_groups: boolean
  can_read_all_group_messages: boolean
  supports_inline_queries: boolean
  can_connect_to_business: boolean
  has_main_web_app: boolean
  has_topics_enabled: boolean
  allows_users_to_create_topics: boolean
  can_manage_bots: boolean
  supports_join_request_queries: boolean
}

export interface FakePrivateChat {
  id: number
  type: 'private'
  first_name: string
  last_name?: string
  username?: string
}
export interface FakeGroupChat {
  id: number
  type: 'group'
  title: string
}
export interface FakeSupergroupChat {
  id: number
  type: 'supergroup'
  title: string
  username?: string
  is_forum?: true
}
export interface FakeChannelChat {
  id: number
  type: 'channel'
  title: string
  username?: string
}
export type FakeChat = FakePrivateChat | FakeGroupChat | FakeSupergroupChat | FakeChannelChat

export type FakeEntity =
  | { type: 'mention' | 'hashtag' | 'bot_command' | 'url' | 'bold'; offset: number; length: number }
  | { type: 'text_mention'; offset: number; length: number; user: FakeUser }

interface FakeMessageBase {
  message_id: number
  date: number
  edit_date?: number
  message_thread_id?: number
  is_topic_message?: true
  text?: string
  entities?: FakeEntity[]
  caption?: string
  photo?: Array<{ file_id: string; file_unique_id: string; width: number; height: number }>
}

/** The message a reply points at: Telegram never nests a second level (grammY's ReplyMessage spells it `reply_to_message: undefined`; JSON drops it). */
export type FakeReplied<M> = Omit<M, 'reply_to_message'> & { reply_to_message: undefined }
export interface FakeNonChannelMessage extends FakeMessageBase {
  chat: FakePrivateChat | FakeGroupChat | FakeSupergroupChat
  from: FakeUser
  sender_chat?: FakeSupergroupChat | FakeChannelChat
  reply_to_message?: FakeReplied<FakeNonChannelMessage>
}
export interface FakeChannelMessage extends FakeMessageBase {
  chat: FakeChannelChat
  sender_chat: FakeChannelChat
  reply_to_message?: FakeReplied<FakeChannelMessage>
}
export type FakeMessage = FakeNonChannelMessage | FakeChannelMessage

export interface FakeUpdate {
  update_id: number
  message?: FakeNonChannelMessage
  edited_message?: FakeNonChannelMessage & { edit_date: number }
  channel_post?: FakeChannelMessage
  edited_channel_post?: FakeChannelMessage & { edit_date: number }
}

export interface FakeOk<T> {
  ok: true
  result: T
}
export interface FakeError {
  ok: false
  error_code: number
  description: string
  parameters?: { retry_after?: number; migrate_to_chat_id?: number }
}

export const ok = <T>(result: T): FakeOk<T> => ({ ok: true, result })
export const fail = (error_code: number, description: string, parameters?: FakeError['parameters']): FakeError => ({ ok: false, error_code, description, ...(parameters ? { parameters } : {}) })
