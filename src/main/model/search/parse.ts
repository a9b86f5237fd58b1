import { QuerySyntaxError } from './error'
import { tokenize } from './tokenize'

export const FILTER_KEYS = ['from', 'channel', 'kind', 'is', 'tag', 'assignee', 'before', 'after', 'needs', 'sentiment'] as const
export type FilterKey = (typeof FILTER_KEYS)[number]

export const KINDS = ['dm', 'comment', 'mention', 'feed'] as const
export const STATES = ['open', 'pending', 'snoozed', 'done', 'unread'] as const
/** The listening signals of a conversation's latest inbound message; `unrated` is a language Parley does not rate. */
export const SENTIMENTS = ['negative', 'neutral', 'positive', 'unrated'] as const

export type TextTerm =
  | { type: 'word'; value: string; prefix: boolean; negated: boolean }
  | { type: 'phrase'; value: string; negated: boolean }

export type Filter =
  | { type: 'filter'; key: 'from' | 'channel' | 'tag'; value: string; negated: boolean }
  | { type: 'filter'; key: 'kind'; value: (typeof KINDS)[number]; negated: boolean }
  | { type: 'filter'; key: 'is'; value: (typeof STATES)[number]; negated: boolean }
  | { type: 'filter'; key: 'assignee'; value: { me: true } | { none: true } | { name: string }; negated: boolean }
  | { type: 'filter'; key: 'before' | 'after'; value: string; negated: boolean }
  | { type: 'filter'; key: 'needs'; value: 'reply'; negated: boolean }
  | { type: 'filter'; key: 'sentiment'; value: (typeof SENTIMENTS)[number]; negated: boolean }

export type QueryNode = TextTerm | Filter

/** A parsed query: every node must hold (implicit AND). */
export interface QueryAst {
  nodes: QueryNode[]
}

function bad(message: string, at: { keyColumn: number; length: number }): never {
  throw new QuerySyntaxError(message, at.keyColumn, at.length)
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const here = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = here
    }
  }
  return row[b.length]!
}

function suggest(key: string): string {
  const best = FILTER_KEYS.map((k) => ({ k, d: distance(key, k) })).sort((x, y) => x.d - y.d)[0]!
  if (best.d <= 2) return ` Did you mean "${best.k}:"?`
  return ` Filters are ${FILTER_KEYS.map((k) => `${k}:`).join(', ')}; put the word in quotes to search for it.`
}

function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === value
}

const isKind = (v: string): v is (typeof KINDS)[number] => (KINDS as readonly string[]).includes(v)
const isState = (v: string): v is (typeof STATES)[number] => (STATES as readonly string[]).includes(v)
const isSentiment = (v: string): v is (typeof SENTIMENTS)[number] => (SENTIMENTS as readonly string[]).includes(v)
const isKey = (v: string): v is FilterKey => (FILTER_KEYS as readonly string[]).includes(v)

/** Parses the inbox query language into an AST. Throws QuerySyntaxError (bad_input) naming and locating the problem. */
export function parseQuery(query: string): QueryAst {
  const nodes: QueryNode[] = []
  for (const t of tokenize(query)) {
    const negated = t.negated
    if (t.key === null) {
      if (t.quoted) nodes.push({ type: 'phrase', value: t.value, negated })
      else nodes.push({ type: 'word', value: t.value, prefix: t.prefix, negated })
      continue
    }
    const key = t.key
    if (!isKey(key)) bad(`Unknown filter "${key}:" at column ${t.keyColumn}.${suggest(key)}`, { keyColumn: t.keyColumn, length: key.length + 1 })
    const value = t.value.trim()
    if (!value) bad(`${key}: needs a value (column ${t.keyColumn}).`, t)
    const lower = value.toLowerCase()
    switch (key) {
      case 'kind':
        if (!isKind(lower)) bad(`"kind:${value}" at column ${t.keyColumn} is not a kind; use dm, comment, mention or feed.`, t)
        nodes.push({ type: 'filter', key, value: lower, negated })
        break
      case 'is':
        if (!isState(lower)) bad(`"is:${value}" at column ${t.keyColumn} is not a status; use open, pending, snoozed, done or unread.`, t)
        nodes.push({ type: 'filter', key, value: lower, negated })
        break
      case 'needs':
        if (lower !== 'reply') bad(`"needs:${value}" at column ${t.keyColumn} is not a filter; use needs:reply.`, t)
        nodes.push({ type: 'filter', key, value: 'reply', negated })
        break
      case 'sentiment':
        if (!isSentiment(lower)) bad(`"sentiment:${value}" at column ${t.keyColumn} is not a sentiment; use negative, neutral, positive or unrated.`, t)
        nodes.push({ type: 'filter', key, value: lower, negated })
        break
      case 'assignee':
        nodes.push({
          type: 'filter',
          key,
          value: !t.quoted && lower === 'me' ? { me: true } : !t.quoted && lower === 'none' ? { none: true } : { name: value },
          negated,
        })
        break
      case 'before':
      case 'after':
        if (!isDate(value)) bad(`${key}: needs a date like 2026-11-22 (got "${value}" at column ${t.keyColumn}).`, t)
        nodes.push({ type: 'filter', key, value, negated })
        break
      default:
        nodes.push({ type: 'filter', key, value, negated })
    }
  }
  return { nodes }
}
