/** The "/name" or ";name" word being typed at the caret, for the canned-reply picker; null when there is none. */
export function cannedTrigger(body: string, caret: number): { start: number; end: number; filter: string } | null {
  let start = caret
  while (start > 0 && !/\s/.test(body[start - 1]!)) start--
  const ch = body[start]
  if (ch !== '/' && ch !== ';') return null
  let end = caret
  while (end < body.length && !/\s/.test(body[end]!)) end++
  const filter = body.slice(start + 1, caret)
  // "//" or ";;" (and anything with another trigger inside) is text, not a lookup.
  if (/[/;]/.test(filter)) return null
  return { start, end, filter }
}
