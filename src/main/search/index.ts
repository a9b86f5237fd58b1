export { compileQuery, startOfDay, type CompiledQuery, type CompileOptions } from './compile'
export { highlightTerms, type HighlightTerm } from './highlight'
export { parseQuery, type Filter, type QueryAst, type QueryNode, type TextTerm } from './parse'
export { tokenize, type Token } from './tokenize'
