import type { NormalizedItem } from '../../../model/items'
import type { YouTubeComment, YouTubeThread } from './schema'

const THREAD_PREFIX = 'yt:thread:'

export function threadKey(threadId: string): string {
  return `${THREAD_PREFIX}${threadId}`
}

/** The top-level comment a reply must answer: YouTube threads are one level deep. */
export function threadIdOf(conversationKey: string, inReplyTo: string): string {
  if (conversationKey.startsWith(THREAD_PREFIX)) return conversationKey.slice(THREAD_PREFIX.length)
  // Reply ids are "<thread id>.<reply id>".
  return inReplyTo.split('.')[0]!
}

/** The text as typed (textOriginal), else as displayed; Parley asks for plain text, never HTML. */
export function commentText(comment: YouTubeComment): string {
  return comment.snippet.textOriginal ?? comment.snippet.textDisplay ?? ''
}

export function commentToItem(comment: YouTubeComment, threadId: string, brandChannelId: string): NormalizedItem {
  const s = comment.snippet
  const authorId = s.authorChannelId?.value ?? `name:${s.authorDisplayName ?? 'unknown'}`
  const name = s.authorDisplayName?.trim() || 'YouTube user'
  const video = s.videoId ? encodeURIComponent(s.videoId) : null
  return {
    remoteId: comment.id,
    conversationKey: threadKey(threadId),
    parentRemoteId: s.parentId ?? null,
    kind: 'comment',
    direction: authorId === brandChannelId ? 'out' : 'in',
    author: {
      remoteId: authorId,
      handle: name.startsWith('@') ? name : `@${name}`,
      displayName: name,
      avatarUrl: s.authorProfileImageUrl || null,
      profileUrl: s.authorChannelUrl || null,
    },
    text: commentText(comment),
    html: null,
    createdAt: Date.parse(s.publishedAt),
    permalink: video ? `https://www.youtube.com/watch?v=${video}&lc=${encodeURIComponent(comment.id)}` : null,
    raw: comment,
  }
}

export function threadItems(thread: YouTubeThread, replies: YouTubeComment[], brandChannelId: string): NormalizedItem[] {
  return [commentToItem(thread.snippet.topLevelComment, thread.id, brandChannelId), ...replies.map((r) => commentToItem(r, thread.id, brandChannelId))]
}
