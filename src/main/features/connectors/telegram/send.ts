import { ParleyError } from '../../../../shared/contract'
import { HttpError, NetworkError } from '../../../base/http'
import type { ConnectorContext, OutboundReply, ReconcileResult, SendResult } from '../../../model/connector'
import type { TelegramApi } from './api'
import { plainDescription, telegramErrorOf } from './classify'
import { chatOfConversation, messageRemoteId, messageToItem, permalinkOf, splitRemoteId, type BotIdentity } from './mapping'

/**
 * Exactly once without help from Telegram: the Bot API has no idempotency key, and a bot cannot
 * read a chat's history (nor does it receive its own messages as updates), so after a lost answer
 * nothing at Telegram can say whether a message went out. Parley therefore keeps its own marks in
 * the account's settings: "attempted" is saved before sendMessage, the message id after it.
 * - No mark: the request never left, so sending (again) is safe.
 * - A message id: it went out; a repeat returns it without sending.
 * - Attempted without an id, and the failure left the outcome open (timeout, broken connection,
 *   5xx): Parley refuses to send it again and reconcile answers "unknown", so a person looks at
 *   the chat. A clear refusal from Telegram (a 4xx envelope) or a connection that never opened
 *   removes the mark: that try certainly did not post.
 */
interface SendMark {
  at: number
  remoteId?: string
  permalink?: string | null
}

const MAX_MARKS = 200

function readMarks(settings: Record<string, unknown>): Record<string, SendMark> {
  const raw = settings.sendMarks
  return raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...(raw as Record<string, SendMark>) } : {}
}

async function saveMarks(ctx: ConnectorContext, marks: Record<string, SendMark>): Promise<void> {
  // Keep the newest only: the outbox never retries a reply days later.
  const kept = Object.entries(marks)
    .sort((a, b) => b[1].at - a[1].at)
    .slice(0, MAX_MARKS)
  const sendMarks = Object.fromEntries(kept)
  // Only this key: the engine merges it into the stored settings, so a concurrent poll's keys stay.
  await ctx.saveSettings({ sendMarks })
  ctx.account.settings = { ...ctx.account.settings, sendMarks }
}

/** Whether a failed sendMessage certainly did not post. */
function certainlyNotSent(error: unknown): boolean {
  if (error instanceof HttpError) return error.status < 500 && telegramErrorOf(error).description !== null
  return error instanceof NetworkError && error.reason === 'unreachable'
}

export const UNCONFIRMED_MESSAGE =
  'An earlier try of this reply may have reached Telegram (the connection broke before Telegram answered), and the Bot API cannot look it up. Parley will not send it twice: check the chat, and send it anew if it is missing.'

export async function sendReply(api: TelegramApi, bot: BotIdentity, reply: OutboundReply, key: string, ctx: ConnectorContext): Promise<SendResult> {
  const parent = splitRemoteId(reply.inReplyTo)
  const place = chatOfConversation(reply.conversationKey)
  if (!parent || !place || parent.chatId !== place.chatId) throw new ParleyError('bad_input', 'Parley cannot tell which Telegram chat this reply belongs to, so it was not sent.')
  const marks = readMarks(ctx.account.settings)
  const mark = marks[key]
  if (mark?.remoteId) return { remoteId: mark.remoteId, permalink: mark.permalink ?? null, item: null }
  if (mark) throw new ParleyError('conflict', UNCONFIRMED_MESSAGE)
  marks[key] = { at: ctx.clock.now() }
  await saveMarks(ctx, marks)
  try {
    // No parse_mode: Telegram shows the approved text as it is, with nothing interpreted as markup.
    const sent = await api.sendMessage({
      chat_id: place.chatId,
      text: reply.text,
      reply_parameters: { message_id: parent.messageId, allow_sending_without_reply: false },
      ...(place.threadId ? { message_thread_id: place.threadId } : {}),
    })
    const remoteId = messageRemoteId(sent.chat.id, sent.message_id)
    const permalink = permalinkOf(sent.chat, sent.message_id)
    await saveMarks(ctx, { ...readMarks(ctx.account.settings), [key]: { at: ctx.clock.now(), remoteId, permalink } })
    // The reply belongs where its parent's conversation is (a mention's own conversation included).
    return { remoteId, permalink, item: { ...messageToItem(sent, bot), conversationKey: reply.conversationKey } }
  } catch (error) {
    if (certainlyNotSent(error)) {
      const left = readMarks(ctx.account.settings)
      delete left[key]
      await saveMarks(ctx, left)
      if (error instanceof HttpError && /message to be replied not found/i.test(telegramErrorOf(error).description ?? '')) {
        throw new ParleyError('not_found', 'The message you are answering was deleted on Telegram, so the reply was not sent.')
      }
      if (error instanceof HttpError && error.status === 403) {
        throw new ParleyError('bad_input', `Telegram does not let the bot post there (${plainDescription(telegramErrorOf(error).description) ?? 'forbidden'}), so the reply was not sent.`)
      }
    }
    throw error
  }
}

/** What Parley's own marks say (see above); Telegram itself cannot be asked. */
export function reconcileReply(key: string, ctx: ConnectorContext): ReconcileResult {
  const mark = readMarks(ctx.account.settings)[key]
  if (!mark) return { state: 'not_sent' }
  if (mark.remoteId) return { state: 'sent', remoteId: mark.remoteId, permalink: mark.permalink ?? null }
  return { state: 'unknown' }
}
