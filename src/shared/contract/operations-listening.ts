import { z } from 'zod'
import { conversationKindSchema, idSchema, outboxItemSchema, platformSchema, trimmedString } from './entities'

export const sentimentSchema = z.enum(['negative', 'neutral', 'positive'])
export type Sentiment = z.infer<typeof sentimentSchema>

/** A query in the inbox search syntax; "refund OR broken" tracks either. */
const querySchema = trimmedString(500).min(1, 'Type what to track, e.g. refund OR broken.')
const nameSchema = trimmedString(80).min(1, 'Give it a name.')

export const topicSchema = z.object({
  id: idSchema,
  name: z.string(),
  query: z.string(),
  enabled: z.boolean(),
  /** A desktop notification for each new match. */
  alert: z.boolean(),
  matchCount: z.number().int(),
  /** Matches since the user last looked (the badge). */
  unseen: z.number().int(),
  createdAt: z.number(),
})
export type Topic = z.infer<typeof topicSchema>

export const topicMatchSchema = z.object({
  topicId: idSchema,
  topicName: z.string(),
  messageId: idSchema,
  conversationId: idSchema,
  authorName: z.string(),
  /** Plain text; the renderer shows it as text. */
  text: z.string(),
  platform: platformSchema,
  sentiment: sentimentSchema.nullable(),
  matchedAt: z.number(),
})
export type TopicMatch = z.infer<typeof topicMatchSchema>

export const ruleConditionsSchema = z
  .object({
    /** Search syntax (OR between alternatives) matched against the message. */
    text: trimmedString(500).optional(),
    accountIds: z.array(idSchema).max(50).optional(),
    platforms: z.array(platformSchema).max(32).optional(),
    kinds: z.array(conversationKindSchema).max(4).optional(),
    /** Part of the author's handle or name. */
    author: trimmedString(100).optional(),
    /** ISO 639-1 codes, when the platform says the language. */
    languages: z.array(trimmedString(8).min(2)).max(20).optional(),
    sentiments: z.array(sentimentSchema).max(3).optional(),
    needsReply: z.boolean().optional(),
    /** Follower counts, where the platform reports them; unknown never matches a bound. */
    minFollowers: z.number().int().min(0).optional(),
    maxFollowers: z.number().int().min(0).optional(),
  })
  .strict()
export type RuleConditions = z.infer<typeof ruleConditionsSchema>

export const prioritySchema = z.enum(['low', 'normal', 'high', 'urgent'])

export const ruleActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('tag'), tag: trimmedString(60).min(1) }).strict(),
  z.object({ type: z.literal('assign'), profileId: idSchema }).strict(),
  z.object({ type: z.literal('status'), status: z.enum(['open', 'pending', 'done']) }).strict(),
  z.object({ type: z.literal('priority'), priority: prioritySchema }).strict(),
  z.object({ type: z.literal('hide') }).strict(),
  z.object({ type: z.literal('delete') }).strict(),
  z.object({ type: z.literal('block') }).strict(),
  z.object({ type: z.literal('spam') }).strict(),
  /** Close the thread at the platform (a forum topic) to new replies, through the outbox. */
  z.object({ type: z.literal('close') }).strict(),
  /** Publish an item the platform held for review (YouTube) or queued for its moderators (Reddit), through the outbox. */
  z.object({ type: z.literal('approve') }).strict(),
  z.object({ type: z.literal('notify') }).strict(),
])
export type RuleAction = z.infer<typeof ruleActionSchema>
export type RuleActionType = RuleAction['type']

