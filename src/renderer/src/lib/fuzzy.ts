import { matchSorter, rankings } from 'match-sorter'

/**
 * Filtering for the command palette and the pickers, ranked by match-sorter: an exact name first, then
 * names that start with the query, then a word that starts with it, then the query inside a word, then
 * an acronym ("rtr" → "Reject the reply"), and last the letters in order anywhere. So "save" ranks
 * "Save this search…" above "Select every loaded conversation", which only has s…a…v…e scattered in it.
 *
 * `text` gives one string, or several in order of weight (the label, then other names, then the group):
 * an entry ranks by its best match, and equal ranks keep the list's own order.
 */
export function fuzzyFilter<T>(query: string, entries: readonly T[], text: (entry: T) => string | string[]): T[] {
  const q = query.trim()
  if (!q) return [...entries]
  return matchSorter(entries, q, {
    keys: [(entry: T) => text(entry)],
    threshold: rankings.MATCHES,
    baseSort: (a, b) => a.index - b.index,
  })
}
