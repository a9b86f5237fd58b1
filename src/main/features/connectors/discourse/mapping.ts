import type { ConversationKind, ItemAuthor, NormalizedItem } from '../../../model/items'
import { htmlToText } from '../../../model/sanitize'
import type { DiscoursePost } from './schema'

/** Who "we" are on this forum: needed to tell the brand's posts from everyone else's. */
export interface MappingContext {
  baseUrl: string
  brandUserId: number
}

export interface Placement {
  kind: ConversationKind
  /** Topic title, shown as the conversation's subject. */
  title: string | null
  /** Post ids by post number in the same topic, to link a reply to the post it answers. */
  idsByNumber?: ReadonlyMap<number, number>
}

/** A public topic and a private message are both topics; the key says which, so a PM never looks public. */
export const topicKey = (topicId: number): string => `topic:${topicId}`
export const messageKey = (topicId: number): string => `pm:${topicId}`

/** The topic id back from a conversation key, or null when the key is not Discourse's. */
export function topicOfKey(key: string): number | null {
  const match = /^(?:topic|pm):(\d+)$/.exec(key)
  return match ? Number(match[1]) : null
}

/** Only http(s) URLs on the forum itself or absolute http(s) links are kept; anything else is dropped. */
function absolute(baseUrl: string, path: string | null | undefined): string | null {
  if (!path) return null
  try {
    const url = new URL(path, `${baseUrl}/`)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}

export function authorOf(post: DiscoursePost, baseUrl: string): ItemAuthor {
  return {
    remoteId: String(post.user_id),
    handle: `@${post.username}`,
    displayName: post.name?.trim() || post.username,
    avatarUrl: absolute(baseUrl, post.avatar_template?.replace('{size}', '96')),
    profileUrl: absolute(baseUrl, `/u/${encodeURIComponent(post.username)}`),
  }
}

export function postPermalink(post: DiscoursePost, baseUrl: string): string | null {
  return absolute(baseUrl, `/t/${encodeURIComponent(post.topic_slug || 'topic')}/${post.topic_id}/${post.post_number}`)
}

export function postToItem(post: DiscoursePost, ctx: MappingContext, place: Placement): NormalizedItem {
  const parentId = post.reply_to_post_number ? place.idsByNumber?.get(post.reply_to_post_number) : undefined
  return {
    remoteId: String(post.id),
    conversationKey: place.kind === 'dm' ? messageKey(post.topic_id) : topicKey(post.topic_id),
    parentRemoteId: parentId ? String(parentId) : null,
    kind: place.kind,
    direction: post.user_id === ctx.brandUserId ? 'out' : 'in',
    author: authorOf(post, ctx.baseUrl),
    // Cooked HTML is untrusted: the text comes from it here, the HTML is sanitised at ingest.
    text: htmlToText(post.cooked),
    html: post.cooked || null,
    createdAt: Date.parse(post.created_at),
    permalink: postPermalink(post, ctx.baseUrl),
    subject: place.title,
    raw: post,
  }
}

/** Words as a reader sees them, to recognise our own post when only its cooked HTML is at hand. */
export function comparableText(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
