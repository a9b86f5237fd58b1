import type { PollOptions, PollResult } from '../../../model/connector'
import type { NormalizedItem } from '../../../model/items'
import type { TelegramApi } from './api'
import { messageToItem, type BotIdentity } from './mapping'
import { messageSchema, type TelegramUpdate } from './schema'

/** Telegram's largest page. */
export const UPDATES_PER_POLL = 100

/**
 * The cursor is the next offset (last update_id + 1). Asking with it confirms every earlier update
 * to Telegram, which then forgets them; so the offset only moves after the items are handed to
 * ingest (the engine stores the cursor with the items). Telegram keeps unconfirmed updates for
 * 24 hours and has no history for bots: the first poll sees what is pending, no more.
 */
export function readOffset(cursor: string | null): number | null {
  if (!cursor || !/^\d+$/.test(cursor)) return null
  return Number(cursor)
}

function messageOf(update: TelegramUpdate): unknown {
  return update.message ?? update.edited_message ?? update.channel_post ?? update.edited_channel_post
}

export interface UpdatesOutcome extends PollResult {
  /** Group, supergroup and channel chats seen, for moderation that needs a chat. */
  chats: number[]
}

export async function pollUpdates(api: TelegramApi, bot: BotIdentity, cursor: string | null, options: PollOptions): Promise<UpdatesOutcome> {
  const offset = readOffset(cursor)
  const updates = await api.getUpdates(offset, UPDATES_PER_POLL)
  const items: NormalizedItem[] = []
  const chats = new Set<number>()
  let last = offset !== null ? offset - 1 : null
  for (const update of updates) {
    last = Math.max(last ?? update.update_id, update.update_id)
    const parsed = messageSchema.safeParse(messageOf(update))
    // A kind of update Parley does not follow (or one it cannot read) is still confirmed, so it never blocks the queue.
    if (!parsed.success) continue
    const message = parsed.data
    if (message.chat.type !== 'private') chats.add(message.chat.id)
    // An edit arrives under the same message id: ingest updates the stored text.
    items.push(messageToItem(message, bot))
  }
  options.onProgress?.(items.length)
  return {
    items,
    nextCursor: last !== null ? String(last + 1) : null,
    chats: [...chats],
    ...(updates.length >= UPDATES_PER_POLL ? { more: true } : {}),
  }
}
