/**
 * The normalised shape every channel item takes before it enters the inbox.
 * Connectors and the demo generator both produce these; ingest stores them.
 */
import type { PlatformId } from '../../shared/contract/manifest'

/** A connector's manifest id; the registry (features/connectors) is the one list of them. */
export type Platform = PlatformId
export type ConversationKind = 'dm' | 'comment' | 'mention' | 'feed'
export type Direction = 'in' | 'out'

export interface ItemAuthor {
  /** Opaque id of the author on the platform. */
  remoteId: string
  handle: string
  displayName: string
  avatarUrl: string | null
  profileUrl: string | null
}

export interface NormalizedItem {
  /** Opaque id of the item on the platform, unique per channel account. */
  remoteId: string
  /** Groups items into one conversation (thread root, DM conversation id, feed entry id). */
  conversationKey: string
  /** Remote id of the item this one answers, if any. */
  parentRemoteId: string | null
  kind: ConversationKind
  direction: Direction
  author: ItemAuthor
  /** Plain text, always present (used for search, previews and text rendering). */
  text: string
  /** HTML as delivered by the platform; sanitised by ingest before it is stored. */
  html: string | null
  /** Milliseconds since the epoch. */
  createdAt: number
  permalink: string | null
  /** Title of the thread or feed entry, when the platform has one. */
  subject?: string | null
  /** True for the brand's own post a comment thread hangs off: shown as context, never as an inbound message. */
  isContext?: boolean
  deleted?: boolean
  /**
   * With `deleted`: the only news is that the platform removed this message (it left the mailbox),
   * so a known message is marked deleted with its text untouched and an unknown one is ignored; the
   * other fields are placeholders.
   */
  removalOnly?: boolean
  raw?: unknown
  /**
   * The team's id of this message, when it reached this laptop through the team's log: stored as its
   * uuid (and taken over by a copy this laptop stored first), so every laptop names the message alike.
   */
  teamUuid?: string
}

/** The news that the platform removed the message with this remote id, and nothing else (see `removalOnly`). */
export function removalItem(remoteId: string, at: number): NormalizedItem {
  return {
    remoteId,
    conversationKey: '',
    parentRemoteId: null,
    kind: 'dm',
    direction: 'in',
    author: { remoteId: '', handle: '', displayName: '', avatarUrl: null, profileUrl: null },
    text: '',
    html: null,
    createdAt: at,
    permalink: null,
    deleted: true,
    removalOnly: true,
  }
}

export interface ChannelAccountSeed {
  platform: Platform
  displayName: string
  handle: string
  /** Base URL of the instance, service or feed. */
  baseUrl: string
}
