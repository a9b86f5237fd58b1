/**
 * What a new message does to its conversation's list fields: the rules the inbox's views, counts and
 * wait clock follow. Pure, so the ingest writer can apply a whole batch's messages to a conversation in
 * memory and write the row once, with the same result as writing it after every message.
 */
export interface ConversationActivity {
  status: 'open' | 'pending' | 'snoozed' | 'done'
  snoozedUntil: number | null
  contactId: number | null
  authorName: string
  authorHandle: string
  preview: string
  unread: 0 | 1
  messageCount: number
  waitingSince: number | null
  firstReplyAt: number | null
  lastActivityAt: number
}

export interface InboundActivity {
  at: number
  preview: string
  authorName: string
  authorHandle: string
  contactId: number | null
}

/** A conversation that exists from its first message on: open, read, nothing waiting yet. */
export function newConversationActivity(at: number, opener: { authorName: string; authorHandle: string; contactId: number | null } | null): ConversationActivity {
  return {
    status: 'open',
    snoozedUntil: null,
    contactId: opener?.contactId ?? null,
    authorName: opener?.authorName ?? '',
    authorHandle: opener?.authorHandle ?? '',
    preview: '',
    unread: 0,
    messageCount: 0,
    waitingSince: null,
    firstReplyAt: null,
    lastActivityAt: at,
  }
}

/**
 * New inbound activity reopens a done or pending conversation, wakes a snoozed one, and starts the
 * wait clock if it was not running. The header (preview, author, contact) follows the newest message,
 * so a late-arriving older one changes only the counts.
 */
export function applyInbound(s: ConversationActivity, m: InboundActivity): void {
  const newest = m.at >= s.lastActivityAt
  s.messageCount += 1
  s.unread = 1
  if (s.status !== 'open') s.status = 'open'
  s.snoozedUntil = null
  s.waitingSince ??= m.at
  if (newest) {
    s.preview = m.preview
    s.authorName = m.authorName
    s.authorHandle = m.authorHandle
  }
  // The contact follows the person the header names (the newest inbound author), so Contact opens them.
  s.contactId = newest && m.contactId !== null ? m.contactId : (s.contactId ?? m.contactId)
  s.lastActivityAt = Math.max(s.lastActivityAt, m.at)
}

/** A reply from the brand stops the wait clock it answers and records the first response. */
export function applyOutbound(s: ConversationActivity, at: number): void {
  const waiting = s.waitingSince
  s.messageCount += 1
  if (s.firstReplyAt === null && waiting !== null) s.firstReplyAt = at
  if (waiting !== null && waiting <= at) s.waitingSince = null
  s.lastActivityAt = Math.max(s.lastActivityAt, at)
}

/** A context post (the post a comment answers) counts, but is not activity. */
export function applyContext(s: ConversationActivity): void {
  s.messageCount += 1
}
