import type { ConversationKind, ItemAuthor, NormalizedItem } from '../../../model/items'
import { htmlToText } from '../../../model/sanitize'
import type { MastodonAccount, MastodonStatus } from './schema'

/** Who "we" are on this instance: needed to tell the brand's posts from everyone else's. */
export interface MappingContext {
  /** Host of the instance, added to local accounts' handles. */
  host: string
  /** The brand's own Mastodon account id. */
  brandId: string
}

export interface Placement {
  kind: ConversationKind
  conversationKey: string
  isContext?: boolean
}

/** "@user@host" for everyone: local accounts' acct has no domain. */
export function handleOf(acct: string, host: string): string {
  const bare = acct.replace(/^@/, '')
  return bare.includes('@') ? `@${bare}` : `@${bare}@${host}`
}

export function authorOf(account: MastodonAccount, host: string): ItemAuthor {
  return {
    remoteId: account.id,
    handle: handleOf(account.acct, host),
    displayName: account.display_name?.trim() || account.username,
    avatarUrl: account.avatar || null,
    profileUrl: account.url || null,
  }
}

/** htmlToText decodes entities exactly once ("&amp;lt;" stays "&lt;"). */
export function plainText(html: string | null | undefined): string {
  return html ? htmlToText(html) : ''
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

/** Plain text as a reader would see it: content warning first, attachments named (with alt text) last. */
export function statusText(status: MastodonStatus): string {
  const parts: string[] = []
  const spoiler = status.spoiler_text?.trim()
  if (spoiler) parts.push(`CW: ${spoiler}`)
  const body = plainText(status.content)
  if (body) parts.push(body)
  const media = status.media_attachments.map((m) => `[${m.type}${m.description?.trim() ? `: ${m.description.trim()}` : ''}]`)
  if (media.length) parts.push(media.join('\n'))
  return parts.join('\n\n')
}

/** Mastodon's HTML (still untrusted: ingest sanitises it), with the content warning shown first. */
export function statusHtml(status: MastodonStatus): string | null {
  const spoiler = status.spoiler_text?.trim()
  const content = status.content ?? ''
  const html = spoiler ? `<p>CW: ${escapeHtml(spoiler)}</p>${content}` : content
  return html || null
}

export function statusToItem(status: MastodonStatus, ctx: MappingContext, place: Placement): NormalizedItem {
  const item: NormalizedItem = {
    remoteId: status.id,
    conversationKey: place.conversationKey,
    parentRemoteId: status.in_reply_to_id ?? null,
    kind: place.kind,
    direction: status.account.id === ctx.brandId ? 'out' : 'in',
    author: authorOf(status.account, ctx.host),
    text: statusText(status),
    html: statusHtml(status),
    createdAt: Date.parse(status.created_at),
    permalink: status.url || status.uri || null,
    raw: status,
  }
  if (place.isContext) item.isContext = true
  return item
}

export function dmConversationKey(conversationId: string): string {
  return `dm:${conversationId}`
}

/**
 * Text reduced to what survives Mastodon's formatting, to recognise our own
 * post: mentions render as "@user" without the domain, and line breaks
 * become paragraphs, so both are dropped before comparing.
 */
export function comparableText(text: string): string {
  return text
    .replace(/(^|\s)@[\w.-]+(@[\w.-]+)?/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}
