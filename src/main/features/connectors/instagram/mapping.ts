import type { ItemAuthor, NormalizedItem } from '../../../model/items'
import { graphTime } from '../meta/cursor'

export interface IgMedia {
  id: string
  caption?: string
  timestamp?: string
  permalink?: string
  username?: string
  comments_count?: number
}

export interface IgComment {
  id: string
  text?: string
  timestamp?: string
  username?: string
  from?: { id?: string; username?: string }
  parent_id?: string
  hidden?: boolean
  replies?: { data?: IgComment[] }
}

export const MEDIA_FIELDS = 'id,caption,timestamp,permalink,username,comments_count'
const COMMENT_CORE = 'id,text,timestamp,username,from{id,username},parent_id,hidden'
export const COMMENT_FIELDS = `${COMMENT_CORE},replies.limit(50){${COMMENT_CORE}}`

export const mediaKey = (mediaId: string): string => `media:${mediaId}`

export function igAuthor(id: string | undefined, username: string | undefined): ItemAuthor {
  const name = username?.trim() || 'instagram_user'
  return { remoteId: id ?? `@${name}`, handle: `@${name}`, displayName: name, avatarUrl: null, profileUrl: `https://www.instagram.com/${encodeURIComponent(name)}` }
}

/** The brand's own media is context for its comments; someone else's media that tags the brand is a mention. */
export function mediaToItem(media: IgMedia, brandUsername: string, kind: 'comment' | 'mention'): NormalizedItem | null {
  const createdAt = graphTime(media.timestamp)
  if (!media.id || !Number.isFinite(createdAt)) return null
  const ours = kind === 'comment' || media.username === brandUsername
  const item: NormalizedItem = {
    remoteId: media.id,
    conversationKey: mediaKey(media.id),
    parentRemoteId: null,
    kind,
    direction: ours ? 'out' : 'in',
    author: igAuthor(undefined, media.username),
    text: media.caption ?? '',
    html: null,
    createdAt,
    permalink: media.permalink ?? null,
    raw: media,
  }
  if (ours) item.isContext = true
  return item
}

export function commentToItem(c: IgComment, mediaId: string, brandId: string): NormalizedItem | null {
  const createdAt = graphTime(c.timestamp)
  if (!c.id || !Number.isFinite(createdAt)) return null
  const { replies: _replies, ...raw } = c
  return {
    remoteId: c.id,
    conversationKey: mediaKey(mediaId),
    parentRemoteId: c.parent_id ?? mediaId,
    kind: 'comment',
    direction: c.from?.id === brandId ? 'out' : 'in',
    author: igAuthor(c.from?.id, c.from?.username ?? c.username),
    text: c.text ?? '',
    html: null,
    createdAt,
    permalink: null,
    raw,
  }
}
