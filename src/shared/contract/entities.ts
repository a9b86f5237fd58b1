import { z } from 'zod'
import { connectorManifestSchema, platformIdSchema } from './manifest'

/** Entities that cross between core and UI. Anything from a channel is untrusted text. */

/**
 * A platform is named by its connector's manifest id. The contract checks only the id's shape: which
 * platforms exist is the core's connector registry, the one list (it refuses an unknown one in plain words).
 */
export const platformSchema = platformIdSchema
export const conversationKindSchema = z.enum(['dm', 'comment', 'mention', 'feed'])
export const conversationStatusSchema = z.enum(['open', 'pending', 'snoozed', 'done'])
export const messageDirectionSchema = z.enum(['in', 'out', 'note', 'activity'])
export const viewSchema = z.enum(['inbox', 'unassigned', 'mine', 'needs_approval', 'pending', 'snoozed', 'done'])
export const roleSchema = z.enum(['agent', 'supervisor', 'admin'])

export const idSchema = z.number().int().positive()

/**
 * Text that is trimmed before use. Its limit holds for the text as sent, before trimming,
 * so whitespace padding cannot carry megabytes past it.
 */
export const trimmedString = (max: number) => z.string().max(max).trim()

export const profileSchema = z.object({
  id: idSchema,
  name: z.string(),
  role: roleSchema,
})

export const channelAccountSchema = z.object({
  id: idSchema,
  platform: platformSchema,
  displayName: z.string(),
  handle: z.string(),
  baseUrl: z.string(),
  status: z.enum(['active', 'paused', 'needs_reconnect', 'removed']),
  /** Why the account is not active, in plain words. */
  statusMessage: z.string().nullable(),
  isDemo: z.boolean(),
})

/** A stream's latest run of failures: what kinds and how often ("timed out 3 times"), and when polling worked again. */
export const streamIncidentSchema = z.object({
  /** Plain words without the platform's name: "timed out 3 times and dropped the connection once". */
  summary: z.string(),
  failures: z.number().int(),
  since: z.number(),
  recoveredAt: z.number().nullable(),
})

export const streamHealthSchema = z.object({
  stream: z.string(),
  lastAttemptAt: z.number().nullable(),
  lastSuccessAt: z.number().nullable(),
  nextPollAt: z.number().nullable(),
  lastFetched: z.number().int(),
  totalFetched: z.number().int(),
  lastError: z.string().nullable(),
  lastErrorAt: z.number().nullable(),
  rateLimitedUntil: z.number().nullable(),
  mayBeMissingItems: z.boolean(),
  backfilling: z.boolean(),
  /** Absent or null when nothing went wrong lately. */
  incident: streamIncidentSchema.nullable().optional(),
  /**
   * Where each part of a stream that keeps several places stands (an e-mail account's folders), read
   * from its stored cursor in plain words. Absent for streams that keep one place.
   */
  positions: z.array(z.object({ label: z.string(), position: z.string() })).optional(),
})

/**
 * What a metered platform lets the account spend, as its connector last counted it: quota units per
 * day, requests per month, or requests in the platform's own rolling window (reported by the platform).
 */
export const accountBudgetSchema = z.object({
  unit: z.enum(['units', 'requests']),
  period: z.enum(['day', 'month', 'window']),
  used: z.number(),
  limit: z.number(),
  left: z.number(),
  /** When the count starts again (ms). */
  resetsAt: z.number(),
  /** Plain words when polling is paused or slowed to save it, null otherwise. */
  note: z.string().nullable(),
})

export const accountHealthSchema = z.object({
  accountId: idSchema,
  status: z.enum(['active', 'paused', 'needs_reconnect', 'removed']),
  statusMessage: z.string().nullable(),
  offline: z.boolean(),
  streams: z.array(streamHealthSchema),
  /** Absent or null for platforms that meter nothing. */
  budget: accountBudgetSchema.nullable().optional(),
})

/** A connectable platform as `connectors.list` serves it: its manifest, plus the id under its usual name. */
export const connectorInfoSchema = connectorManifestSchema.extend({
  platform: platformSchema,
  canReply: z.boolean(),
})

export const conversationSummarySchema = z.object({
  id: idSchema,
  accountId: idSchema,
  kind: conversationKindSchema,
  status: conversationStatusSchema,
  subject: z.string().nullable(),
  authorName: z.string(),
  authorHandle: z.string(),
  preview: z.string(),
  lastActivityAt: z.number(),
  waitingSince: z.number().nullable(),
  unread: z.boolean(),
  assigneeId: idSchema.nullable(),
  messageCount: z.number().int(),
  tags: z.array(z.string()),
  /** When a snoozed conversation wakes (status 'snoozed' only). */
  snoozedUntil: z.number().nullable().optional(),
  /** Signals of the latest inbound message: a small mark in the list row. */
  sentiment: z.enum(['negative', 'neutral', 'positive']).nullable().optional(),
  needsReply: z.boolean().nullable().optional(),
})

/** A file that came with a message (an e-mail attachment), as the platform described it: listed, saved only on request. */
export const messageAttachmentSchema = z.object({ name: z.string(), type: z.string(), size: z.number() })
export type MessageAttachment = z.infer<typeof messageAttachmentSchema>

