import { QuerySyntaxError } from './error'

/** One whitespace-separated piece of a query, before its meaning is known. Columns are 1-based. */
export interface Token {
  column: number
  negated: boolean
  /** Lower-cased filter key without the colon, when the token is `key:value`. */
  key: string | null
  /** Column of the filter key (or of the text), after any leading '-'. */
  keyColumn: number
  value: string
  /** The value (or the whole text term) was written in double quotes. */
  quoted: boolean
  /** An unquoted word ending in '*'. */
  prefix: boolean
  /** Characters from keyColumn to the end of the token (for underlining a problem). */
  length: number
}

const KEY = /^([A-Za-z]+):/

/** Splits a query into tokens. Throws QuerySyntaxError (a bad_input ParleyError) for an unclosed quote. */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const n = query.length
  const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/u.test(ch)

  const readQuoted = (start: number): { value: string; end: number } => {
    const close = query.indexOf('"', start + 1)
    if (close === -1) throw new QuerySyntaxError(`Unclosed quote starting at column ${start + 1}.`, start + 1, n - start)
    return { value: query.slice(start + 1, close), end: close + 1 }
  }
  const readBare = (start: number): { value: string; end: number } => {
    let end = start
    while (end < n && !isSpace(query[end]) && query[end] !== '"') end++
    return { value: query.slice(start, end), end }
  }

  while (i < n) {
    if (isSpace(query[i])) {
      i++
      continue
    }
    const column = i + 1
    let negated = false
    if (query[i] === '-' && i + 1 < n && !isSpace(query[i + 1])) {
      negated = true
      i++
    }
    const keyColumn = i + 1
    const key = query[i] === '"' ? null : KEY.exec(query.slice(i))
    // "https://..." is text, not a filter.
    if (key && query[i + key[0].length] !== '/') {
      const valueStart = i + key[0].length
      const quoted = query[valueStart] === '"'
      const read = quoted ? readQuoted(valueStart) : readBare(valueStart)
      tokens.push({ column, negated, key: key[1]!.toLowerCase(), keyColumn, value: read.value, quoted, prefix: false, length: read.end - i })
      i = read.end
    } else if (query[i] === '"') {
      const read = readQuoted(i)
      tokens.push({ column, negated, key: null, keyColumn, value: read.value, quoted: true, prefix: false, length: read.end - i })
      i = read.end
    } else {
      const read = readBare(i)
      const prefix = read.value.length > 1 && read.value.endsWith('*')
      const value = prefix ? read.value.slice(0, -1) : read.value
      tokens.push({ column, negated, key: null, keyColumn, value, quoted: false, prefix, length: read.end - i })
      i = read.end
    }
  }
  return tokens
}
