/**
 * Completion for the search field's filters. Pure: given the query and the caret, which token is
 * being typed and what could finish it. Values that need data (channels, tags, people) come in
 * through `sources`; the fixed ones (is:, kind:, needs:, sentiment:, assignee:me/none) are known here.
 */
export const FILTER_KEYS = ['from', 'channel', 'kind', 'is', 'tag', 'assignee', 'before', 'after', 'needs', 'sentiment'] as const
export type CompletionKey = (typeof FILTER_KEYS)[number]

const fixed: Partial<Record<CompletionKey, string[]>> = {
  is: ['open', 'pending', 'snoozed', 'done', 'unread'],
  kind: ['dm', 'comment', 'mention', 'feed'],
  needs: ['reply'],
  sentiment: ['negative', 'neutral', 'positive', 'unrated'],
}

const hints: Record<CompletionKey, string> = {
  from: 'who wrote it (name or handle)',
  channel: 'platform or account',
  kind: 'dm, comment, mention, feed',
  is: 'open, pending, snoozed, done, unread',
  tag: 'a tag',
  assignee: 'me, none or a name',
  before: 'a date, 2026-11-22',
  after: 'a date, 2026-11-22',
  needs: 'reply: a question, request or complaint',
  sentiment: 'negative, neutral, positive, unrated',
}

export interface Token {
  /** 0-based [start, end) of the token under the caret, after any leading '-'. */
  start: number
  end: number
  key: CompletionKey | null
  /** What is typed after "key:" (without an opening quote), or the whole token when there is no key. */
  partial: string
}

export interface Suggestion {
  /** What replaces the token. */
  insert: string
  label: string
  hint?: string
}

export interface Sources {
  channels?: string[]
  tags?: string[]
  people?: string[]
  from?: string[]
}

/** The token the caret is in, or null in whitespace or inside a closed quote. */
export function tokenAt(query: string, caret: number): Token | null {
  let start = caret
  while (start > 0 && !/\s/.test(query[start - 1]!)) start--
  let end = caret
  while (end < query.length && !/\s/.test(query[end]!)) end++
  if (query[start] === '-') start++
  const text = query.slice(start, caret)
  if (!text && start === end) return { start, end, key: null, partial: '' }
  const m = /^([A-Za-z]+):(.*)$/.exec(text)
  if (m) {
    const key = m[1]!.toLowerCase()
    if ((FILTER_KEYS as readonly string[]).includes(key)) {
      return { start, end, key: key as CompletionKey, partial: m[2]!.replace(/^"/, '') }
    }
    return null
  }
  if (text.includes('"')) return null
  return { start, end, key: null, partial: text }
}

const quote = (value: string): string => (/[\s"]/.test(value) ? `"${value.replaceAll('"', '')}"` : value)

function values(key: CompletionKey, sources: Sources): string[] {
  switch (key) {
    case 'channel':
      return sources.channels ?? []
    case 'tag':
      return sources.tags ?? []
    case 'assignee':
      return ['me', 'none', ...(sources.people ?? [])]
    case 'from':
      return sources.from ?? []
    default:
      return fixed[key] ?? []
  }
}

/** Up to `max` suggestions for the token under the caret. */
export function suggest(query: string, caret: number, sources: Sources = {}, max = 8): { token: Token; items: Suggestion[] } | null {
  const token = tokenAt(query, caret)
  if (!token) return null
  const partial = token.partial.toLowerCase()
  if (token.key === null) {
    if (!partial) return null
    const items = FILTER_KEYS.filter((k) => k.startsWith(partial) && k !== partial).map((k) => ({ insert: `${k}:`, label: `${k}:`, hint: hints[k] }))
    return items.length ? { token, items: items.slice(0, max) } : null
  }
  const seen = new Set<string>()
  const items = values(token.key, sources)
    .filter((v) => {
      const lower = v.toLowerCase()
      if (seen.has(lower) || !lower.includes(partial) || lower === partial) return false
      seen.add(lower)
      return true
    })
    .sort((a, b) => Number(!a.toLowerCase().startsWith(partial)) - Number(!b.toLowerCase().startsWith(partial)))
    .slice(0, max)
    .map((v) => ({ insert: `${token.key}:${quote(v)} `, label: `${token.key}:${quote(v)}` }))
  return items.length ? { token, items } : null
}

/** The query with the token replaced by a suggestion, and where the caret goes. */
export function apply(query: string, token: Token, suggestion: Suggestion): { query: string; caret: number } {
  const before = query.slice(0, token.start)
  const after = query.slice(token.end).replace(/^\s+/, '')
  const next = `${before}${suggestion.insert}${after && !suggestion.insert.endsWith(' ') ? ' ' : ''}${after}`
  return { query: next, caret: before.length + suggestion.insert.length }
}
