// Test infrastructure: a Telegram Bot API on loopback for connector tests and end-to-end runs; never imported by the app.
import type { ServerResponse } from 'node:http'
import { sendJson, startFakeServer, type FakeServer, type RecordedRequest } from '../testing/fake-http'
import {
  fail,
  ok,
  type FakeBotUser,
  type FakeChannelChat,
  type FakeChannelMessage,
  type FakeChat,
  type FakeEntity,
  type FakeGroupChat,
  type FakeMessage,
  type FakeNonChannelMessage,
  type FakePrivateChat,
  type FakeReplied,
  type FakeSupergroupChat,
  type FakeUpdate,
  type FakeUser,
} from './fake-entities'
import { seedStory } from './fake-seed'

export type { FakeMessage, FakeUpdate, FakeUser } from './fake-entities'

/** What to type in the "add account" form against the fake (digits, a colon, 35 characters, like BotFather's). */
export const DEFAULT_FAKE_BOT_TOKEN = '7000000001:AAFakeTokenForParleyTests_0123456789a'

export interface TelegramFakeOptions {
  token?: string
  /** Seed the default "Lumen Bikes" story (a riders' supergroup, a channel, DMs, spam). Default true. */
  seed?: boolean
  /** The Bot API's clock (ms). */
  now?: () => number
}

export type PersonKey = 'ines' | 'juergen' | 'hanako' | 'zed'

export interface TelegramFake extends FakeServer {
  readonly token: string
  readonly bot: FakeBotUser
  readonly people: Record<PersonKey, FakeUser>
  /** The riders' supergroup (public, @lumenriders), a basic group and the brand's channel; the bot is admin in the supergroup and the channel. */
  readonly chats: { riders: FakeSupergroupChat; workshop: FakeGroupChat; news: FakeChannelChat }
  /** Another person who may write in the chats. */
  addPerson(input: { firstName: string; lastName?: string; username?: string }): FakeUser
  /** The private chat of a person with the bot (Telegram's id of it is the person's id). */
  dmChat(user: FakeUser): FakePrivateChat
  /** Someone posts in a chat: the message and its update. */
  post(input: { chat: FakeChat; from?: FakeUser; text: string; replyTo?: number; entities?: FakeEntity[]; threadId?: number; at?: number }): FakeMessage
  /** A direct message to the bot. */
  dm(from: FakeUser, text: string): FakeMessage
  /** The author edits a message: an edited_message (or edited_channel_post) update. */
  edit(chatId: number, messageId: number, text: string): FakeMessage
  /** Messages still in a chat, oldest first. */
  messagesIn(chatId: number): FakeMessage[]
  /** Messages the bot sent (sendMessage), oldest first. */
  sentByBot(): FakeMessage[]
  /** Updates not yet confirmed by an offset. */
  pending(): FakeUpdate[]
  setAdmin(chatId: number, admin: boolean): void
  /** The person blocked the bot: sendMessage to their DM answers 403. */
  blockBot(user: FakeUser): void
  /** Answers the next `times` requests with 429 and parameters.retry_after. */
  throttle(retryAfterSeconds: number, times?: number, method?: string): void
  revokeToken(): void
  readonly banned: ReadonlyMap<number, ReadonlySet<number>>
  readonly restricted: ReadonlyMap<number, ReadonlySet<number>>
}

type Params = Record<string, unknown>

/** The Bot API takes JSON, form fields or the query string; the fake reads all three. */
function paramsOf(req: RecordedRequest): Params {
  const out: Params = Object.fromEntries(req.query)
  const type = String(req.headers['content-type'] ?? '')
  if (req.body && type.includes('application/json')) Object.assign(out, JSON.parse(req.body) as Params)
  else if (req.body) {
    for (const [k, v] of new URLSearchParams(req.body)) {
      try {
        out[k] = JSON.parse(v)
      } catch {
        out[k] = v
      }
    }
  }
  return out
}

const key = (chatId: number, messageId: number): string => `${chatId}/${messageId}`

