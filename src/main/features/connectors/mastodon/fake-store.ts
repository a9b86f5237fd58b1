// Test infrastructure: the state of a fake Mastodon instance, seen by one logged-in account (the brand).

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct'

export interface FakeAccount {
  id: string
  username: string
  /** null for accounts on this instance. */
  domain: string | null
  displayName: string
  note: string
  bot: boolean
  createdAt: number
}

export interface FakeMedia {
  type: 'image' | 'video' | 'gifv' | 'audio'
  description: string | null
}

export interface FakeStatus {
  id: string
  accountId: string
  createdAt: number
  inReplyToId: string | null
  inReplyToAccountId: string | null
  visibility: Visibility
  spoilerText: string
  /** The source text as typed. */
  text: string
  /** Rendered HTML; set verbatim for hostile-content tests. */
  html: string
  mentionIds: string[]
  editedAt: number | null
  /** Mastodon's internal conversation (the thread); replies inherit it. */
  threadId: string
  media: FakeMedia[]
  language: string | null
  deleted: boolean
}

export interface FakeNotification {
  id: string
  type: 'mention' | 'favourite' | 'reblog' | 'follow'
  createdAt: number
  accountId: string
  statusId: string | null
}

/** The brand's AccountConversation: one per thread and set of participants. */
export interface FakeConversation {
  id: string
  threadId: string
  participantIds: string[]
  statusIds: string[]
  unread: boolean
}

export interface NewStatus {
  accountId: string
  text: string
  html?: string
  inReplyToId?: string | null
  visibility?: Visibility
  spoilerText?: string
  media?: FakeMedia[]
  language?: string | null
  createdAt?: number
}

const big = (id: string): bigint => BigInt(id)
export const byIdDesc = (a: { id: string }, b: { id: string }): number => (big(a.id) < big(b.id) ? 1 : big(a.id) > big(b.id) ? -1 : 0)

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

export class FakeMastodonState {
  readonly accounts = new Map<string, FakeAccount>()
  readonly statuses = new Map<string, FakeStatus>()
  notifications: FakeNotification[] = []
  readonly conversations: FakeConversation[] = []
  readonly blocks = new Set<string>()
  readonly mutes = new Set<string>()
  /** Idempotency-Key → status id and when it was stored (Mastodon keeps it for an hour). */
  readonly idempotency = new Map<string, { statusId: string; at: number }>()
  private seq = 0
  private notificationSeq = 34_975_800
  private conversationSeq = 9_100
  private accountSeq = 109_300_000
  private threadSeq = 1

  constructor(
    readonly origin: () => string,
    readonly now: () => number,
  ) {}

  get localHost(): string {
    return new URL(this.origin()).host
  }

  /** Mastodon's snowflakes: milliseconds shifted left 16 bits plus a sequence, as decimal strings. */
  private statusId(at: number): string {
    this.seq = (this.seq + 1) & 0xffff
    return ((BigInt(Math.floor(at)) << 16n) | BigInt(this.seq)).toString()
  }

  addAccount(input: { username: string; domain?: string | null; displayName: string; note?: string; bot?: boolean }): FakeAccount {
    const account: FakeAccount = {
      id: String(this.accountSeq++),
      username: input.username,
      domain: input.domain ?? null,
      displayName: input.displayName,
      note: input.note ?? '',
      bot: input.bot ?? false,
      createdAt: Date.UTC(2022, 10, 7),
    }
    this.accounts.set(account.id, account)
    return account
  }

  account(id: string): FakeAccount {
    const found = this.accounts.get(id)
    if (!found) throw new Error(`fake Mastodon: no account ${id}`)
    return found
  }

  /** By id, "username" (local) or "username@domain". */
  findAccount(ref: string): FakeAccount | undefined {
    if (this.accounts.has(ref)) return this.accounts.get(ref)
    const [username, domain] = ref.replace(/^@/, '').toLowerCase().split('@')
    return [...this.accounts.values()].find(
      (a) => a.username.toLowerCase() === username && (domain ? a.domain === domain || (a.domain === null && domain === this.localHost) : a.domain === null),
    )
  }

  acct(a: FakeAccount): string {
    return a.domain ? `${a.username}@${a.domain}` : a.username
  }

  accountUrl(a: FakeAccount): string {
    return a.domain ? `https://${a.domain}/@${a.username}` : `${this.origin()}/@${a.username}`
  }

