import { ParleyError } from '../../../../shared/contract'
import type { ItemAuthor, NormalizedItem } from '../../../model/items'
import type { OutboundReply, PollOptions, PollResult, ReconcileResult, SendResult } from '../../../model/connector'
import { Frontier, graphTime } from './cursor'
import type { GraphApi } from './graph'

/** The Messenger Platform's standard messaging window: a reply within 24 hours of the person's last message. */
export const MESSAGING_WINDOW_MS = 24 * 3_600_000
/** With the Human Agent feature, a person may still answer for 7 days (message tag HUMAN_AGENT). */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3_600_000

/** Which inbox: Messenger for a Page, or the Instagram account's direct messages (both under the Page). */
export interface MessagingSide {
  label: string
  platform: 'messenger' | 'instagram'
  pageId: string
  /** The Page's id (Messenger) or the Instagram account's id: messages from it are ours. */
  selfId: string
  /** The person may answer late with the HUMAN_AGENT tag (settings.humanAgent). */
  humanAgent: boolean
}

interface Party {
  id?: string
  name?: string
  username?: string
}

interface MessageAnswer {
  id: string
  message?: string
  created_time?: string
  from?: Party
}

interface ThreadAnswer {
  id: string
  updated_time?: string
  participants?: { data?: Party[] }
}

const MESSAGE_FIELDS = 'id,message,created_time,from,to'
/** Conversations are listed newest first; one poll reads at most this many pages of them. */
const MAX_THREAD_PAGES = 4
const MAX_MESSAGE_PAGES = 4

export const dmKey = (threadId: string): string => `dm:${threadId}`
const threadOf = (conversationKey: string): string | null => (conversationKey.startsWith('dm:') ? conversationKey.slice(3) : null)

function author(party: Party | undefined, side: MessagingSide): ItemAuthor {
  const id = party?.id ?? 'unknown'
  if (side.platform === 'instagram') {
    const username = party?.username ?? 'instagram_user'
    return { remoteId: id, handle: `@${username}`, displayName: username, avatarUrl: null, profileUrl: `https://www.instagram.com/${encodeURIComponent(username)}` }
  }
  const name = party?.name?.trim() || 'Facebook user'
  return { remoteId: id, handle: name, displayName: name, avatarUrl: null, profileUrl: null }
}

export function messageToItem(m: MessageAnswer, threadId: string, side: MessagingSide): NormalizedItem | null {
  const createdAt = graphTime(m.created_time)
  if (!m.id || !Number.isFinite(createdAt)) return null
  return {
    remoteId: m.id,
    conversationKey: dmKey(threadId),
    parentRemoteId: null,
    kind: 'dm',
    direction: m.from?.id === side.selfId ? 'out' : 'in',
    author: author(m.from, side),
    text: typeof m.message === 'string' ? m.message : '',
    html: null,
    createdAt,
    permalink: null,
    raw: m,
  }
}

/** Conversations changed since the cursor, newest first; their new messages. */
export async function pollMessages(api: GraphApi, side: MessagingSide, rawCursor: string | null, options: PollOptions): Promise<PollResult> {
  const frontier = new Frontier(rawCursor, options.backfillSince)
  const from = frontier.from
  const items: NormalizedItem[] = []
  const threadsLeft = { more: false }
  let reachedOld = false
  threads: for await (const batch of api.pages<ThreadAnswer>(`${side.pageId}/conversations`, { platform: side.platform, fields: 'id,updated_time', limit: 25 }, MAX_THREAD_PAGES, threadsLeft)) {
    for (const thread of batch) {
      const updated = graphTime(thread.updated_time)
      if (Number.isFinite(updated) && updated < from) {
        reachedOld = true
        break threads
      }
      let done = false
      const messagesLeft = { more: false }
      for await (const messages of api.pages<MessageAnswer>(`${thread.id}/messages`, { fields: MESSAGE_FIELDS, limit: 25 }, MAX_MESSAGE_PAGES, messagesLeft)) {
        for (const m of messages) {
          const item = messageToItem(m, thread.id, side)
          if (!item) continue
          if (item.createdAt < from) {
            done = true
            break
          }
          if (frontier.take(item.remoteId, item.createdAt)) items.push(item)
        }
        if (done) break
      }
      // Newest first: more new messages in one conversation than one poll reads leaves the oldest of them unread.
      if (messagesLeft.more && !done) frontier.missed()
      options.onProgress?.(items.length)
    }
  }
  // More changed conversations than one poll reads: the least recently changed are not read.
  if (threadsLeft.more && !reachedOld) frontier.missed()
  return { items, nextCursor: frontier.cursor(), gap: frontier.gap }
}

