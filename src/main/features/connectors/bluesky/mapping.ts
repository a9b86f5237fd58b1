import { AtUri, type AppBskyNotificationListNotifications, type ChatBskyConvoDefs } from '@atproto/api'
import type { ConversationKind, ItemAuthor, NormalizedItem } from '../../../model/items'
import { facetsToHtml } from './richtext'

/** The profile fields we read; every view (ProfileView, ProfileViewBasic, chat's) has them. */
export interface ProfileLike {
  did: string
  handle?: string
  displayName?: string
  avatar?: string
}

export interface StrongRef {
  uri: string
  cid: string
}

/** The fields of an app.bsky.feed.post record we use, checked (records are untrusted). */
export interface PostRecord {
  text: string
  createdAt: string | null
  reply: { root: StrongRef; parent: StrongRef } | null
  facets: unknown
  embed: unknown
}

/** A post as any view carries it: notification, postView, or one we just wrote. */
export interface PostInput {
  uri: string
  cid: string
  author: ProfileLike
  record: unknown
  indexedAt?: string
}

export const POST_COLLECTION = 'app.bsky.feed.post'

export function parseAtUri(uri: string): { did: string; collection: string; rkey: string } | null {
  try {
    const parsed = new AtUri(uri)
    return parsed.host && parsed.collection && parsed.rkey ? { did: parsed.host, collection: parsed.collection, rkey: parsed.rkey } : null
  } catch {
    return null
  }
}

export function isOwnUri(uri: string, ownDid: string): boolean {
  return parseAtUri(uri)?.did === ownDid
}

function asStrongRef(value: unknown): StrongRef | null {
  if (typeof value !== 'object' || value === null) return null
  const { uri, cid } = value as { uri?: unknown; cid?: unknown }
  return typeof uri === 'string' && typeof cid === 'string' ? { uri, cid } : null
}

export function readPostRecord(value: unknown): PostRecord | null {
  if (typeof value !== 'object' || value === null) return null
  const record = value as { text?: unknown; createdAt?: unknown; reply?: { root?: unknown; parent?: unknown }; facets?: unknown; embed?: unknown }
  const root = asStrongRef(record.reply?.root)
  const parent = asStrongRef(record.reply?.parent)
  return {
    text: typeof record.text === 'string' ? record.text : '',
    createdAt: typeof record.createdAt === 'string' ? record.createdAt : null,
    reply: root && parent ? { root, parent } : null,
    facets: record.facets,
    embed: record.embed,
  }
}

function usableHandle(profile: ProfileLike): string | null {
  return profile.handle && profile.handle !== 'handle.invalid' ? profile.handle : null
}

export function profileUrl(profile: ProfileLike): string {
  return `https://bsky.app/profile/${encodeURIComponent(usableHandle(profile) ?? profile.did)}`
}

export function postPermalink(uri: string, author: ProfileLike): string | null {
  const parsed = parseAtUri(uri)
  return parsed ? `${profileUrl(author)}/post/${encodeURIComponent(parsed.rkey)}` : null
}

export function mapAuthor(profile: ProfileLike): ItemAuthor {
  const handle = usableHandle(profile) ?? profile.did
  return {
    remoteId: profile.did,
    handle,
    displayName: profile.displayName?.trim() || handle,
    avatarUrl: profile.avatar ?? null,
    profileUrl: profileUrl(profile),
  }
}

/** Like the AppView's sortAt: a client-chosen createdAt in the future does not jump the queue. */
function postTime(record: PostRecord, indexedAt: string | undefined): number {
  const created = record.createdAt ? Date.parse(record.createdAt) : Number.NaN
  const indexed = indexedAt ? Date.parse(indexedAt) : Number.NaN
  if (Number.isFinite(created) && Number.isFinite(indexed)) return Math.min(created, indexed)
  if (Number.isFinite(created)) return created
  return Number.isFinite(indexed) ? indexed : 0
}

/** Image-only or quote-only posts have empty text; say what is there so previews are not blank. */
function embedNote(embed: unknown): string {
  const type = typeof embed === 'object' && embed !== null ? String((embed as { $type?: unknown }).$type ?? '') : ''
  if (type.startsWith('app.bsky.embed.images')) return '[image]'
  if (type.startsWith('app.bsky.embed.video')) return '[video]'
  if (type.startsWith('app.bsky.embed.external')) return '[link]'
  if (type.startsWith('app.bsky.embed.record')) return '[quoted post]'
  return ''
}

