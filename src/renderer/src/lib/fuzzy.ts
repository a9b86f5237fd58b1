/**
 * Fuzzy matching for the command palette and the pickers: every query character must appear in order;
 * matches at the start of words and runs of consecutive characters score higher. Lists here are a few
 * dozen entries, so a plain scan is enough.
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.trim().toLowerCase()
  if (!q) return 0
  const t = text.toLowerCase()
  let score = 0
  let from = 0
  let previous = -2
  for (const ch of q) {
    if (ch === ' ') continue
    const at = t.indexOf(ch, from)
    if (at < 0) return null
    const wordStart = at === 0 || /[\s\-_/:(]/.test(t[at - 1]!)
    score += (at === previous + 1 ? 5 : 1) + (wordStart ? 8 : 0) - Math.min(at - from, 10) * 0.1
    previous = at
    from = at + 1
  }
  return score
}

/** The entries that match, best first; equal scores keep their order. */
export function fuzzyFilter<T>(query: string, entries: readonly T[], text: (entry: T) => string): T[] {
  if (!query.trim()) return [...entries]
  return entries
    .map((entry, i) => ({ entry, i, score: fuzzyScore(query, text(entry)) }))
    .filter((m): m is { entry: T; i: number; score: number } => m.score !== null)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map((m) => m.entry)
}
