/** Public shapes of the demo generator (re-exported by index.ts). */
import type { ChannelAccountSeed, NormalizedItem } from '../../model/items'

export interface DemoOptions {
  /** How many conversations to generate. */
  conversations: number
  /** Default 42. */
  seed?: number
  /** Milliseconds since the epoch; every item falls within the last `days` before it. */
  now: number
  /** Default 30. */
  days?: number
  /**
   * Append sentences drawn from a Zipf-distributed background vocabulary so
   * full-text search at scale sees a realistic term spread. Default: on from
   * 20,000 conversations, off below (small demos read better without it).
   */
  realisticFiller?: boolean
}

export interface DemoAccount extends ChannelAccountSeed {
  key: string
}

export interface DemoConversation {
  accountKey: string
  /** Items in chronological order; the context item (if any) first. */
  items: NormalizedItem[]
  /** Suggested triage state for realism. */
  status: 'open' | 'pending' | 'done'
  unread: boolean
}
