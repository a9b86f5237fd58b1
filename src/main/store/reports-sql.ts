/** SQL conditions the weekly summary's figures and their drill-downs share, so a list always adds up to its figure. */

/** Inbound items that count as asking for a reply: not context, not explicitly marked as needing none. */
export const ASKS = `m.direction = 'in' AND m.is_context = 0 AND (m.needs_reply IS NULL OR m.needs_reply = 1)`

/**
 * A reply that stops the first-response clock and ends a wait: a brand message a person sent, not one the
 * platform or its connector marked automatic (raw `automatic: true`: away messages, instant replies, bots).
 * Notes are never replies (see RULES in features/reports/definitions.ts).
 */
export const personReply = (m: string): string =>
  `${m}.direction = 'out' AND (CASE WHEN json_valid(${m}.raw) THEN json_extract(${m}.raw, '$.automatic') END) IS NOT 1`