export const messageSchema = z.object({
  id: idSchema,
  remoteId: z.string().nullable(),
  parentRemoteId: z.string().nullable(),
  direction: messageDirectionSchema,
  authorName: z.string(),
  authorHandle: z.string(),
  authorProfileUrl: z.string().nullable(),
  text: z.string(),
  /** Sanitised by the core at ingest; the renderer sanitises again before display. */
  html: z.string().nullable(),
  createdAt: z.number(),
  permalink: z.string().nullable(),
  isContext: z.boolean(),
  deletedAt: z.number().nullable(),
  editedAt: z.number().nullable(),
  /** On-device signals of an inbound message; needsReply is null until scored, sentiment also when the language is not rated. */
  sentiment: z.enum(['negative', 'neutral', 'positive']).nullable().optional(),
  needsReply: z.boolean().nullable().optional(),
  /** Files that came with it, in the platform's order (the index `messages.attachment` takes); absent when none. */
  attachments: z.array(messageAttachmentSchema).optional(),
})

export const conversationDetailSchema = conversationSummarySchema.extend({
  createdAt: z.number(),
  firstReplyAt: z.number().nullable(),
  contactId: idSchema.nullable(),
})

export const viewCountsSchema = z.object({
  inbox: z.number().int(),
  unassigned: z.number().int(),
  mine: z.number().int(),
  needs_approval: z.number().int(),
  pending: z.number().int(),
  snoozed: z.number().int(),
  done: z.number().int(),
})

export const accountCountsSchema = z.object({
  accountId: idSchema,
  unread: z.number().int(),
})

export const countsSchema = z.object({
  views: viewCountsSchema,
  accounts: z.array(accountCountsSchema),
})

export const draftSchema = z.object({
  conversationId: idSchema,
  body: z.string(),
  updatedAt: z.number(),
})

export type Platform = z.infer<typeof platformSchema>
export type ConversationKind = z.infer<typeof conversationKindSchema>
export type ConversationStatus = z.infer<typeof conversationStatusSchema>
export type View = z.infer<typeof viewSchema>
export type Profile = z.infer<typeof profileSchema>
export type ChannelAccount = z.infer<typeof channelAccountSchema>
export type ConversationSummary = z.infer<typeof conversationSummarySchema>
export type ConversationDetail = z.infer<typeof conversationDetailSchema>
export type Message = z.infer<typeof messageSchema>
export type Counts = z.infer<typeof countsSchema>
export type Draft = z.infer<typeof draftSchema>
export type StreamHealth = z.infer<typeof streamHealthSchema>
export type StreamIncident = z.infer<typeof streamIncidentSchema>
export type AccountHealth = z.infer<typeof accountHealthSchema>
export type AccountBudget = z.infer<typeof accountBudgetSchema>
export type ConnectorInfo = z.infer<typeof connectorInfoSchema>

/* ---- People, approvals, outbox and audit (added with the approval workflow) ---- */

export const profileInfoSchema = profileSchema.extend({
  /** Stable id for syncing records between laptops later. */
  uid: z.string(),
  hasPassphrase: z.boolean(),
  createdAt: z.number(),
})

/**
 * Who this session works as, with the real role. locked: a supervisor or admin whose
 * passphrase has not been entered since Parley started (or who has none yet); until it
 * is, they act with an agent's rights, so a restart never grants a role.
 */
export const sessionProfileSchema = profileSchema.extend({
  hasPassphrase: z.boolean(),
  locked: z.boolean(),
})

/** The second approval step: any one, or all, of a named group (profile ids). */
export const secondStepSchema = z
  .object({
    group: z.array(idSchema).min(1).max(50),
    mode: z.enum(['any', 'all']),
  })
  .strict()

/**
 * One policy rule. Every condition given must hold (AND); inside a list any entry may match (OR);
 * a rule without conditions matches every reply. Keywords match case-insensitively anywhere in the text.
 */
export const policyRuleSchema = z
  .object({
    id: z.string().min(1).max(64),
    label: z.string().max(200).default(''),
    when: z
      .object({
        profileIds: z.array(idSchema).max(200).optional(),
        roles: z.array(roleSchema).max(3).optional(),
        channelAccountIds: z.array(idSchema).max(200).optional(),
        keywords: z.array(trimmedString(100).min(1)).max(200).optional(),
      })
      .strict()
      .default({}),
    approval: z.enum(['always', 'never']),
    secondStep: secondStepSchema.nullable().default(null),
  })
  .strict()
  .refine((r) => r.approval === 'always' || r.secondStep === null, { message: 'a rule that never needs approval cannot have a second step', path: ['secondStep'] })

/** Rules run in order and the first that matches decides; when none matches, the author's role decides. */
export const approvalPolicySchema = z
  .object({
    rules: z.array(policyRuleSchema).max(100).default([]),
    roleDefaults: z
      .object({ agent: z.enum(['always', 'never']), supervisor: z.enum(['always', 'never']), admin: z.enum(['always', 'never']) })
      .strict()
      .default({ agent: 'always', supervisor: 'never', admin: 'never' }),
    /** How long a queued reply can be undone before it goes out. */
    undoWindowMs: z.number().int().min(0).max(5 * 60_000).default(10_000),
  })
  .strict()

