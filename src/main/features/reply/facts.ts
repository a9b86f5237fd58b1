import type { ReplyCost, ReplyFacts, ReplyWindow } from '../../../shared/contract'

type Kind = 'comment' | 'mention' | 'dm'
const HOUR = 3_600_000

/**
 * The reply window of a conversation from the connector's manifest: when the standard window closes
 * and, when the account has the setting that allows a longer one (a message tag), when that one
 * does. Null when the platform has no window for this kind, or the person has not written yet.
 */
export function replyWindowFacts(
  window: ReplyWindow | undefined,
  conversation: { kind: Kind; lastInboundAt: number | null },
  settings: Record<string, unknown>,
): { deadline: number; window: NonNullable<ReplyFacts['window']> } | null {
  if (!window || !window.kinds.includes(conversation.kind) || conversation.lastInboundAt === null) return null
  const extended = window.extended && settings[window.extended.setting] === true ? window.extended : null
  return {
    deadline: conversation.lastInboundAt + window.hours * HOUR,
    window: {
      hours: window.hours,
      extended: extended ? { hours: extended.hours, label: extended.label, until: conversation.lastInboundAt + extended.hours * HOUR } : null,
    },
  }
}

/** What one reply in this kind of conversation costs, from the connector's manifest. */
export function replyCostFacts(cost: ReplyCost | undefined, kind: Kind): ReplyFacts['cost'] {
  if (!cost) return null
  const dm = kind === 'dm'
  return {
    unit: cost.unit,
    amount: dm && cost.dm !== undefined ? cost.dm : cost.reply,
    // The link price is for posts; a direct message costs the same either way.
    withLink: dm ? null : (cost.withLink ?? null),
    budget: cost.budget ?? null,
  }
}