export const ruleSchema = z.object({
  id: idSchema,
  name: z.string(),
  position: z.number().int(),
  enabled: z.boolean(),
  conditions: ruleConditionsSchema,
  actions: z.array(ruleActionSchema),
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type Rule = z.infer<typeof ruleSchema>

/** One action a rule took (or, in a dry run, would take) on one conversation. */
export const ruleOutcomeSchema = z.object({
  ruleId: z.number().int(),
  ruleName: z.string(),
  conversationId: idSchema,
  messageId: idSchema.nullable(),
  action: ruleActionSchema,
  /** "tagged refund", "would block @spam" — the words the timeline uses. */
  description: z.string(),
})
export type RuleOutcome = z.infer<typeof ruleOutcomeSchema>

export const dryRunResultSchema = z.object({
  ruleName: z.string(),
  scanned: z.number().int(),
  matched: z.number().int(),
  /** The most recent matches first, capped at `limit`. */
  rows: z.array(
    ruleOutcomeSchema.extend({ authorName: z.string(), text: z.string(), createdAt: z.number() }).omit({ ruleId: true }),
  ),
  truncated: z.boolean(),
})
export type DryRunResult = z.infer<typeof dryRunResultSchema>

export const appliedRuleActionSchema = ruleOutcomeSchema.extend({
  id: idSchema,
  at: z.number(),
  undoable: z.boolean(),
  undoneAt: z.number().nullable(),
  outboxItemId: z.string().nullable(),
})
export type AppliedRuleAction = z.infer<typeof appliedRuleActionSchema>

export const signalsStatusSchema = z.object({ scored: z.number().int(), unscored: z.number().int(), running: z.boolean() })

export const spamItemSchema = z.object({
  conversationId: idSchema,
  authorName: z.string(),
  authorHandle: z.string(),
  preview: z.string(),
  platform: platformSchema,
  score: z.number().int(),
  reasons: z.array(z.string()),
  marked: z.boolean(),
  markedByRule: z.string().nullable(),
  lastActivityAt: z.number(),
})
export type SpamItem = z.infer<typeof spamItemSchema>

const ruleInput = z
  .object({
    id: idSchema.optional(),
    name: nameSchema,
    conditions: ruleConditionsSchema,
    actions: z.array(ruleActionSchema).min(1, 'Pick at least one action.').max(10),
  })
  .strict()

/** Operations of tracked topics, rules, moderation, sentiment, spam. Spread into `operations`; names go in names-listening.ts. */
export const listeningOperations = {
  'topics.list': { input: z.object({}).strict(), output: z.array(topicSchema) },
  'topics.save': {
    input: z.object({ id: idSchema.optional(), name: nameSchema, query: querySchema, enabled: z.boolean().default(true), alert: z.boolean().default(true) }).strict(),
    output: topicSchema,
  },
  'topics.delete': { input: z.object({ id: idSchema }).strict(), output: z.object({ deleted: z.boolean() }) },
  'topics.matches': {
    input: z.object({ topicId: idSchema.optional(), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    output: z.array(topicMatchSchema),
  },
  /** Matches per topic for one day (the optional daily digest view). */
  'topics.digest': {
    input: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional() }).strict(),
    output: z.object({ day: z.string(), total: z.number().int(), topics: z.array(z.object({ topicId: idSchema, name: z.string(), count: z.number().int(), samples: z.array(topicMatchSchema) })) }),
  },
  /** Clears the badge. */
  'topics.markSeen': { input: z.object({}).strict(), output: z.object({ seenAt: z.number() }) },
  /** How many stored items a query would have matched, before it is tracked (newest first, capped like a dry run). */
  'topics.preview': {
    input: z.object({ query: querySchema }).strict(),
    output: z.object({ matched: z.number().int(), scanned: z.number().int(), truncated: z.boolean() }),
  },
  'rules.list': { input: z.object({}).strict(), output: z.array(ruleSchema) },
  /** New rules start disabled: dry-run first, then enable. */
  'rules.save': { input: ruleInput, output: ruleSchema },
  'rules.delete': { input: z.object({ id: idSchema }).strict(), output: z.object({ deleted: z.boolean() }) },
  /** The full order, first rule first. */
  'rules.reorder': { input: z.object({ ids: z.array(idSchema).max(500) }).strict(), output: z.array(ruleSchema) },
  'rules.setEnabled': { input: z.object({ id: idSchema, enabled: z.boolean() }).strict(), output: ruleSchema },
  /** What a rule (saved, or as edited) would have matched and done on stored history; changes nothing. */
  'rules.dryRun': {
    input: z
      .object({ id: idSchema.optional(), rule: ruleInput.omit({ id: true }).optional(), limit: z.number().int().min(1).max(500).default(100) })
      .strict()
      .refine((v) => v.id !== undefined || v.rule !== undefined, 'Pick a rule or describe one.'),
    output: dryRunResultSchema,
  },
  /** What rules did, for a conversation's timeline or a rule's history. */
  'rules.actions': {
    input: z.object({ conversationId: idSchema.optional(), ruleId: idSchema.optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.array(appliedRuleActionSchema),
  },
  /** Undo one local action a rule took (tag, assign, status, priority, spam). */
  'rules.undo': { input: z.object({ id: idSchema }).strict(), output: appliedRuleActionSchema },
  /**
   * A person asks to hide, delete, block, flag, move (to `folder`, which must exist at the platform) or close (the thread)
   * from a conversation: queued in the outbox like a reply.
   */
  'moderation.request': {
    input: z
      .object({
        conversationId: idSchema,
        messageId: idSchema.optional(),
        action: z.enum(['hide', 'delete', 'block', 'flag', 'move', 'close', 'approve']),
        folder: z.string().max(200).trim().min(1, 'Name the folder to move it to.').optional(),
      })
      .strict()
      .refine((v) => v.action !== 'move' || v.folder !== undefined, { message: 'Name the folder to move it to.', path: ['folder'] }),
    output: outboxItemSchema,
  },
  /** Scores stored messages that have no signals yet, in batches; progress arrives as signals.progress. */
  'signals.backfill': { input: z.object({}).strict(), output: signalsStatusSchema },
  'signals.status': { input: z.object({}).strict(), output: signalsStatusSchema },
  'spam.list': { input: z.object({ limit: z.number().int().min(1).max(200).default(100) }).strict(), output: z.array(spamItemSchema) },
  'spam.mark': { input: z.object({ conversationId: idSchema, spam: z.boolean() }).strict(), output: z.object({ marked: z.boolean() }) },
} as const

export const listeningEvents = {
  /** A tracked topic matched a new item (one per topic and item, however often it is polled), or a rule's notify action. */
  'listening.alert': z.object({ topicId: idSchema.nullable(), topicName: z.string(), ruleName: z.string().nullable(), conversationId: idSchema, messageId: idSchema, authorName: z.string(), text: z.string().max(140), notify: z.boolean() }),
  /** Topics, matches, rules or spam changed: screens refetch. */
  'listening.changed': z.object({ unseen: z.number().int() }),
  'signals.progress': z.object({ done: z.number().int(), total: z.number().int(), finished: z.boolean() }),
} as const
