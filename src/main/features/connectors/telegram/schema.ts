import { z } from 'zod'

/**
 * The parts of the Telegram Bot API Parley reads (core.telegram.org/bots/api), loose on purpose:
 * Telegram adds fields every few months, and everything from it is untrusted.
 */

export const userSchema = z
  .object({ id: z.number(), is_bot: z.boolean(), first_name: z.string(), last_name: z.string().optional(), username: z.string().optional() })
  .passthrough()
export type TelegramUser = z.infer<typeof userSchema>

export const chatSchema = z
  .object({
    id: z.number(),
    type: z.enum(['private', 'group', 'supergroup', 'channel']),
    title: z.string().optional(),
    username: z.string().optional(),
    first_name: z.string().optional(),
    last_name: z.string().optional(),
  })
  .passthrough()
export type TelegramChat = z.infer<typeof chatSchema>

const entitySchema = z.object({ type: z.string(), offset: z.number(), length: z.number(), user: userSchema.optional() }).passthrough()

const baseMessage = z
  .object({
    message_id: z.number(),
    message_thread_id: z.number().optional(),
    is_topic_message: z.boolean().optional(),
    date: z.number(),
    edit_date: z.number().optional(),
    chat: chatSchema,
    from: userSchema.optional(),
    sender_chat: chatSchema.optional(),
    text: z.string().optional(),
    caption: z.string().optional(),
    entities: z.array(entitySchema).optional(),
    caption_entities: z.array(entitySchema).optional(),
    photo: z.array(z.unknown()).optional(),
    video: z.unknown().optional(),
    document: z.unknown().optional(),
    sticker: z.object({ emoji: z.string().optional() }).passthrough().optional(),
    voice: z.unknown().optional(),
  })
  .passthrough()

export const messageSchema = baseMessage.extend({ reply_to_message: baseMessage.optional() })
export type TelegramMessage = z.infer<typeof messageSchema>

export const updateSchema = z
  .object({
    update_id: z.number(),
    message: z.unknown().optional(),
    edited_message: z.unknown().optional(),
    channel_post: z.unknown().optional(),
    edited_channel_post: z.unknown().optional(),
  })
  .passthrough()
export type TelegramUpdate = z.infer<typeof updateSchema>

/** Every answer is an envelope: { ok: true, result } or { ok: false, error_code, description, parameters }. */
export const envelopeSchema = z
  .object({
    ok: z.boolean(),
    result: z.unknown().optional(),
    error_code: z.number().optional(),
    description: z.string().optional(),
    parameters: z.object({ retry_after: z.number().optional(), migrate_to_chat_id: z.number().optional() }).passthrough().optional(),
  })
  .passthrough()
