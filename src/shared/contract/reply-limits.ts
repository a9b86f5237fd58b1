import { z } from 'zod'

/**
 * How a platform counts a reply's length. Pure (no DOM, no Node): the composer and the core
 * count with the same function, so what the counter shows is what submit enforces.
 */
export const replyCountingSchema = z.enum(['graphemes', 'characters-url-23'])
export type ReplyCounting = z.infer<typeof replyCountingSchema>

export const replyLimitsSchema = z.object({ maxLength: z.number().int().positive(), counting: replyCountingSchema })
export type ReplyLimits = z.infer<typeof replyLimitsSchema>

/** What the composer and the approval card show before a reply goes out. */
export const replyFactsSchema = z.object({
  platformLabel: z.string(),
  /** Null when the platform does not limit a reply's length (or the conversation is a demo). */
  limits: replyLimitsSchema.nullable(),
  /** The latest time the platform accepts a reply here, when it has a reply window. */
  deadline: z.number().nullable(),
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

/** The reply's length counted the platform's way. */
export function replyLength(text: string, counting: ReplyCounting): number {
  if (counting === 'graphemes') return graphemes(text)
  let urls = 0
  // Trailing punctuation ends a sentence, not the link: it counts as text.
  const rest = text.replace(URL_PATTERN, (url) => {
    urls++
    return /[.,:;!?)\]'"]+$/u.exec(url)?.[0] ?? ''
  })
  return codePoints(rest) + urls * URL_WEIGHT
}

/** The plain-words refusal for a reply over the platform's limit (or null when it fits). */
export function overLengthMessage(text: string, limits: ReplyLimits | null, platformLabel: string): string | null {
  if (!limits) return null
  const length = replyLength(text, limits.counting)
  if (length <= limits.maxLength) return null
  const unit = limits.counting === 'graphemes' ? 'characters' : 'characters (each link counts as 23)'
  return `${platformLabel} accepts at most ${limits.maxLength} ${unit} in a reply; this one has ${length}. Nothing was sent: shorten it by ${length - limits.maxLength} and submit it again.`
}
