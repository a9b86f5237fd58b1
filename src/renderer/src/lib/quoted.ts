/**
 * The quoted history at the end of a message (a mail program's "> …" lines under "On … wrote:", or
 * Outlook's "-----Original Message-----" and everything after it), so the thread shows what is new and
 * folds what every earlier message already showed. Quotes in the middle of a message (an answer written
 * between the lines) stay where they are.
 */
export interface QuotedSplit {
  body: string
  /** The folded part, from its attribution line on; null when there is nothing to fold. */
  quoted: string | null
}

const QUOTE_LINE = /^\s*>/
/** "On Tue, 3 Dec 2026 at 10:02, Hana <hana@example.com> wrote:", "Am … schrieb …:", "Le … a écrit :". */
export const ATTRIBUTION = /:\s*$/
/** Outlook and similar: a separator line, then the earlier message's headers. */
export const FORWARD_SEPARATOR = /^\s*(-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|forwarded message)\s*-{2,}|_{20,})\s*$/i
/** A block this long folds even without an attribution line (a mailing list's bare quote). */
export const BARE_QUOTE_LINES = 3

function split(lines: string[], at: number): QuotedSplit | null {
  const body = lines.slice(0, at).join('\n').trimEnd()
  // A message that is nothing but a quote (a forward without a word) is shown whole.
  return body ? { body, quoted: lines.slice(at).join('\n') } : null
}

export function splitQuoted(text: string): QuotedSplit {
  const lines = text.split('\n')
  const separator = lines.findIndex((l) => FORWARD_SEPARATOR.test(l))
  if (separator !== -1) return split(lines, separator) ?? { body: text, quoted: null }
  let end = lines.length
  while (end > 0 && !lines[end - 1]!.trim()) end--
  let start = end
  while (start > 0 && (QUOTE_LINE.test(lines[start - 1]!) || !lines[start - 1]!.trim())) start--
  while (start < end && !lines[start]!.trim()) start++
  const quoteLines = lines.slice(start, end).filter((l) => QUOTE_LINE.test(l)).length
  if (!quoteLines) return { body: text, quoted: null }
  let from = start
  // The attribution may wrap over two lines in plain-text mail ("On …, Hana" / "<hana@…> wrote:").
  for (let back = 1; back <= 2 && start - back >= 0; back++) {
    if (ATTRIBUTION.test(lines[start - back]!) && lines[start - back]!.trim()) {
      from = start - back
      break
    }
  }
  // "<hana@…> wrote:" continues the line above it.
  if (from < start && from > 0 && /^\s*[<a-z]/.test(lines[from]!) && lines[from - 1]!.trim()) from--
  if (from === start && quoteLines < BARE_QUOTE_LINES) return { body: text, quoted: null }
  return split(lines, from) ?? { body: text, quoted: null }
}
