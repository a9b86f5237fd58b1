import { z } from 'zod'

/** How a platform counts a reply's length: the counting itself is in src/shared/reply-count.ts. */
/**
 * graphemes: what a reader sees as one character. characters-url-23: code points, every link 23, a remote
 * mention (@user@server) by its user part. weighted-url-23: twitter-text's weighted count (links 23, most
 * CJK characters and emoji 2), the counter that platform publishes for its own limit.
 */
export const replyCountingSchema = z.enum(['graphemes', 'characters-url-23', 'weighted-url-23'])
export type ReplyCounting = z.infer<typeof replyCountingSchema>

export const replyLimitsSchema = z.object({ maxLength: z.number().int().positive(), counting: replyCountingSchema })
export type ReplyLimits = z.infer<typeof replyLimitsSchema>

const conversationKindSchema = z.enum(['comment', 'mention', 'dm'])

/** What sending one reply costs at the platform: units of a quota, or money. From the connector's manifest. */
export const replyCostSchema = z.object({
  unit: z.enum(['quota-units', 'usd']),
  /** One reply to a comment or a mention. */
  reply: z.number().nonnegative(),
  /** One direct message, when it costs something else. */
  dm: z.number().nonnegative().optional(),
  /** A reply holding a link costs this instead. */
  withLink: z.number().nonnegative().optional(),
  /** What the cost comes out of, mid-sentence ("the Google project's 10,000 units a day"). */
  budget: z.string().optional(),
})
export type ReplyCost = z.infer<typeof replyCostSchema>

/** How late a reply may go out after the person's last message, for some kinds of conversation. From the manifest. */
export const replyWindowSchema = z.object({
  kinds: z.array(conversationKindSchema).min(1),
  hours: z.number().positive(),
  /** A longer window an account setting allows (a message tag); `setting` is the account setting's key. */
  extended: z.object({ hours: z.number().positive(), setting: z.string().min(1), label: z.string().min(1) }).optional(),
})
export type ReplyWindow = z.infer<typeof replyWindowSchema>

/** What the composer and the approval card show before a reply goes out. */
export const replyFactsSchema = z.object({
  platformLabel: z.string(),
  /** Null when the platform does not limit a reply's length (or the conversation is a demo). */
  limits: replyLimitsSchema.nullable(),
  /** The latest time the platform accepts a reply here, when it has a reply window (the standard one). */
  deadline: z.number().nullable(),
  /** The window's length and, where the account may use it, the longer one and when it closes. */
  window: z
    .object({ hours: z.number(), extended: z.object({ hours: z.number(), label: z.string(), until: z.number() }).nullable() })
    .nullable()
    .default(null),
  /** What this reply costs here (the kind of conversation decided); the composer adds the link price as the text changes. */
  cost: z
    .object({ unit: z.enum(['quota-units', 'usd']), amount: z.number(), withLink: z.number().nullable(), budget: z.string().nullable() })
    .nullable()
    .default(null),
  /** When the account may send again after the platform asked it to slow down; null when it may now. */
  cooldownUntil: z.number().nullable(),
})
export type ReplyFacts = z.infer<typeof replyFactsSchema>
