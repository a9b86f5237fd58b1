import { parseQuery, type Filter, type QueryAst, type TextTerm } from '../../model/search'

/**
 * Matches the inbox query language against ONE message in memory, so a tracked topic or a rule is
 * checked for each new item without a query over the whole store. Text terms follow messages_fts
 * (unicode61, diacritics removed, case folded) over text, author name and subject; a term with
 * punctuation ("e-bike") is a phrase of its tokens, as FTS5 reads it. Unlike an inbox search, which
 * finds conversations where SOME message has the words, this asks whether THIS message has them:
 * an alert is about the item that just arrived.
 */
export interface MessageFacts {
  messageId: number
  conversationId: number
  accountId: number
  platform: string
  accountName: string
  accountHandle: string
  kind: 'dm' | 'comment' | 'mention' | 'feed'
  status: string
  unread: boolean
  assigneeId: number | null
  assigneeName: string | null
  tags: string[]
  authorName: string
  authorHandle: string
  authorRemoteId: string | null
  remoteId: string | null
  conversationKey: string
  text: string
  subject: string | null
  createdAt: number
  sentiment: 'negative' | 'neutral' | 'positive' | null
  needsReply: boolean | null
  language: string | null
  followers: number | null
}

export function tokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase('en')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
}

/** Token lists of a message's searchable fields, computed once per message. */
export type Indexed = string[][]

export const indexFacts = (f: Pick<MessageFacts, 'text' | 'authorName' | 'subject'>): Indexed => [tokens(f.text), tokens(f.authorName), tokens(f.subject ?? '')]

function termMatches(term: TextTerm, fields: Indexed): boolean {
  const want = tokens(term.value)
  if (!want.length) return true
  const prefix = term.type === 'word' && term.prefix
  return fields.some((have) => {
    for (let i = 0; i + want.length <= have.length; i++) {
      let ok = true
      for (let j = 0; j < want.length && ok; j++) {
        const last = j === want.length - 1
        ok = prefix && last ? have[i + j]!.startsWith(want[j]!) : have[i + j] === want[j]
      }
      if (ok) return true
    }
    return false
  })
}

const startsWithFold = (value: string, prefix: string): boolean => value.toLocaleLowerCase('en').startsWith(prefix.toLocaleLowerCase('en'))

function dayStartUtc(date: string, plusDays = 0): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return Date.UTC(y, m - 1, d + plusDays)
}

function filterMatches(f: Filter, m: MessageFacts, profileId: number | null): boolean {
  switch (f.key) {
    case 'from': {
      const v = f.value.replace(/^@/, '')
      return startsWithFold(m.authorHandle.replace(/^@/, ''), v) || startsWithFold(m.authorName, v)
    }
    case 'channel': {
      const v = f.value.replace(/^@/, '')
      return m.platform.toLowerCase() === f.value.toLowerCase() || startsWithFold(m.accountName, v) || startsWithFold(m.accountHandle.replace(/^@/, ''), v)
    }
    case 'kind':
      return m.kind === f.value
    case 'is':
      return f.value === 'unread' ? m.unread : m.status === f.value
    case 'tag':
      return m.tags.some((t) => t.toLowerCase() === f.value.toLowerCase())
    case 'assignee':
      if ('none' in f.value) return m.assigneeId === null
      if ('me' in f.value) return profileId !== null && m.assigneeId === profileId
      return m.assigneeName !== null && startsWithFold(m.assigneeName, f.value.name)
    // Dates of the message itself, in UTC.
    case 'before':
      return m.createdAt < dayStartUtc(f.value)
    case 'after':
      return m.createdAt >= dayStartUtc(f.value, 1)
    // The item's own signals (scored before topics and rules run).
    case 'needs':
      return m.needsReply === true
    case 'sentiment':
      return f.value === 'unrated' ? m.sentiment === null && m.needsReply !== null : m.sentiment === f.value
  }
}

export function astMatches(ast: QueryAst, m: MessageFacts, fields: Indexed, profileId: number | null = null): boolean {
  for (const node of ast.nodes) {
    const hit = node.type === 'filter' ? filterMatches(node, m, profileId) : termMatches(node, fields)
    if (hit === node.negated) return false
  }
  return true
}

/**
 * A tracked query: alternatives separated by a bare upper-case OR ("refund OR broken", "from:ana OR tag:vip").
 * Each alternative is an ordinary inbox query (its nodes are ANDed).
 */
export interface TrackedQuery {
  alternatives: QueryAst[]
}

/** Splits on OR outside quotes, then parses each part; throws the parser's plain-words error. */
export function parseTracked(query: string): TrackedQuery {
  const parts: string[] = []
  let current = ''
  let quoted = false
  for (const word of query.split(/(\s+)/)) {
    const quotes = (word.match(/"/g) ?? []).length
    if (!quoted && word === 'OR') {
      parts.push(current)
      current = ''
      continue
    }
    current += word
    if (quotes % 2 === 1) quoted = !quoted
  }
  parts.push(current)
  const alternatives = parts.map((p) => p.trim()).filter(Boolean).map((p) => parseQuery(p))
  return { alternatives: alternatives.filter((a) => a.nodes.length > 0) }
}

export function trackedMatches(q: TrackedQuery, m: MessageFacts, fields: Indexed, profileId: number | null = null): boolean {
  return q.alternatives.some((ast) => astMatches(ast, m, fields, profileId))
}
