export { QuerySyntaxError } from './error'
export { highlightRanges, highlightTerms, snippet, type HighlightTerm, type Range } from './highlight'
export { parseQuery, FILTER_KEYS, KINDS, STATES, type Filter, type QueryAst, type QueryNode, type TextTerm } from './parse'
export { tokenize, type Token } from './tokenize'
