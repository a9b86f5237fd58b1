import type { MessageFactsRow, MessageFactsStore } from '../../store/listening-facts'
import type { MessageFacts } from './text-match'

export interface LoadedFacts extends MessageFacts {
  isDemo: boolean
  /** When the author's account was created, where the platform says (spam: new accounts). */
  authorCreatedAt: number | null
}

type Obj = Record<string, unknown>
const obj = (v: unknown): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null)

/** What the platform's payload says about language, followers and account age (Mastodon statuses, Bluesky records). */
export function rawFacts(raw: string | null): { language: string | null; followers: number | null; authorCreatedAt: number | null } {
  let parsed: Obj | null
  try {
    parsed = raw ? obj(JSON.parse(raw)) : null
  } catch {
    parsed = null
  }
  if (!parsed) return { language: null, followers: null, authorCreatedAt: null }
  const status = obj(parsed.status) ?? parsed
  const account = obj(status.account) ?? obj(parsed.account) ?? obj(parsed.author)
  const record = obj(parsed.record) ?? obj(obj(parsed.post)?.record)
  const langs = record && Array.isArray(record.langs) ? record.langs : null
  const language = typeof status.language === 'string' ? status.language : typeof langs?.[0] === 'string' ? langs[0] : null
  const count = account?.followers_count ?? account?.followersCount
  const created = typeof account?.created_at === 'string' ? Date.parse(account.created_at) : NaN
  return {
    language: language ? language.toLowerCase().slice(0, 8) : null,
    followers: typeof count === 'number' && Number.isFinite(count) ? count : null,
    authorCreatedAt: Number.isFinite(created) ? created : null,
  }
}

const toFacts = (r: MessageFactsRow): LoadedFacts => ({
  messageId: r.messageId,
  conversationId: r.conversationId,
  accountId: r.accountId,
  platform: r.platform,
  accountName: r.accountName,
  accountHandle: r.accountHandle,
  isDemo: r.isDemo === 1,
  kind: r.kind,
  status: r.status,
  unread: r.unread === 1,
  assigneeId: r.assigneeId,
  assigneeName: r.assigneeName,
  tags: r.tags ? r.tags.split('\u001f') : [],
  authorName: r.authorName,
  authorHandle: r.authorHandle,
  authorRemoteId: r.authorRemoteId,
  remoteId: r.remoteId,
  conversationKey: r.conversationKey,
  text: r.text,
  subject: r.subject,
  createdAt: r.createdAt,
  sentiment: r.sentiment,
  needsReply: r.needsReply === null ? null : r.needsReply === 1,
  ...rawFacts(r.raw),
})

/** Loads message facts for the processor (new items after a watermark), dry runs (history) and moderation targets. */
export class FactsReader {
  constructor(private readonly store: MessageFactsStore) {}

  after(id: number, limit: number): LoadedFacts[] {
    return this.store.after(id, limit).map(toFacts)
  }

  /** History, newest first, below a message id (keyset paging). */
  before(id: number, limit: number): LoadedFacts[] {
    return this.store.before(id, limit).map(toFacts)
  }

  one(messageId: number): LoadedFacts | null {
    const row = this.store.one(messageId)
    return row ? toFacts(row) : null
  }

  /** The newest message from someone else in a conversation, or null. */
  latestInboundId(conversationId: number): number | null {
    return this.store.latestInboundId(conversationId)
  }

  conversationPlatform(conversationId: number): { platform: string; isDemo: boolean } | null {
    return this.store.conversationPlatform(conversationId)
  }
}
