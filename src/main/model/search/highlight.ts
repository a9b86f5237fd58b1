import type { QueryAst } from './parse'

export interface HighlightTerm {
  text: string
  /** Matches any word starting with text. */
  prefix: boolean
  phrase: boolean
}

/** [start, end) in UTF-16 code units of the text, as String.slice takes them. */
export type Range = [start: number, end: number]

/** The positive text terms of a query, for the renderer to highlight. */
export function highlightTerms(ast: QueryAst): HighlightTerm[] {
  const terms: HighlightTerm[] = []
  for (const n of ast.nodes) {
    if (n.negated || !/[\p{L}\p{N}]/u.test(n.type === 'filter' ? '' : n.value)) continue
    if (n.type === 'word') terms.push({ text: n.value, prefix: n.prefix, phrase: false })
    else if (n.type === 'phrase') terms.push({ text: n.value, prefix: false, phrase: true })
  }
  return terms
}

const WORD = /[\p{L}\p{N}]+/gu

/** Folds a word the way the FTS index does (unicode61, remove_diacritics 2): lower case, no accents. */
const fold = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

interface Word {
  start: number
  end: number
  folded: string
}

function words(text: string): Word[] {
  return [...text.matchAll(WORD)].map((m) => ({ start: m.index, end: m.index + m[0].length, folded: fold(m[0]) }))
}

/**
 * Where the terms occur in a text, by the FTS index's rules: a term is a run of words (a phrase, or a
 * word with punctuation such as kim@example.com), the last of which may be a prefix. Sorted, merged.
 */
export function highlightRanges(text: string, terms: readonly HighlightTerm[]): Range[] {
  if (!text || !terms.length) return []
  const ws = words(text)
  const found: Range[] = []
  for (const term of terms) {
    const parts = words(term.text).map((w) => w.folded)
    if (!parts.length) continue
    for (let i = 0; i + parts.length <= ws.length; i++) {
      const ok = parts.every((p, j) => {
        const w = ws[i + j]!.folded
        return term.prefix && j === parts.length - 1 ? w.startsWith(p) : w === p
      })
      if (ok) found.push([ws[i]!.start, ws[i + parts.length - 1]!.end])
    }
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const merged: Range[] = []
  for (const r of found) {
    const last = merged[merged.length - 1]
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1])
    else merged.push([r[0], r[1]])
  }
  return merged
}

/**
 * A window of about `width` characters around the first match (the whole text when short), with the
 * ranges moved to the window. Ellipses mark cut ends.
 */
export function snippet(text: string, terms: readonly HighlightTerm[], width = 160): { text: string; ranges: Range[] } {
  const flat = text.replace(/\s+/g, ' ').trim()
  const ranges = highlightRanges(flat, terms)
  if (flat.length <= width) return { text: flat, ranges }
  const first = ranges[0]?.[0] ?? 0
  let start = Math.max(0, first - Math.floor(width / 3))
  // Start at a word boundary so the window does not begin mid-word.
  if (start > 0) {
    const space = flat.lastIndexOf(' ', start)
    start = space >= 0 && first - space < width / 2 ? space + 1 : start
  }
  const end = Math.min(flat.length, start + width)
  const prefix = start > 0 ? '…' : ''
  const body = flat.slice(start, end)
  const shift = prefix.length - start
  const moved = ranges
    .filter(([a, b]) => a >= start && b <= end)
    .map(([a, b]): Range => [a + shift, b + shift])
  return { text: `${prefix}${body}${end < flat.length ? '…' : ''}`, ranges: moved }
}