/**
 * Which conversation a post belongs to, and how the inbox files it: replies in
 * threads the account started are comments, everything else a mention.
 */
export function threadOf(uri: string, record: PostRecord, ownDid: string, reason?: string): { conversationKey: string; kind: ConversationKind } {
  const rootUri = record.reply?.root.uri ?? uri
  const kind: ConversationKind = reason !== 'quote' && record.reply && isOwnUri(rootUri, ownDid) ? 'comment' : 'mention'
  return { conversationKey: rootUri, kind }
}

export interface PostMapOptions {
  ownDid: string
  kind?: ConversationKind
  conversationKey?: string
  reason?: string
  isContext?: boolean
  raw?: unknown
}

export function mapPost(post: PostInput, opts: PostMapOptions): NormalizedItem | null {
  const record = readPostRecord(post.record)
  if (!record || !parseAtUri(post.uri) || typeof post.author?.did !== 'string') return null
  const thread = threadOf(post.uri, record, opts.ownDid, opts.reason)
  const text = record.text || embedNote(record.embed)
  const item: NormalizedItem = {
    remoteId: post.uri,
    conversationKey: opts.conversationKey ?? thread.conversationKey,
    parentRemoteId: record.reply?.parent.uri ?? null,
    kind: opts.kind ?? thread.kind,
    direction: post.author.did === opts.ownDid ? 'out' : 'in',
    author: mapAuthor(post.author),
    text,
    html: record.text ? facetsToHtml(record.text, record.facets) : null,
    createdAt: postTime(record, post.indexedAt),
    permalink: postPermalink(post.uri, post.author),
    raw: opts.raw ?? post,
  }
  if (opts.isContext) item.isContext = true
  return item
}

type Notification = AppBskyNotificationListNotifications.Notification

export function mapNotification(n: Notification, ownDid: string): NormalizedItem | null {
  return mapPost({ uri: n.uri, cid: n.cid, author: n.author, record: n.record, indexedAt: n.indexedAt }, { ownDid, reason: n.reason, raw: n })
}

export function chatRemoteId(convoId: string, messageId: string): string {
  return `chat:${convoId}:${messageId}`
}

export function convoKey(convoId: string): string {
  return `convo:${convoId}`
}

/** `convo:<id>` or `chat:<convoId>:<messageId>` → the convo id. */
export function convoIdOf(key: string): string | null {
  const match = /^(?:convo:|chat:)([^:]+)/.exec(key)
  return match ? match[1]! : null
}

type MessageView = ChatBskyConvoDefs.MessageView

export function isMessageView(value: unknown): value is MessageView {
  if (typeof value !== 'object' || value === null) return false
  const m = value as Partial<MessageView> & { $type?: string }
  if (m.$type && m.$type !== 'chat.bsky.convo.defs#messageView') return false
  return typeof m.id === 'string' && typeof m.text === 'string' && typeof m.sender?.did === 'string' && typeof m.sentAt === 'string'
}

export function mapMessage(message: MessageView, convoId: string, ownDid: string, profiles: ReadonlyMap<string, ProfileLike>): NormalizedItem {
  const sender = profiles.get(message.sender.did) ?? { did: message.sender.did }
  const replyTo = message.replyTo as { id?: unknown } | undefined
  const sentAt = Date.parse(message.sentAt)
  return {
    remoteId: chatRemoteId(convoId, message.id),
    conversationKey: convoKey(convoId),
    parentRemoteId: typeof replyTo?.id === 'string' ? chatRemoteId(convoId, replyTo.id) : null,
    kind: 'dm',
    direction: message.sender.did === ownDid ? 'out' : 'in',
    author: mapAuthor(sender),
    text: message.text,
    html: facetsToHtml(message.text, message.facets),
    createdAt: Number.isFinite(sentAt) ? sentAt : 0,
    permalink: `https://bsky.app/messages/${encodeURIComponent(convoId)}`,
    raw: message,
  }
}