export async function startTelegramFake(options: TelegramFakeOptions = {}): Promise<TelegramFake> {
  let token = options.token ?? DEFAULT_FAKE_BOT_TOKEN
  const now = options.now ?? Date.now
  const seconds = (at?: number): number => Math.floor((at ?? now()) / 1000)
  const bot: FakeBotUser = {
    id: Number(token.split(':')[0]),
    is_bot: true,
    first_name: 'Lumen Bikes',
    username: 'lumenbikes_bot',
    can_join_groups: true,
    can_read_all_group_messages: true,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  }
  const people: Record<PersonKey, FakeUser> = {
    ines: { id: 1001, is_bot: false, first_name: 'Inês', last_name: 'Araújo', username: 'ines_rides', language_code: 'pt' },
    juergen: { id: 1002, is_bot: false, first_name: 'Jürgen', last_name: 'Weiß 🚴', username: 'juergen' },
    hanako: { id: 1003, is_bot: false, first_name: '花子', last_name: '山田' },
    // Names are plain text on Telegram; a hostile one must still render as text.
    zed: { id: 1004, is_bot: false, first_name: `Zed <img src=x onerror=alert(1)>`, username: 'cheap_watches_zed' },
  }
  const chats = {
    riders: { id: -1001234567890, type: 'supergroup', title: 'Lumen Riders', username: 'lumenriders' } satisfies FakeSupergroupChat as FakeSupergroupChat,
    workshop: { id: -4001234567, type: 'group', title: 'Lumen Workshop' } satisfies FakeGroupChat as FakeGroupChat,
    news: { id: -1009876543210, type: 'channel', title: 'Lumen News', username: 'lumennews' } satisfies FakeChannelChat as FakeChannelChat,
  }
  const admins = new Set<number>([chats.riders.id, chats.news.id])
  const blockedBy = new Set<number>()
  const banned = new Map<number, Set<number>>()
  const restricted = new Map<number, Set<number>>()
  const messages = new Map<string, FakeMessage>()
  const deleted = new Set<string>()
  const nextMessageId = new Map<number, number>()
  const sent: FakeMessage[] = []
  let updates: FakeUpdate[] = []
  let nextUpdateId = 500_000_001

  const newMessageId = (chatId: number): number => {
    const id = nextMessageId.get(chatId) ?? 1
    nextMessageId.set(chatId, id + 1)
    return id
  }
  const extra: FakeUser[] = []
  const chatById = (id: number): FakeChat | undefined =>
    [chats.riders, chats.workshop, chats.news].find((c) => c.id === id) ??
    [...Object.values(people), ...extra].map(dmChatOf).find((c) => c.id === id)
  function dmChatOf(user: FakeUser): FakePrivateChat {
    return { id: user.id, type: 'private', first_name: user.first_name, ...(user.last_name ? { last_name: user.last_name } : {}), ...(user.username ? { username: user.username } : {}) }
  }
  const live = (chatId: number, messageId: number): FakeMessage | undefined => {
    const k = key(chatId, messageId)
    return deleted.has(k) ? undefined : messages.get(k)
  }
  /** A reply carries its parent without the parent's own parent. */
  const replied = <M extends FakeMessage>(m: M): FakeReplied<M> => {
    const { reply_to_message: _nested, ...rest } = m
    return { ...rest, reply_to_message: undefined }
  }

  function makeMessage(input: { chat: FakeChat; from?: FakeUser; text: string; replyTo?: number; entities?: FakeEntity[]; threadId?: number; at?: number }): FakeMessage {
    const base = {
      message_id: newMessageId(input.chat.id),
      date: seconds(input.at),
      text: input.text,
      ...(input.entities?.length ? { entities: input.entities } : {}),
      ...(input.threadId ? { message_thread_id: input.threadId, is_topic_message: true as const } : {}),
    }
    const parent = input.replyTo !== undefined ? live(input.chat.id, input.replyTo) : undefined
    let message: FakeMessage
    if (input.chat.type === 'channel') {
      const m: FakeChannelMessage = { ...base, chat: input.chat, sender_chat: input.chat }
      if (parent && parent.chat.type === 'channel') m.reply_to_message = replied(parent as FakeChannelMessage)
      message = m
    } else {
      const m: FakeNonChannelMessage = { ...base, chat: input.chat, from: input.from ?? people.ines }
      if (parent && parent.chat.type !== 'channel') m.reply_to_message = replied(parent as FakeNonChannelMessage)
      message = m
    }
    messages.set(key(message.chat.id, message.message_id), message)
    return message
  }

  function post(input: Parameters<TelegramFake['post']>[0]): FakeMessage {
    const message = makeMessage(input)
    updates.push(message.chat.type === 'channel' ? { update_id: nextUpdateId++, channel_post: message as FakeChannelMessage } : { update_id: nextUpdateId++, message: message as FakeNonChannelMessage })
    return message
  }

  function edit(chatId: number, messageId: number, text: string): FakeMessage {
    const found = messages.get(key(chatId, messageId))
    if (!found) throw new Error(`no message ${chatId}/${messageId}`)
    const editDate = seconds()
    const changed = { ...found, text, edit_date: editDate }
    messages.set(key(chatId, messageId), changed)
    updates.push(
      changed.chat.type === 'channel'
        ? { update_id: nextUpdateId++, edited_channel_post: { ...(changed as FakeChannelMessage), edit_date: editDate } }
        : { update_id: nextUpdateId++, edited_message: { ...(changed as FakeNonChannelMessage), edit_date: editDate } },
    )
    return changed
  }

  const numberOf = (value: unknown): number | null => {
    const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value
    return typeof n === 'number' && Number.isSafeInteger(n) ? n : null
  }
  const chatParam = (p: Params): FakeChat | undefined => {
    if (typeof p.chat_id === 'string' && p.chat_id.startsWith('@')) return [chats.riders, chats.news].find((c) => `@${c.username}` === p.chat_id)
    const id = numberOf(p.chat_id)
    return id === null ? undefined : chatById(id)
  }

  type Answer = { status: number; body: unknown }
  const answer = (result: unknown): Answer => ({ status: 200, body: ok(result) })
  const error = (code: number, description: string): Answer => ({ status: code, body: fail(code, description) })

  const methods: Record<string, (p: Params) => Answer> = {
    getMe: () => answer(bot),
    getUpdates(p) {
      const offset = numberOf(p.offset)
      // An offset confirms every update before it: Telegram forgets them.
      if (offset !== null && offset > 0) updates = updates.filter((u) => u.update_id >= offset)
      const limit = Math.min(100, Math.max(1, numberOf(p.limit) ?? 100))
      const allowed = Array.isArray(p.allowed_updates) && p.allowed_updates.length ? new Set(p.allowed_updates as string[]) : null
      const visible = updates.filter((u) => !allowed || Object.keys(u).some((k) => k !== 'update_id' && allowed.has(k)))
      return answer(visible.slice(0, limit))
    },
    sendMessage(p) {
      const chat = chatParam(p)
      if (!chat) return error(400, 'Bad Request: chat not found')
      const text = typeof p.text === 'string' ? p.text : ''
      if (!text.trim()) return error(400, 'Bad Request: message text is empty')
      if (text.length > 4096) return error(400, 'Bad Request: message is too long')
      if (chat.type === 'private' && blockedBy.has(chat.id)) return error(403, 'Forbidden: bot was blocked by the user')
      if (chat.type === 'channel' && !admins.has(chat.id)) return error(400, 'Bad Request: need administrator rights in the channel chat')
      const rp = p.reply_parameters as { message_id?: unknown; allow_sending_without_reply?: unknown } | undefined
      const replyTo = rp ? numberOf(rp.message_id) : null
      if (replyTo !== null && !live(chat.id, replyTo) && rp?.allow_sending_without_reply !== true) return error(400, 'Bad Request: message to be replied not found')
      const threadId = numberOf(p.message_thread_id)
      const message = makeMessage({ chat, from: bot, text, ...(replyTo !== null && live(chat.id, replyTo) ? { replyTo } : {}), ...(threadId ? { threadId } : {}) })
      sent.push(message)
      // Bots never receive their own messages as updates.
      return answer(message)
    },
    deleteMessage(p) {
      const chat = chatParam(p)
      const id = numberOf(p.message_id)
      if (!chat) return error(400, 'Bad Request: chat not found')
      const message = id === null ? undefined : live(chat.id, id)
      if (!message || id === null) return error(400, 'Bad Request: message to delete not found')
      const own = 'from' in message && message.from?.id === bot.id
      if (!own && chat.type !== 'private' && !admins.has(chat.id)) return error(400, "Bad Request: message can't be deleted")
      deleted.add(key(chat.id, id))
      return answer(true)
    },
    banChatMember: (p) => memberAction(p, banned, false),
    restrictChatMember: (p) => memberAction(p, restricted, true),
  }

  function memberAction(p: Params, into: Map<number, Set<number>>, supergroupOnly: boolean): Answer {
    const chat = chatParam(p)
    const userId = numberOf(p.user_id)
    if (!chat) return error(400, 'Bad Request: chat not found')
    if (userId === null) return error(400, 'Bad Request: invalid user_id specified')
    if (chat.type === 'private') return error(400, "Bad Request: chat member status can't be changed in private chats")
    if (supergroupOnly && chat.type !== 'supergroup') return error(400, 'Bad Request: method is available only for supergroups')
    if (supergroupOnly && (typeof p.permissions !== 'object' || p.permissions === null)) return error(400, 'Bad Request: invalid permissions specified')
    if (!admins.has(chat.id)) return error(400, 'Bad Request: not enough rights to restrict/unrestrict chat member')
    if (userId === bot.id) return error(400, "Bad Request: can't restrict self")
    const set = into.get(chat.id) ?? new Set<number>()
    set.add(userId)
    into.set(chat.id, set)
    return answer(true)
  }

  const route = (req: RecordedRequest, res: ServerResponse): void => {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.path)
    if (!m) return sendJson(res, 404, fail(404, 'Not Found'))
    if (m[1] !== token) return sendJson(res, 401, fail(401, 'Unauthorized'))
    const method = methods[m[2]!]
    if (!method) return sendJson(res, 404, fail(404, 'Not Found'))
    let params: Params
    try {
      params = paramsOf(req)
    } catch {
      return sendJson(res, 400, fail(400, "Bad Request: can't parse JSON object"))
    }
    const { status, body } = method(params)
    sendJson(res, status, body)
  }

  const server = await startFakeServer(route)
  const fake: TelegramFake = {
    ...server,
    get token() {
      return token
    },
    bot,
    people,
    chats,
    addPerson(input) {
      const user: FakeUser = { id: 2000 + extra.length, is_bot: false, first_name: input.firstName, ...(input.lastName ? { last_name: input.lastName } : {}), ...(input.username ? { username: input.username } : {}) }
      extra.push(user)
      return user
    },
    dmChat: dmChatOf,
    post,
    dm: (from, text) => post({ chat: dmChatOf(from), from, text }),
    edit,
    messagesIn: (chatId) => [...messages.values()].filter((m) => m.chat.id === chatId && !deleted.has(key(chatId, m.message_id))),
    sentByBot: () => [...sent],
    pending: () => [...updates],
    setAdmin(chatId, admin) {
      if (admin) admins.add(chatId)
      else admins.delete(chatId)
    },
    blockBot(user) {
      blockedBy.add(user.id)
    },
    throttle(retryAfter, times = 1, method) {
      server.inject(
        (r) => !method || r.path.endsWith(`/${method}`),
        (_req, res) => sendJson(res, 429, fail(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter })),
        times,
      )
    },
    revokeToken() {
      token = `${bot.id}:AARevoked${Math.random().toString(36).slice(2).padEnd(26, 'x')}`
    },
    banned,
    restricted,
  }
  if (options.seed !== false) seedStory(fake)
  return fake
}
