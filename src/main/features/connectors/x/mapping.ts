import type { ConversationKind, NormalizedItem } from '../../../model/items'
import { repliedTo, type XDmEvent, type XPost, type XUser } from './schema'

export const POST_PREFIX = 'x:conv:'
export const DM_PREFIX = 'x:dm:'

export function postUrl(username: string | null, id: string): string {
  return `https://x.com/${username ? encodeURIComponent(username) : 'i/web'}/status/${encodeURIComponent(id)}`
}

function authorOf(id: string, user: XUser | undefined) {
  return {
    remoteId: id,
    handle: user ? `@${user.username}` : `@${id}`,
    displayName: user?.name?.trim() || user?.username || id,
    avatarUrl: user?.profile_image_url || null,
    profileUrl: user ? `https://x.com/${encodeURIComponent(user.username)}` : null,
  }
}

export function postToItem(post: XPost, users: Map<string, XUser>, brandId: string, kind: ConversationKind): NormalizedItem {
  const authorId = post.author_id ?? 'unknown'
  const user = users.get(authorId)
  return {
    remoteId: post.id,
    conversationKey: `${POST_PREFIX}${post.conversation_id ?? post.id}`,
    parentRemoteId: repliedTo(post),
    kind,
    direction: authorId === brandId ? 'out' : 'in',
    author: authorOf(authorId, user),
    // X sends plain text (with &amp; &lt; &gt; escaped in post text, as its docs say).
    text: post.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
    html: null,
    createdAt: post.created_at ? Date.parse(post.created_at) : Date.now(),
    permalink: postUrl(user?.username ?? null, post.id),
    raw: post,
  }
}

export function dmToItem(event: XDmEvent, users: Map<string, XUser>, brandId: string): NormalizedItem {
  const sender = event.sender_id ?? 'unknown'
  return {
    remoteId: event.id,
    conversationKey: `${DM_PREFIX}${event.dm_conversation_id ?? sender}`,
    parentRemoteId: null,
    kind: 'dm',
    direction: sender === brandId ? 'out' : 'in',
    author: authorOf(sender, users.get(sender)),
    text: event.text ?? '',
    html: null,
    createdAt: event.created_at ? Date.parse(event.created_at) : Date.now(),
    permalink: null,
    raw: event,
  }
}

/** Text as X keeps it, to recognise our own post: links become t.co addresses, entities are escaped. */
export function comparableText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/https?:\/\/\S+/g, 'URL')
    .trim()
}
