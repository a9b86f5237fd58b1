import type { ZodType } from 'zod'
import { z } from 'zod'
import { HttpError, NetworkError, type HttpClient } from '../../../base/http'
import { envelopeSchema, messageSchema, updateSchema, userSchema, type TelegramUpdate } from './schema'

export const TELEGRAM_API = 'https://api.telegram.org'

/**
 * The Bot API puts the token in the path (/bot<token>/<method>). Errors carry their URL, and those
 * may be logged or shown, so the token is cut out of every error before it leaves this class.
 */
function redact(text: string, token: string): string {
  return token ? text.split(token).join('<bot token>') : text
}

export class TelegramApi {
  constructor(
    private readonly http: HttpClient,
    readonly apiBase: string,
    private readonly token: string,
  ) {}

  async call<T>(method: string, params: Record<string, unknown>, schema: ZodType<T>, timeoutMs?: number): Promise<T> {
    const url = `${this.apiBase}/bot${this.token}/${method}`
    let response
    try {
      response = await this.http.request(url, { method: 'POST', body: params, ...(timeoutMs ? { timeoutMs } : {}) })
    } catch (error) {
      if (error instanceof HttpError) throw new HttpError(error.status, error.headers, redact(error.body, this.token), redact(error.url, this.token), redact(error.message, this.token))
      if (error instanceof NetworkError) throw new NetworkError(redact(error.url, this.token), error.reason, redact(error.message, this.token))
      throw error
    }
    const safeUrl = redact(url, this.token)
    let body: unknown
    try {
      body = JSON.parse(response.text)
    } catch {
      throw new NetworkError(safeUrl, 'bad_body', `${new URL(url).host} did not answer like the Telegram Bot API.`)
    }
    const envelope = envelopeSchema.safeParse(body)
    if (!envelope.success) throw new NetworkError(safeUrl, 'bad_body', `${new URL(url).host} did not answer like the Telegram Bot API.`)
    if (!envelope.data.ok) {
      // An error inside a 200 (never seen, but the envelope allows it): treat it like the HTTP error it names.
      throw new HttpError(envelope.data.error_code ?? 400, response.headers, response.text, safeUrl, `${new URL(url).host} answered ${envelope.data.error_code ?? 400}`)
    }
    const parsed = schema.safeParse(envelope.data.result)
    if (!parsed.success) throw new NetworkError(safeUrl, 'bad_body', `${new URL(url).host} sent a ${method} answer Parley does not understand.`)
    return parsed.data
  }

  getMe() {
    return this.call('getMe', {}, userSchema)
  }

  /** timeout 0: a poll never holds the connection open; Telegram keeps unconfirmed updates for 24 hours. */
  getUpdates(offset: number | null, limit: number): Promise<TelegramUpdate[]> {
    return this.call(
      'getUpdates',
      { ...(offset !== null ? { offset } : {}), limit, timeout: 0, allowed_updates: ['message', 'edited_message', 'channel_post', 'edited_channel_post'] },
      z.array(updateSchema),
    )
  }

  sendMessage(params: { chat_id: number; text: string; reply_parameters?: { message_id: number; allow_sending_without_reply?: boolean }; message_thread_id?: number }) {
    return this.call('sendMessage', params, messageSchema)
  }

  deleteMessage(chatId: number, messageId: number) {
    return this.call('deleteMessage', { chat_id: chatId, message_id: messageId }, z.literal(true))
  }

  banChatMember(chatId: number, userId: number) {
    return this.call('banChatMember', { chat_id: chatId, user_id: userId, revoke_messages: false }, z.literal(true))
  }

  /** Takes every sending right away: what "mute" means in a Telegram group. */
  restrictChatMember(chatId: number, userId: number) {
    const none = {
      can_send_messages: false,
      can_send_audios: false,
      can_send_documents: false,
      can_send_photos: false,
      can_send_videos: false,
      can_send_video_notes: false,
      can_send_voice_notes: false,
      can_send_polls: false,
      can_send_other_messages: false,
      can_add_web_page_previews: false,
    }
    return this.call('restrictChatMember', { chat_id: chatId, user_id: userId, permissions: none, use_independent_chat_permissions: true }, z.literal(true))
  }
}
