import twitterText from 'twitter-text'
import { z } from 'zod'

/**
 * How a platform counts a reply's length. Pure (no DOM, no Node): the composer and the core
 * count with the same function, so what the counter shows is what submit enforces.
 */
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

/** Mastodon counts every URL as 23 characters, however long (its own composer does the same). */
export const URL_WEIGHT = 23
const URL_PATTERN = /https?:\/\/[^\s<>"]+/giu

let segmenter: Intl.Segmenter | null = null
function graphemes(text: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })
  let n = 0
  for (const _ of segmenter.segment(text)) n++
  return n
}

/** Code points, as Mastodon counts (an emoji of two UTF-16 units is one character). */
const codePoints = (text: string): number => Array.from(text).length

/** A remote mention (@user@example.social) counts by its user part under characters-url-23, as that server counts it. */
const REMOTE_MENTION = /(^|[^\p{L}\p{N}_/])@([\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*)@[\p{L}\p{N}.-]+[\p{L}\p{N}]/gu

/** The reply's length counted the platform's way. */
export function replyLength(text: string, counting: ReplyCounting): number {
  if (counting === 'graphemes') return graphemes(text)
  // The published counter's own rules (weights, link detection, link length), not an approximation of them.
  if (counting === 'weighted-url-23') return twitterText.parseTweet(text).weightedLength
  let urls = 0
  // Trailing punctuation ends a sentence, not the link: it counts as text.
  const rest = text.replace(URL_PATTERN, (url) => {
    urls++
    return /[.,:;!?)\]'"]+$/u.exec(url)?.[0] ?? ''
  })
  return codePoints(rest.replace(REMOTE_MENTION, '$1@$2')) + urls * URL_WEIGHT
}

/** Whether the text holds a link (a platform may charge more for a post with one). */
export function hasLink(text: string): boolean {
  return /https?:\/\/\S/i.test(text) || twitterText.extractUrlsWithIndices(text).length > 0
}

/** The plain-words refusal for a reply over the platform's limit (or null when it fits). */
export function overLengthMessage(text: string, limits: ReplyLimits | null, platformLabel: string): string | null {
  if (!limits) return null
  const length = replyLength(text, limits.counting)
  if (length <= limits.maxLength) return null
  const unit = countingUnit(limits.counting)
  return `${platformLabel} accepts at most ${limits.maxLength} ${unit} in a reply; this one has ${length}. Nothing was sent: shorten it by ${length - limits.maxLength} and submit it again.`
}

/** How the count is explained next to the number ("characters, each link counts as 23"). */
export function countingUnit(counting: ReplyCounting): string {
  if (counting === 'graphemes') return 'characters'
  if (counting === 'weighted-url-23') return 'characters (each link counts as 23, most CJK characters and emoji as 2)'
  return 'characters (each link counts as 23)'
}
