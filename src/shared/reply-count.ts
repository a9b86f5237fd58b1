import type { ReplyCounting, ReplyLimits } from './contract/reply-limits'

/**
 * How a platform counts a reply's length. Pure (no DOM, no Node): the composer and the core count with
 * the same functions, so what the counter shows is what submit enforces. Kept out of the contract's
 * index so that importing the contract does not load twitter-text: the renderer hands the package in,
 * the core loads it on first use (features/reply/counter.ts), so neither start pays for it.
 */

/** The two parts of twitter-text the weighted count uses. */
export interface WeightedCounter {
  parseTweet(text: string): { weightedLength: number }
  extractUrlsWithIndices(text: string): unknown[]
}

export interface ReplyCounter {
  /** The reply's length counted the platform's way. */
  replyLength(text: string, counting: ReplyCounting): number
  /** Whether the text holds a link (a platform may charge more for a post with one). */
  hasLink(text: string): boolean
  /** The plain-words refusal for a reply over the platform's limit (or null when it fits). */
  overLengthMessage(text: string, limits: ReplyLimits | null, platformLabel: string): string | null
}

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

/** The counting functions, with twitter-text asked for only when a weighted count needs it. */
export function replyCounter(weighted: () => WeightedCounter): ReplyCounter {
  const replyLength = (text: string, counting: ReplyCounting): number => {
    if (counting === 'graphemes') return graphemes(text)
    // The published counter's own rules (weights, link detection, link length), not an approximation of them.
    if (counting === 'weighted-url-23') return weighted().parseTweet(text).weightedLength
    let urls = 0
    // Trailing punctuation ends a sentence, not the link: it counts as text.
    const rest = text.replace(URL_PATTERN, (url) => {
      urls++
      return /[.,:;!?)\]'"]+$/u.exec(url)?.[0] ?? ''
    })
    return codePoints(rest.replace(REMOTE_MENTION, '$1@$2')) + urls * URL_WEIGHT
  }
  return {
    replyLength,
    hasLink: (text) => /https?:\/\/\S/i.test(text) || weighted().extractUrlsWithIndices(text).length > 0,
    overLengthMessage: (text, limits, platformLabel) => {
      if (!limits) return null
      const length = replyLength(text, limits.counting)
      if (length <= limits.maxLength) return null
      const unit = countingUnit(limits.counting)
      return `${platformLabel} accepts at most ${limits.maxLength} ${unit} in a reply; this one has ${length}. Nothing was sent: shorten it by ${length - limits.maxLength} and submit it again.`
    },
  }
}

/** How the count is explained next to the number ("characters, each link counts as 23"). */
export function countingUnit(counting: ReplyCounting): string {
  if (counting === 'graphemes') return 'characters'
  if (counting === 'weighted-url-23') return 'characters (each link counts as 23, most CJK characters and emoji as 2)'
  return 'characters (each link counts as 23)'
}
