import { overLengthMessage } from './counter'
import { ParleyError, withRequiredMentions, type Platform, type ReplyEnvelope, type ReplyFacts, type ReplyLimits } from '../../../shared/contract'
import { safeHost } from '../../base/http'
import type { ConnectorRegistry } from '../connectors/registry'
import type { ReplyTargetReads } from '../../store/reply-targets'
import { replyCostFacts, replyWindowFacts } from './facts'
import type { ReplyTarget } from './hash'

export interface ConversationTarget extends ReplyTarget {
  conversationId: number
  conversationKey: string
  kind: 'comment' | 'mention' | 'dm'
}

/**
 * What a reply in a conversation answers: the newest inbound message that the
 * platform knows (a remote id, not deleted), else the newest message at all.
 */
export class TargetResolver {
  constructor(
    private readonly reads: ReplyTargetReads,
    private readonly connectors: ConnectorRegistry,
  ) {}

  /**
   * What the reply's text must contain for the platform to deliver it, from the connector's pure
   * envelope step over the stored parent. The composer shows it; submit and send refuse without it.
   */
  envelope(target: ReplyTarget & { kind: ConversationTarget['kind'] }): ReplyEnvelope {
    const a = this.reads.account(target.accountId)
    const none: ReplyEnvelope = { requiredMentions: [], localHost: null, platformLabel: a?.platform ?? 'The platform' }
    // Demo conversations never reach a platform; nothing needs adding to them.
    if (!a || a.is_demo === 1 || !this.connectors.has(a.platform)) return none
    const connector = this.connectors.get(a.platform)
    const label = { ...none, platformLabel: connector.label, localHost: safeHost(a.base_url) }
    if (!connector.replyEnvelope) return label
    const row = this.reads.parent(target.accountId, target.inReplyTo)
    const raw = parseRaw(row?.raw ?? null)
    const settings = JSON.parse(a.settings) as Record<string, unknown>
    const envelope = connector.replyEnvelope({ remoteId: target.inReplyTo, kind: target.kind, raw, subject: row?.subject ?? null }, { baseUrl: a.base_url, settings })
    return { ...label, requiredMentions: envelope.requiredMentions, ...(envelope.subject === undefined ? {} : { subject: envelope.subject }) }
  }

  /**
   * What an approval's hash binds besides the words: the account, the message answered and, where
   * the platform's replies carry one, the subject line the envelope showed (e-mail).
   */
  sealed(target: ReplyTarget & { kind: ConversationTarget['kind'] }): ReplyTarget {
    const { subject } = this.envelope(target)
    return { accountId: target.accountId, inReplyTo: target.inReplyTo, ...(subject === undefined ? {} : { subject }) }
  }

  resolve(conversationId: number, inReplyTo?: string): ConversationTarget {
    const c = this.reads.conversation(conversationId)
    if (!c) throw new ParleyError('not_found', `Conversation ${conversationId} does not exist.`)
    if (c.kind === 'feed') throw new ParleyError('bad_input', 'Feed items cannot be answered from Parley; open the page to reply there.')
    if (this.connectors.has(c.platform) && !this.connectors.get(c.platform).capabilities.has('reply')) {
      throw new ParleyError('bad_input', `Parley cannot reply on ${c.platform}.`)
    }
    let remote = inReplyTo
    if (remote) {
      if (!this.reads.hasMessage(conversationId, remote)) throw new ParleyError('bad_input', 'The message to answer is not in this conversation (or was deleted).')
    } else {
      remote = this.reads.newestAnswerable(conversationId)
    }
    if (!remote) throw new ParleyError('bad_input', 'This conversation has no message the platform knows yet, so there is nothing to reply to.')
    return { conversationId, accountId: c.channel_account_id, inReplyTo: remote, conversationKey: c.conversation_key, kind: c.kind }
  }

  /**
   * The text that will be posted: what the platform needs and the text lacks (Mastodon's mentions),
   * in front, then the text. The composer and the approval editor show this before anyone submits or
   * approves; it is what is hashed, approved and sent; no connector adds anything after approval.
   */
  finalText(text: string, target: ReplyTarget & { kind: ConversationTarget['kind'] }): string {
    return withRequiredMentions(text, this.envelope(target))
  }

  /** Where a queued reply goes inside the platform's model (thread key and kind), without re-checking its target. */
  replyPlace(conversationId: number): { conversationKey: string; kind: 'comment' | 'mention' | 'dm'; platform: Platform; isDemo: boolean } | null {
    const c = this.reads.conversation(conversationId)
    if (!c || c.kind === 'feed') return null
    return { conversationKey: c.conversation_key, kind: c.kind, platform: c.platform, isDemo: c.is_demo === 1 }
  }

  /** The id of the newest stored message: replies see anything after it as new activity. */
  newestMessageId(conversationId: number): number {
    return this.reads.newestMessageId(conversationId)
  }

  /** The platform's length rule for replies from this account (demo accounts too: they show what the real one would). */
  limits(accountId: number): { platformLabel: string; limits: ReplyLimits | null } {
    const a = this.reads.account(accountId)
    if (!a || !this.connectors.has(a.platform)) return { platformLabel: a?.platform ?? 'The platform', limits: null }
    const connector = this.connectors.get(a.platform)
    return { platformLabel: connector.label, limits: connector.manifest.replyLimit ?? null }
  }

  /** Refuses, in plain words, a reply longer than the platform accepts (counted the platform's way). */
  assertFits(text: string, target: ReplyTarget): void {
    const { platformLabel, limits } = this.limits(target.accountId)
    const message = overLengthMessage(text, limits, platformLabel)
    if (message) throw new ParleyError('bad_input', message)
  }

  /** The platform's reply deadline for this conversation, when it has one (Mastodon and Bluesky: none). */
  deadline(conversationId: number): number | null {
    return this.window(conversationId)?.deadline ?? null
  }

  /** The reply window (from the connector's manifest and the account's settings) and what a reply here costs. */
  platformFacts(conversationId: number): Pick<ReplyFacts, 'window' | 'cost'> {
    const c = this.reads.conversation(conversationId)
    if (!c || c.kind === 'feed' || !this.connectors.has(c.platform)) return { window: null, cost: null }
    return { window: this.window(conversationId)?.window ?? null, cost: replyCostFacts(this.connectors.get(c.platform).manifest.replyCost, c.kind) }
  }

  private window(conversationId: number): ReturnType<typeof replyWindowFacts> {
    const c = this.reads.conversation(conversationId)
    if (!c || c.kind === 'feed' || !this.connectors.has(c.platform)) return null
    const manifest = this.connectors.get(c.platform).manifest
    if (!manifest.replyWindow) return null
    const account = this.reads.account(c.channel_account_id)
    const settings = account ? (JSON.parse(account.settings) as Record<string, unknown>) : {}
    return replyWindowFacts(manifest.replyWindow, { kind: c.kind, lastInboundAt: this.reads.lastInboundAt(conversationId) }, settings)
  }
}

/** The platform's record as stored at ingest; null when absent or unreadable. */
function parseRaw(text: string | null): unknown {
  if (!text) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}
