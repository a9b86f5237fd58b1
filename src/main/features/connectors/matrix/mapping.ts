import type { ConversationKind, NormalizedItem } from '../../../model/items'
import type { RoomEvent } from './schema'

/**
 * Matrix ids: rooms "!opaque:server", events "$opaque", users "@name:server". Parley's remote id of a
 * message is "<room id>/<event id>" because every call about an event (reply, redact) needs its room,
 * and a room id never contains "/". Conversations: a DM room is one conversation ("dm:<room>"), a
 * group room is one ("<room>"), and each thread in it is its own ("<room>/<thread root event>"), as is
 * each message that mentions the brand outside a thread (the root of the thread a reply opens).
 */

export interface MatrixIdentity {
  /** The brand's own user id ("@lumen:example.org"). */
  userId: string
  /** Homeserver base URL, for nothing but display: permalinks go to matrix.to. */
  baseUrl: string
}

export const messageRemoteId = (roomId: string, eventId: string): string => `${roomId}/${eventId}`

/** Splits "<room>/<event>" at the first "/" (event ids of old rooms may contain "/", room ids never do). */
export function splitRemoteId(remoteId: string): { roomId: string; eventId: string } | null {
  const at = remoteId.indexOf('/')
  if (at <= 0 || !remoteId.startsWith('!')) return null
  return { roomId: remoteId.slice(0, at), eventId: remoteId.slice(at + 1) }
}

/** The room a conversation key belongs to. */
export function roomOfConversation(key: string): string | null {
  const bare = key.startsWith('dm:') ? key.slice(3) : key
  const at = bare.indexOf('/')
  const room = at < 0 ? bare : bare.slice(0, at)
  return room.startsWith('!') ? room : null
}

interface Relation {
  /** The thread's root event id, when the event is in a thread. */
  threadRoot: string | null
  /** The event it answers (m.in_reply_to), or the thread root for a plain thread message. */
  inReplyTo: string | null
}

export function relationOf(content: Record<string, unknown>): Relation {
  const rel = content['m.relates_to']
  if (!rel || typeof rel !== 'object') return { threadRoot: null, inReplyTo: null }
  const r = rel as Record<string, unknown>
  const threadRoot = r.rel_type === 'm.thread' && typeof r.event_id === 'string' ? r.event_id : null
  const replyTo = r['m.in_reply_to'] && typeof r['m.in_reply_to'] === 'object' ? (r['m.in_reply_to'] as Record<string, unknown>).event_id : null
  return { threadRoot, inReplyTo: typeof replyTo === 'string' ? replyTo : threadRoot }
}

/** Whether a message names the brand: m.mentions (Matrix 1.7) or, for older clients, the user id or localpart in the text. */
export function mentions(content: Record<string, unknown>, userId: string): boolean {
  const m = content['m.mentions']
  if (m && typeof m === 'object') {
    const ids = (m as Record<string, unknown>).user_ids
    if (Array.isArray(ids) && ids.includes(userId)) return true
  }
  const body = typeof content.body === 'string' ? content.body : ''
  return body.includes(userId)
}

/** Plain text of a message; attachments named, like the other connectors do. */
export function messageText(content: Record<string, unknown>): string {
  const body = typeof content.body === 'string' ? content.body : ''
  const type = content.msgtype
  if (type === 'm.image' || type === 'm.file' || type === 'm.video' || type === 'm.audio') return `[${String(type).slice(2)}: ${body}]`
  if (type === 'm.emote') return `* ${body}`
  return body
}

const localpart = (userId: string): string => userId.replace(/^@/, '').split(':')[0] ?? userId

export function permalink(roomId: string, eventId: string): string {
  return `https://matrix.to/#/${encodeURIComponent(roomId)}/${encodeURIComponent(eventId)}`
}

/** Turns one m.room.message into an item; null for anything else (state, reactions, encrypted, edits). */
export function eventToItem(event: RoomEvent, roomId: string, isDm: boolean, me: MatrixIdentity, displayNames: ReadonlyMap<string, string>): NormalizedItem | null {
  if (event.type !== 'm.room.message') return null
  const content = event.content
  // An edit ("m.replace") repeats the message under a new event; the original stays the item.
  const rel = content['m.relates_to'] as Record<string, unknown> | undefined
  if (rel && rel.rel_type === 'm.replace') return null
  if (typeof content.body !== 'string') return null
  const relation = relationOf(content)
  const ours = event.sender === me.userId
  const addressed = !isDm && !ours && mentions(content, me.userId)
  const kind: ConversationKind = isDm ? 'dm' : addressed ? 'mention' : 'comment'
  // A mention outside a thread starts a conversation of its own (the brand's reply opens a thread on it),
  // so it reaches the mentions view instead of drowning in the room.
  const conversationKey = isDm ? `dm:${roomId}` : relation.threadRoot ? `${roomId}/${relation.threadRoot}` : addressed ? `${roomId}/${event.event_id}` : roomId
  const html = content.format === 'org.matrix.custom.html' && typeof content.formatted_body === 'string' ? content.formatted_body : null
  return {
    remoteId: messageRemoteId(roomId, event.event_id),
    conversationKey,
    parentRemoteId: relation.inReplyTo ? messageRemoteId(roomId, relation.inReplyTo) : null,
    kind,
    direction: ours ? 'out' : 'in',
    author: {
      remoteId: event.sender,
      handle: event.sender,
      displayName: displayNames.get(event.sender) || localpart(event.sender),
      avatarUrl: null,
      profileUrl: `https://matrix.to/#/${encodeURIComponent(event.sender)}`,
    },
    text: messageText(content),
    html,
    createdAt: event.origin_server_ts,
    permalink: permalink(roomId, event.event_id),
    raw: event,
  }
}
