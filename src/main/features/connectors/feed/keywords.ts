/**
 * Keyword monitoring: the user lists words; an entry passes when its title or
 * text contains any of them, ignoring case and accents ("cafe" finds "Café").
 */

/** "Bikes, Café ,, tour de France" → ["bikes", "café", "tour de france"]. */
export function parseKeywords(input: string | undefined): string[] {
  const words = (input ?? '')
    .split(',')
    .map((w) => w.trim().replace(/\s+/g, ' ').toLowerCase())
    .filter((w) => w.length > 0)
  return [...new Set(words)]
}

/** Lower case without combining marks, so accents never decide a match. */
export function foldText(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

// Scripts written without spaces between words: a word boundary means nothing there.
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * Compiles the keyword list once per poll. A keyword must start a word
 * ("bike" finds "bikes" and "Bike-fit" but not "motorbike"); spaces inside a
 * keyword match any run of whitespace. An empty list lets everything through.
 */
export function keywordMatcher(keywords: readonly string[]): (text: string) => boolean {
  const folded = keywords.map(foldText).filter((k) => k.length > 0)
  if (folded.length === 0) return () => true
  const patterns = folded.map((k) => {
    const body = k.split(' ').map(escapeRegExp).join('\\s+')
    return UNSPACED_SCRIPT.test(k) ? body : `(?<![\\p{L}\\p{N}])${body}`
  })
  const regex = new RegExp(patterns.join('|'), 'u')
  return (text) => regex.test(foldText(text))
}
