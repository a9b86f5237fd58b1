import type { ItemAuthor, NormalizedItem } from '../../../model/items'
import { graphTime } from '../meta/cursor'

export interface FbParty {
  id?: string
  name?: string
}

export interface FbPost {
  id: string
  message?: string
  story?: string
  created_time?: string
  from?: FbParty
  permalink_url?: string
}

export interface FbComment {
  id: string
  message?: string
  created_time?: string
  from?: FbParty
  parent?: { id?: string }
  permalink_url?: string
  is_hidden?: boolean
}

export const POST_FIELDS = 'id,message,story,created_time,from,permalink_url'
export const COMMENT_FIELDS = 'id,message,created_time,from,parent{id},permalink_url,is_hidden'

export const postKey = (postId: string): string => `post:${postId}`

/** Facebook shows a person's name only (no handle); without pages_read_user_content it hides who wrote. */
export function fbAuthor(from: FbParty | undefined): ItemAuthor {
  const name = from?.name?.trim() || 'Facebook user'
  return { remoteId: from?.id ?? 'unknown', handle: name, displayName: name, avatarUrl: null, profileUrl: null }
}

/** A post on the Page: the Page's own is context for its comments; a visitor's or a tagging post is a message to answer. */
export function postToItem(post: FbPost, pageId: string, kind: 'comment' | 'mention'): NormalizedItem | null {
  const createdAt = graphTime(post.created_time)
  if (!post.id || !Number.isFinite(createdAt)) return null
  const ours = post.from?.id === pageId
  const item: NormalizedItem = {
    remoteId: post.id,
    conversationKey: postKey(post.id),
    parentRemoteId: null,
    kind,
    direction: ours ? 'out' : 'in',
    author: fbAuthor(post.from),
    text: post.message ?? post.story ?? '',
    html: null,
    createdAt,
    permalink: post.permalink_url ?? null,
    raw: post,
  }
  if (ours) item.isContext = true
  return item
}

export function commentToItem(c: FbComment, postId: string, pageId: string): NormalizedItem | null {
  const createdAt = graphTime(c.created_time)
  if (!c.id || !Number.isFinite(createdAt)) return null
  return {
    remoteId: c.id,
    conversationKey: postKey(postId),
    parentRemoteId: c.parent?.id ?? postId,
    kind: 'comment',
    direction: c.from?.id === pageId ? 'out' : 'in',
    author: fbAuthor(c.from),
    text: c.message ?? '',
    html: null,
    createdAt,
    permalink: c.permalink_url ?? null,
    raw: c,
  }
}
