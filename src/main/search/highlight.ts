import type { QueryAst } from './parse'

export interface HighlightTerm {
  text: string
  /** Matches any word starting with text. */
  prefix: boolean
  phrase: boolean
}

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
