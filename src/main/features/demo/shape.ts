/**
 * How one platform shapes a demo item: remote ids, conversation keys, what a reply points at and
 * permalinks, each as that platform's connector mapping produces them. A shape renders one
 * conversation at a time (the generator never interleaves two), so per-conversation state
 * (the video, the chat topic, the thread) lives on the shape between `item` calls.
 */
import type { ConversationKind, Direction, ItemAuthor, NormalizedItem } from '../../model/items'
import { Rng } from './prng'

export interface ShapeInput {
  kind: ConversationKind
  direction: Direction
  author: ItemAuthor
  t: number
  /** The item this one answers in the plan, null for the conversation's first. */
  parent: NormalizedItem | null
  /** The conversation's first item; null while rendering it. */
  root: NormalizedItem | null
  isContext: boolean
  text: string
  html: string | null
  subject: string | null
}

export interface TextStyle {
  /** Whether the platform delivers HTML (Discourse's cooked posts) besides plain text. */
  html: boolean
  /** What a customer writes to address the brand. */
  brandAt: string
  /** Replies start with the @handle of whom they answer (X does). */
  replyAt: boolean
  /** People write #hashtags here. */
  hashtags: boolean
  /** Comment threads hang off a brand post (true) or start with someone's own message (false). */
  ownPosts: boolean
}

export interface Shape extends TextStyle {
  item(input: ShapeInput): NormalizedItem
}

export const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
export const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** Opaque-looking ids from a stream of their own, so they never shift the conversation stream. */
export class Opaque {
  private readonly rng: Rng

  constructor(seed: number) {
    this.rng = new Rng(seed)
  }

  chars(alphabet: string, len: number): string {
    let s = ''
    for (let i = 0; i < len; i++) s += alphabet.charAt(this.rng.int(alphabet.length))
    return s
  }
}

/** Zero-padded decimal. */
export function pad(n: number, width: number): string {
  const s = String(n)
  return s.length >= width ? s : '0'.repeat(width - s.length) + s
}

export function baseItem(input: ShapeInput, remoteId: string, conversationKey: string, parentRemoteId: string | null, permalink: string | null): NormalizedItem {
  return {
    remoteId,
    conversationKey,
    parentRemoteId,
    kind: input.kind,
    direction: input.direction,
    author: input.author,
    text: input.text,
    html: input.html,
    createdAt: input.t,
    permalink,
    subject: input.subject,
    isContext: input.isContext,
  }
}

/** One-level threads (Instagram, YouTube): a reply to a reply answers the top-level comment. */
export function oneLevel(parent: NormalizedItem | null, root: NormalizedItem | null): string | null {
  if (parent === null) return null
  if (root === null || parent === root || parent.parentRemoteId === null || parent.parentRemoteId === root.remoteId) return parent.remoteId
  return parent.parentRemoteId
}
