// The fake Bot API's payloads against @grammyjs/types, the maintained types of the Telegram Bot API.
// Type level: each shape the fake serves is assigned to the matching grammY type, so `vue-tsc --build`
// fails when the fake drifts from the API (a missing required field, a wrong literal, a renamed key).
// Run time: the JSON the fake actually sends carries every field those types require.
import type { ApiError, ApiSuccess, Chat, Message, Update, User, UserFromGetMe } from '@grammyjs/types'
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest'
import type {
  FakeBotUser,
  FakeChannelMessage,
  FakeChat,
  FakeError,
  FakeNonChannelMessage,
  FakeOk,
  FakeUpdate,
  FakeUser,
} from '../../../src/main/features/connectors/telegram/fake-entities'
import { startTelegramFake, type TelegramFake } from '../../../src/main/features/connectors/telegram/fake-server'

// Assignability, checked by the compiler (these never run).
type Assert<T extends true> = T
export type Checks = [
  Assert<FakeUser extends User ? true : false>,
  Assert<FakeBotUser extends UserFromGetMe ? true : false>,
  Assert<FakeChat extends Chat ? true : false>,
  Assert<FakeNonChannelMessage extends Message ? true : false>,
  Assert<FakeChannelMessage extends Message ? true : false>,
  Assert<FakeUpdate extends Update ? true : false>,
  Assert<FakeOk<FakeUpdate[]> extends ApiSuccess<Update[]> ? true : false>,
  Assert<FakeOk<FakeNonChannelMessage> extends ApiSuccess<Message> ? true : false>,
  Assert<FakeOk<true> extends ApiSuccess<true> ? true : false>,
  Assert<FakeError extends ApiError ? true : false>,
]

const open: TelegramFake[] = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()))
})

async function call(f: TelegramFake, method: string, params: Record<string, unknown> = {}, token = f.token): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${f.url}/bot${token}/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(params) })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/** The required fields of the grammY types the fake's JSON must carry (optional ones may be absent). */
function checkUser(u: unknown): void {
  expect(u).toMatchObject({ id: expect.any(Number), is_bot: expect.any(Boolean), first_name: expect.any(String) })
}
function checkChat(c: unknown): void {
  expect(c).toMatchObject({ id: expect.any(Number), type: expect.stringMatching(/^(private|group|supergroup|channel)$/) })
  const chat = c as { type: string; title?: unknown; first_name?: unknown }
  if (chat.type === 'private') expect(chat.first_name).toEqual(expect.any(String))
  else expect(chat.title).toEqual(expect.any(String))
}
function checkMessage(m: unknown): void {
  expect(m).toMatchObject({ message_id: expect.any(Number), date: expect.any(Number), chat: expect.any(Object) })
  const message = m as { chat: unknown; from?: unknown; sender_chat?: unknown; reply_to_message?: unknown; entities?: unknown[] }
  checkChat(message.chat)
  if (message.from !== undefined) checkUser(message.from)
  if (message.sender_chat !== undefined) checkChat(message.sender_chat)
  if (message.reply_to_message !== undefined) {
    checkMessage(message.reply_to_message)
    expect(message.reply_to_message).not.toHaveProperty('reply_to_message')
  }
  for (const e of message.entities ?? []) expect(e).toMatchObject({ type: expect.any(String), offset: expect.any(Number), length: expect.any(Number) })
}

describe('the fake Bot API speaks the Bot API', () => {
  it('types line up with @grammyjs/types', () => {
    expectTypeOf<FakeUpdate>().toExtend<Update>()
    expectTypeOf<FakeError>().toExtend<ApiError>()
  })

  it('getMe, getUpdates and sendMessage answers carry every required field', async () => {
    const f = await startTelegramFake()
    open.push(f)
    const me = await call(f, 'getMe')
    expect(me.body.ok).toBe(true)
    checkUser(me.body.result)
    expect(me.body.result).toMatchObject({ is_bot: true, username: expect.any(String), can_join_groups: expect.any(Boolean), can_read_all_group_messages: expect.any(Boolean), supports_inline_queries: expect.any(Boolean) })

    const updates = (await call(f, 'getUpdates')).body.result as Array<Record<string, unknown>>
    expect(updates.length).toBeGreaterThan(5)
    const payloads = ['message', 'edited_message', 'channel_post', 'edited_channel_post']
    for (const u of updates) {
      expect(u.update_id).toEqual(expect.any(Number))
      const present = payloads.filter((k) => k in u)
      expect(present).toHaveLength(1)
      checkMessage(u[present[0]!])
      if (present[0]!.startsWith('edited_')) expect((u[present[0]!] as { edit_date?: unknown }).edit_date).toEqual(expect.any(Number))
    }
    expect(new Set(updates.map((u) => payloads.find((k) => k in u)))).toEqual(new Set(['message', 'edited_message', 'channel_post']))

    const q = f.messagesIn(f.chats.riders.id)[0]!
    const sent = await call(f, 'sendMessage', { chat_id: f.chats.riders.id, text: 'Yes', reply_parameters: { message_id: q.message_id } })
    checkMessage(sent.body.result)
    expect(sent.body.result).toMatchObject({ from: { id: f.bot.id, is_bot: true }, reply_to_message: { message_id: q.message_id } })
  })

  it('errors are {"ok": false, "error_code", "description"} with the HTTP status, and 429 carries parameters.retry_after', async () => {
    const f = await startTelegramFake()
    open.push(f)
    const bad = await call(f, 'getMe', {}, '1:wrong')
    expect(bad).toEqual({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } })
    f.throttle(7)
    const slow = await call(f, 'getUpdates')
    expect(slow).toEqual({ status: 429, body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } } })
    const gone = await call(f, 'deleteMessage', { chat_id: f.chats.riders.id, message_id: 9999 })
    expect(gone.status).toBe(400)
    expect(gone.body).toMatchObject({ ok: false, error_code: 400, description: expect.stringMatching(/^Bad Request: /) })
  })
})
