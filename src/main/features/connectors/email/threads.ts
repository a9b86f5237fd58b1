import { createHash } from 'node:crypto'

/** "<Abc@Host>" → "abc@host": the form stored as remote ids and conversation keys. */
export function normaliseMessageId(value: string | null | undefined): string | null {
  const id = value?.trim().replace(/^<+/, '').replace(/>+$/, '').trim().toLowerCase()
  return id && id.length <= 500 && !/\s/.test(id) ? id : null
}

/** Every Message-ID in a References or In-Reply-To header, oldest first. */
export function messageIdList(header: string | null | undefined): string[] {
  const ids = (header ?? '').match(/<[^<>\s]+>/g) ?? []
  return ids.map((id) => normaliseMessageId(id)).filter((id): id is string => id !== null)
}

const REPLY_PREFIX = /^\s*((re|fwd?|aw|sv|wg|antw|tr|rif|odp)(\s*\[\d+\])?\s*:\s*)+/i

export function isReplySubject(subject: string): boolean {
  return REPLY_PREFIX.test(subject)
}

/** "Re: AW: Fwd:  Broken  pedal" → "broken pedal". */
export function normaliseSubject(subject: string | null | undefined): string {
  return (subject ?? '').replace(REPLY_PREFIX, '').replace(/\s+/g, ' ').trim().toLowerCase()
}

/** The Message-ID a message without one is known by: stable for the same message in any folder. */
export function syntheticMessageId(parts: readonly (string | number | null | undefined)[]): string {
  return `${createHash('sha256').update(parts.map((p) => String(p ?? '')).join('\n')).digest('hex').slice(0, 32)}@parley.invalid`
}

/** The Message-ID of a reply, derived from the outbox item's idempotency key: a resend carries the same one. */
export function replyMessageId(idempotencyKey: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1] ?? 'parley.invalid'
  return `${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}.parley@${domain}`
}

export interface ThreadHeaders {
  messageId: string
  inReplyTo: string | null
  references: string[]
  subject: string
  /** The customer's address: the sender of mail in, the first recipient of mail out. */
  counterpart: string
}

/** What a poll remembers between runs to thread mail whose headers are incomplete. */
export interface ThreadMemory {
  /** Message-ID → conversation key, newest last. */
  byMessageId: Record<string, string>
  /** normalised subject + counterpart → conversation key. */
  bySubject: Record<string, string>
}

const MEMORY_LIMIT = 500

function remember(map: Record<string, string>, key: string, value: string): void {
  delete map[key]
  map[key] = value
  const keys = Object.keys(map)
  for (let i = 0; i < keys.length - MEMORY_LIMIT; i++) delete map[keys[i]!]
}

/**
 * The conversation a message belongs to: the thread of any message it names (In-Reply-To, then
 * References newest first) that Parley has seen; else the thread root the headers name; else, for a
 * "Re:" without headers, the last thread with the same subject and customer; else its own thread.
 */
export function conversationKeyOf(message: ThreadHeaders, memory: ThreadMemory): string {
  const named = [message.inReplyTo, ...[...message.references].reverse()].filter((id): id is string => !!id)
  const subjectKey = `${normaliseSubject(message.subject)}|${message.counterpart}`
  let key = named.map((id) => memory.byMessageId[id]).find((k) => k !== undefined)
  key ??= message.references[0] ?? message.inReplyTo ?? undefined
  if (!key && isReplySubject(message.subject)) key = memory.bySubject[subjectKey]
  key ??= message.messageId
  remember(memory.byMessageId, message.messageId, key)
  if (normaliseSubject(message.subject)) remember(memory.bySubject, subjectKey, key)
  return key
}
