import type { NormalizedItem } from '../../../model/items'
import type { RedditThing } from './schema'

export const POST_PREFIX = 'rd:post:'
export const PM_PREFIX = 'rd:pm:'
const WEB = 'https://www.reddit.com'

/** The post a comment hangs under: link_id in subreddit listings, the `context` path in the inbox. */
export function postOf(thing: RedditThing): string | null {
  if (thing.link_id) return thing.link_id
  const m = /\/comments\/([a-z0-9]+)\//.exec(thing.context ?? '')
  return m ? `t3_${m[1]}` : null
}

export function sameUser(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase()
}

function authorOf(thing: RedditThing) {
  const name = thing.author && thing.author !== '[deleted]' ? thing.author : null
  return {
    // The username: what banning and messaging need (author_fullname is absent for deleted accounts).
    remoteId: name ?? 'deleted',
    handle: name ? `u/${name}` : 'u/[deleted]',
    displayName: name ?? 'deleted account',
    avatarUrl: null,
    profileUrl: name ? `${WEB}/user/${encodeURIComponent(name)}` : null,
  }
}

export function permalinkOf(thing: RedditThing): string | null {
  if (thing.kind === 't4') return `${WEB}/message/messages/${encodeURIComponent(thing.id)}`
  // Inbox items carry the path (`context`); listings carry the post and subreddit to build it from.
  if (thing.context?.startsWith('/')) return `${WEB}${thing.context}`
  const post = postOf(thing)
  return post && thing.subreddit ? `${WEB}/r/${encodeURIComponent(thing.subreddit)}/comments/${post.slice(3)}/_/${encodeURIComponent(thing.id)}/` : null
}

/** A comment or a private message as an inbox item; the brand's own are marked outgoing. */
export function thingToItem(thing: RedditThing, me: string): NormalizedItem {
  const isMessage = thing.kind === 't4'
  const post = postOf(thing)
  const conversation = isMessage ? `${PM_PREFIX}${thing.first_message_name || thing.name}` : `${POST_PREFIX}${post ?? thing.name}`
  return {
    remoteId: thing.name,
    conversationKey: conversation,
    parentRemoteId: thing.parent_id ?? null,
    kind: isMessage ? 'dm' : thing.type === 'username_mention' ? 'mention' : 'comment',
    direction: sameUser(thing.author, me) ? 'out' : 'in',
    author: authorOf(thing),
    // raw_json=1: the Markdown as typed, and body_html without entity-escaping (ingest sanitises it).
    text: thing.body ?? '',
    html: thing.body_html ?? null,
    createdAt: Math.round(thing.created_utc * 1000),
    permalink: permalinkOf(thing),
    subject: isMessage ? (thing.subject ?? null) : (thing.link_title ?? null),
    deleted: thing.body === '[deleted]' || thing.body === '[removed]',
    raw: thing,
  }
}