export const approvalStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('supervisor') }),
  z.object({ kind: z.literal('group'), group: z.array(idSchema), mode: z.enum(['any', 'all']) }),
])

export const approvalVerdictSchema = z.object({
  required: z.boolean(),
  steps: z.array(approvalStepSchema),
  /** In plain words: which rule or default decided. */
  reason: z.string(),
})

export const approvalStatusSchema = z.enum(['pending', 'approved', 'changes_requested', 'rejected', 'void'])

export const approvalDecisionSchema = z.object({
  id: z.string(),
  step: z.number().int(),
  profile: profileSchema,
  action: z.enum(['approved', 'edited_and_approved', 'changes_requested', 'rejected']),
  note: z.string().nullable(),
  at: z.number(),
})

export const approvalSchema = z.object({
  /** Stable random id (for a later sync between laptops). */
  id: z.string(),
  conversationId: idSchema,
  accountId: idSchema.nullable(),
  /** Remote id of the message the reply answers. */
  inReplyTo: z.string().nullable(),
  author: profileSchema,
  /** The text that goes out (the approver's, after an edit). */
  body: z.string(),
  /** The author's text when an approver edited it: the base of the diff the author sees. */
  originalBody: z.string().nullable(),
  editedBy: profileSchema.nullable(),
  /** sha256 of the text and target; approving needs the hash the approver saw. */
  bodyHash: z.string(),
  status: approvalStatusSchema,
  /** The step waiting for a decision (1 = a supervisor, 2 = the named group). */
  step: z.number().int(),
  steps: z.array(approvalStepSchema),
  decisions: z.array(approvalDecisionSchema),
  decidedBy: profileSchema.nullable(),
  decisionNote: z.string().nullable(),
  reason: z.string(),
  createdAt: z.number(),
  decidedAt: z.number().nullable(),
  /** How long it waited (so far, while pending). */
  waitedMs: z.number(),
  /** The latest the platform accepts a reply, when it limits that; null otherwise. */
  deadline: z.number().nullable(),
})

export const outboxStateSchema = z.enum(['queued', 'sending', 'sent', 'failed', 'unconfirmed', 'cancelled'])

export const outboxItemSchema = z.object({
  id: z.string(),
  conversationId: idSchema,
  accountId: idSchema,
  approvalId: z.string().nullable(),
  authorId: idSchema.nullable(),
  body: z.string(),
  inReplyTo: z.string().nullable(),
  state: outboxStateSchema,
  /** Why a queued reply waits for the user (new activity in the thread), or null. */
  holdReason: z.string().nullable(),
  attempts: z.number().int(),
  notBefore: z.number(),
  remoteId: z.string().nullable(),
  permalink: z.string().nullable(),
  /** The platform's message in plain words after a failure, or why the outcome is unknown. */
  lastError: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  sentAt: z.number().nullable(),
  /** 'moderation': a hide, delete or block queued like a reply; its body says what it does. */
  kind: z.enum(['reply', 'moderation']).optional(),
  /** Who is answered and in which thread (outbox.list fills it): the author of the post replied to, and the thread's title or opening words. */
  answering: z.object({ name: z.string(), handle: z.string(), thread: z.string() }).nullable().optional(),
})

export const auditKindSchema = z.enum([
  'drafted',
  'submitted',
  'edited',
  'approved',
  'changes_requested',
  'rejected',
  'voided',
  'queued',
  'held',
  'released',
  'sending',
  'sent',
  'failed',
  'unconfirmed',
  'cancelled',
  /** The approver took their approval back inside the undo window: the request waits for a decision again. */
  'reopened',
])

export const auditEventSchema = z.object({
  id: idSchema,
  at: z.number(),
  profileId: idSchema.nullable(),
  conversationId: idSchema.nullable(),
  kind: auditKindSchema,
  payload: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
})

export const auditVerdictSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first row whose hash or link does not match, in plain words. */
  firstBroken: z.object({ id: idSchema, reason: z.string() }).nullable(),
})

export type ProfileInfo = z.infer<typeof profileInfoSchema>
export type SessionProfile = z.infer<typeof sessionProfileSchema>
export type Role = z.infer<typeof roleSchema>
export type SecondStep = z.infer<typeof secondStepSchema>
export type PolicyRule = z.infer<typeof policyRuleSchema>
export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>
export type ApprovalStep = z.infer<typeof approvalStepSchema>
export type ApprovalVerdict = z.infer<typeof approvalVerdictSchema>
export type ApprovalStatus = z.infer<typeof approvalStatusSchema>
export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>
export type Approval = z.infer<typeof approvalSchema>
export type OutboxState = z.infer<typeof outboxStateSchema>
export type OutboxItem = z.infer<typeof outboxItemSchema>
export type AuditKind = z.infer<typeof auditKindSchema>
export type AuditEvent = z.infer<typeof auditEventSchema>
export type AuditVerdict = z.infer<typeof auditVerdictSchema>