  /** Mastodon's formatting: paragraphs, <br />, h-card mentions, hashtags and shortened links. */
  render(text: string, mentions: FakeAccount[]): string {
    return text
      .trim()
      .split(/\n{2,}/)
      .map((para) => {
        let html = escapeHtml(para)
        html = html.replace(/https?:\/\/[^\s<]+/g, (url) => {
          const [, scheme, rest] = /^(https?:\/\/)(.*)$/.exec(url)!
          return `<a href="${url}" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">${scheme}</span><span class="">${rest}</span><span class="invisible"></span></a>`
        })
        html = html.replace(/(^|[^\w/])@([a-z0-9_]+)(?:@([a-z0-9.-]+[a-z0-9]))?/gi, (whole, lead: string, user: string, domain?: string) => {
          const account = mentions.find((m) => m.username.toLowerCase() === user.toLowerCase() && (!domain || m.domain === domain.toLowerCase() || m.domain === null))
          if (!account) return whole
          return `${lead}<span class="h-card" translate="no"><a href="${this.accountUrl(account)}" class="u-url mention">@<span>${account.username}</span></a></span>`
        })
        html = html.replace(/(^|\s)#([\p{L}\p{N}_]+)/gu, (_w, lead: string, tag: string) => {
          return `${lead}<a href="${this.origin()}/tags/${encodeURIComponent(tag.toLowerCase())}" class="mention hashtag" rel="tag">#<span>${tag}</span></a>`
        })
        return `<p>${html.replace(/\n/g, '<br />')}</p>`
      })
      .join('')
  }

  mentionedIn(text: string): FakeAccount[] {
    const found = new Map<string, FakeAccount>()
    for (const m of text.matchAll(/(?:^|[^\w/])@([a-z0-9_]+(?:@[a-z0-9.-]+[a-z0-9])?)/gi)) {
      const account = this.findAccount(m[1]!)
      if (account) found.set(account.id, account)
    }
    return [...found.values()]
  }

  createStatus(input: NewStatus, brandId: string): FakeStatus {
    const createdAt = input.createdAt ?? this.now()
    const parent = input.inReplyToId ? this.statuses.get(input.inReplyToId) : undefined
    if (input.inReplyToId && !parent) throw new Error(`fake Mastodon: no status ${input.inReplyToId}`)
    const mentions = this.mentionedIn(input.text).filter((a) => a.id !== input.accountId)
    const status: FakeStatus = {
      id: this.statusId(createdAt),
      accountId: input.accountId,
      createdAt,
      inReplyToId: parent?.id ?? null,
      inReplyToAccountId: parent?.accountId ?? null,
      visibility: input.visibility ?? 'public',
      spoilerText: input.spoilerText ?? '',
      text: input.text,
      html: input.html ?? this.render(input.text, mentions),
      mentionIds: mentions.map((a) => a.id),
      editedAt: null,
      threadId: parent?.threadId ?? `t${this.threadSeq++}`,
      media: input.media ?? [],
      language: input.language === undefined ? 'en' : input.language,
      deleted: false,
    }
    this.statuses.set(status.id, status)
    const brandInvolved = status.accountId === brandId || status.mentionIds.includes(brandId)
    if (status.accountId !== brandId && status.mentionIds.includes(brandId) && !this.blocks.has(status.accountId) && !this.mutes.has(status.accountId)) {
      this.notifications.push({ id: String(this.notificationSeq++), type: 'mention', createdAt, accountId: status.accountId, statusId: status.id })
    }
    if (status.visibility === 'direct' && brandInvolved) this.addToConversation(status, brandId)
    return status
  }

  private addToConversation(status: FakeStatus, brandId: string): void {
    const participants = [...new Set([...status.mentionIds, status.accountId])].filter((id) => id !== brandId).sort()
    let conversation = this.conversations.find((c) => c.threadId === status.threadId && c.participantIds.join() === participants.join())
    if (!conversation) {
      conversation = { id: String(this.conversationSeq++), threadId: status.threadId, participantIds: participants, statusIds: [], unread: false }
      this.conversations.push(conversation)
    }
    conversation.statusIds.push(status.id)
    conversation.unread = status.accountId !== brandId
  }

  lastStatusId(c: FakeConversation): string | null {
    const live = c.statusIds.filter((id) => !this.statuses.get(id)?.deleted)
    return live.sort((a, b) => (big(a) < big(b) ? -1 : 1)).at(-1) ?? null
  }

  edit(id: string, text: string): FakeStatus {
    const status = this.statuses.get(id)
    if (!status || status.deleted) throw new Error(`fake Mastodon: no status ${id}`)
    const mentions = this.mentionedIn(text).filter((a) => a.id !== status.accountId)
    status.text = text
    status.html = this.render(text, mentions)
    status.mentionIds = mentions.map((a) => a.id)
    status.editedAt = this.now()
    return status
  }

  /** Deleting a post takes its notifications with it, as on Mastodon. */
  remove(id: string): void {
    const status = this.statuses.get(id)
    if (!status) return
    status.deleted = true
    this.notifications = this.notifications.filter((n) => n.statusId !== id)
  }

  /** What the brand may see: its own posts, anything it is mentioned in, and public or unlisted posts. */
  visible(status: FakeStatus | undefined, brandId: string): status is FakeStatus {
    if (!status || status.deleted) return false
    if (status.accountId === brandId || status.mentionIds.includes(brandId)) return true
    return status.visibility === 'public' || status.visibility === 'unlisted'
  }

  context(id: string, brandId: string): { ancestors: FakeStatus[]; descendants: FakeStatus[] } {
    const ancestors: FakeStatus[] = []
    let parentId = this.statuses.get(id)?.inReplyToId ?? null
    while (parentId) {
      const parent = this.statuses.get(parentId)
      if (!this.visible(parent, brandId)) break
      ancestors.unshift(parent)
      parentId = parent.inReplyToId
    }
    const descendants: FakeStatus[] = []
    const walk = (parent: string): void => {
      const children = [...this.statuses.values()].filter((s) => s.inReplyToId === parent && this.visible(s, brandId)).sort((a, b) => -byIdDesc(a, b))
      for (const child of children) {
        descendants.push(child)
        walk(child.id)
      }
    }
    walk(id)
    return { ancestors, descendants }
  }
}