/** The person in the conversation (the recipient of a reply) and when they last wrote. */
async function counterpart(api: GraphApi, threadId: string, side: MessagingSide): Promise<{ recipient: string; lastInbound: number | null; recent: MessageAnswer[] }> {
  const page = await api.list<MessageAnswer>(`${threadId}/messages`, { fields: 'id,message,created_time,from', limit: 25 })
  const inbound = page.data.filter((m) => m.from?.id && m.from.id !== side.selfId)
  let recipient = inbound[0]?.from?.id
  if (!recipient) {
    const thread = await api.get<ThreadAnswer>(threadId, { fields: 'participants' })
    recipient = thread.participants?.data?.find((p) => p.id && p.id !== side.selfId)?.id
  }
  if (!recipient) throw new ParleyError('not_found', `${side.label} no longer shows who is in this conversation, so the reply was not sent.`)
  const last = inbound.map((m) => graphTime(m.created_time)).find((t) => Number.isFinite(t)) ?? null
  return { recipient, lastInbound: last, recent: page.data }
}

/**
 * Sends through the Send API. Meta has no idempotency key: the outbox committed its own key first,
 * and after an unknown outcome reconcileMessage reads the conversation before any resend.
 */
export async function sendMessage(api: GraphApi, side: MessagingSide, reply: OutboundReply, now: number): Promise<SendResult> {
  const threadId = threadOf(reply.conversationKey)
  if (!threadId) throw new ParleyError('bad_input', `This is not a ${side.label} conversation Parley can answer with a message.`)
  const who = await counterpart(api, threadId, side)
  const age = who.lastInbound === null ? Infinity : now - who.lastInbound
  const late = age > MESSAGING_WINDOW_MS
  if (late && !(side.humanAgent && age <= HUMAN_AGENT_WINDOW_MS)) {
    throw new ParleyError(
      'bad_input',
      `${side.label} only accepts a reply within 24 hours of the person's last message${side.humanAgent ? ' (7 days with the Human Agent tag)' : ''}, and that window has closed. Nothing was sent.`,
    )
  }
  const body: Record<string, string> = {
    recipient: JSON.stringify({ id: who.recipient }),
    message: JSON.stringify({ text: reply.text }),
    messaging_type: late ? 'MESSAGE_TAG' : 'RESPONSE',
  }
  if (late) body.tag = 'HUMAN_AGENT'
  const sent = await api.post<{ message_id?: string }>(`${side.pageId}/messages`, body)
  if (!sent.message_id) throw new ParleyError('unavailable', `${side.label} accepted the message without saying its id.`)
  const item: NormalizedItem = {
    remoteId: sent.message_id,
    conversationKey: reply.conversationKey,
    parentRemoteId: null,
    kind: 'dm',
    direction: 'out',
    author: author({ id: side.selfId, name: side.label }, side),
    text: reply.text,
    html: null,
    createdAt: now,
    permalink: null,
  }
  return { remoteId: sent.message_id, permalink: null, item }
}

/** Looks for our message with exactly these words, newer than the message it answers. */
export async function reconcileMessage(api: GraphApi, side: MessagingSide, reply: OutboundReply): Promise<ReconcileResult> {
  const threadId = threadOf(reply.conversationKey)
  if (!threadId) return { state: 'unknown' }
  try {
    const page = await api.list<MessageAnswer>(`${threadId}/messages`, { fields: 'id,message,created_time,from', limit: 50 })
    const answered = page.data.find((m) => m.id === reply.inReplyTo)
    const after = answered ? graphTime(answered.created_time) : -Infinity
    const ours = page.data.find((m) => m.from?.id === side.selfId && m.message === reply.text && graphTime(m.created_time) >= after)
    return ours ? { state: 'sent', remoteId: ours.id, permalink: null } : { state: 'not_sent' }
  } catch {
    return { state: 'unknown' }
  }
}
