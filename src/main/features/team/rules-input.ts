import { z } from 'zod'

/**
 * The inputs the team store's conflict rules read, by operation name. They name entities by UUID
 * (a laptop's local numeric ids mean nothing to another laptop). Operations not listed here are
 * still recorded and relayed in order; they simply have no shared state on the server.
 */
const uuid = z.uuid()
const hash = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 text hash in hex')
const ids = z.array(uuid).min(1).max(500)

export const ruleInputs = {
  // textHash: the laptop's reply hash (the words and where they go), so every laptop checks the same binding.
  'approvals.submit': z.object({ approvalId: uuid, conversationId: uuid, channelAccount: z.string().min(1), text: z.string().min(1), textHash: hash.optional() }),
  'approvals.approve': z.object({ approvalId: uuid, textHash: hash }),
  'approvals.editAndApprove': z.object({ approvalId: uuid, textHash: hash, text: z.string().min(1), newTextHash: hash.optional() }),
  'approvals.reject': z.object({ approvalId: uuid, textHash: hash, reason: z.string().max(2_000).optional() }),
  'approvals.requestChanges': z.object({ approvalId: uuid, textHash: hash, reason: z.string().max(2_000).optional() }),
  'drafts.save': z.object({ conversationId: uuid, text: z.string() }),
  'conversations.setStatus': z.object({ conversationIds: ids, status: z.string().min(1).max(40), snoozeUntil: z.number().int().nullable().optional() }),
  'conversations.assign': z.object({ conversationIds: ids, assignee: z.string().max(200).nullable() }),
  'conversations.addTags': z.object({ conversationIds: ids, tags: z.array(z.string().min(1).max(100)).min(1).max(50) }),
  'conversations.removeTags': z.object({ conversationIds: ids, tags: z.array(z.string().min(1).max(100)).min(1).max(50) }),
  // at: when the note was written on its author's laptop (every laptop files it at that time).
  'notes.add': z.object({ noteId: uuid, conversationId: uuid, body: z.string().min(1).max(20_000), at: z.number().int().nullable().optional() }),
  'items.ingest': z.object({ itemId: uuid, channelAccount: z.string().min(1), remoteId: z.string().min(1).max(500) }),
  // A team's reply is named by its approval; null for a reply exempt from approval (no team row: nothing to do here).
  'outbox.cancel': z.object({ approvalId: uuid.nullable(), reopenApproval: z.boolean().optional() }),
  'outbox.retry': z.object({ approvalId: uuid.nullable() }),
} as const

export type RuleOperation = keyof typeof ruleInputs
export type RuleInput<K extends RuleOperation> = z.infer<(typeof ruleInputs)[K]>

export function isRuleOperation(name: string): name is RuleOperation {
  return Object.hasOwn(ruleInputs, name)
}
