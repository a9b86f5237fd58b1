import { ParleyError } from '../../shared/contract'
import type { Filter, QueryAst, TextTerm } from '../model/search/parse'

export interface CompileOptions {
  /** The current profile, for assignee:me. */
  profileId?: number
  /** The workspace's IANA time zone for before:/after: dates. */
  timeZone?: string
  /** Leave the text terms out (the caller matches them itself, e.g. walking the FTS index newest first). */
  filtersOnly?: boolean
}

/** A WHERE clause over `conversations c` plus its named parameters. */
export interface CompiledQuery {
  where: string
  params: Record<string, unknown>
}

/** Words people wrote: activity rows ("Me tagged this refund") are left out, as in the results' walk. */
const FTS_SOURCE = "SELECT m.conversation_id FROM messages_fts f JOIN messages m ON m.id = f.rowid WHERE m.direction <> 'activity' AND messages_fts MATCH"

/** A term FTS5 can match: it has at least one letter or digit (otherwise the tokenizer yields nothing). */
const searchable = (t: TextTerm): boolean => /[\p{L}\p{N}]/u.test(t.value)

/** Every user term is a double-quoted FTS5 string, so operators and punctuation are only ever text. */
function ftsTerm(t: TextTerm): string {
  const quoted = `"${t.value.replaceAll('"', '""')}"`
  return t.type === 'word' && t.prefix ? `${quoted}*` : quoted
}

/**
 * The FTS5 MATCH expression for a query's text terms when it has at least one positive term
 * (exclusions apply per message, as FTS5's NOT does); null when it has none.
 */
export function ftsMatch(ast: QueryAst): string | null {
  const positive: string[] = []
  const negative: string[] = []
  for (const node of ast.nodes) {
    if (node.type !== 'filter' && searchable(node)) (node.negated ? negative : positive).push(ftsTerm(node))
  }
  return positive.length ? [`(${positive.join(' AND ')})`, ...negative].join(' NOT ') : null
}

/** Milliseconds since the epoch at 00:00 of a YYYY-MM-DD day in a time zone. */
export function startOfDay(date: string, timeZone: string): number {
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
  } catch {
    throw new ParleyError('bad_input', `"${timeZone}" is not a time zone Parley knows.`)
  }
  const offset = (t: number): number => {
    const p = Object.fromEntries(format.formatToParts(t).map((x) => [x.type, x.value]))
    return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) - t
  }
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const wall = Date.UTC(y, m - 1, d)
  let t = wall - offset(wall)
  t = wall - offset(t)
  return t
}

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10)
}

const likePrefix = (value: string): string => `${value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`

/** Compiles a parsed query to SQL. User values only ever travel as parameters. */
export function compileQuery(ast: QueryAst, options: CompileOptions = {}): CompiledQuery {
  const timeZone = options.timeZone ?? 'UTC'
  const where: string[] = []
  const params: Record<string, unknown> = {}
  let n = 0
  const param = (value: unknown): string => {
    const name = `p${n++}`
    params[name] = value
    return `@${name}`
  }

  const filterSql = (f: Filter): string => {
    switch (f.key) {
      case 'from': {
        const p = param(likePrefix(f.value.replace(/^@/, '')))
        // Through the small tables first (people via identities, the brand's accounts, teammates), so the
        // message indexes of migration 6 are probed by id instead of LIKE-scanning every message.
        return `c.id IN (SELECT m.conversation_id FROM messages m WHERE m.identity_id IN (SELECT i.id FROM identities i WHERE ltrim(i.handle, '@') LIKE ${p} ESCAPE '\\' OR i.display_name LIKE ${p} ESCAPE '\\')
          UNION SELECT m.conversation_id FROM messages m WHERE m.direction = 'out' AND m.channel_account_id IN (SELECT a.id FROM channel_accounts a WHERE a.display_name LIKE ${p} ESCAPE '\\' OR ltrim(a.handle, '@') LIKE ${p} ESCAPE '\\')
          UNION SELECT m.conversation_id FROM messages m WHERE m.profile_id IN (SELECT pr.id FROM profiles pr WHERE pr.name LIKE ${p} ESCAPE '\\'))`
      }
      case 'channel': {
        const exact = param(f.value)
        const p = param(likePrefix(f.value.replace(/^@/, '')))
        return `c.channel_account_id IN (SELECT a.id FROM channel_accounts a WHERE a.platform = ${exact} COLLATE NOCASE OR a.display_name LIKE ${p} ESCAPE '\\' OR ltrim(a.handle, '@') LIKE ${p} ESCAPE '\\')`
      }
      case 'kind':
        return `c.kind = ${param(f.value)}`
      case 'is':
        return f.value === 'unread' ? 'c.unread = 1' : `c.status = ${param(f.value)}`
      case 'tag':
        return `c.id IN (SELECT ct.conversation_id FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name = ${param(f.value)})`
      case 'assignee':
        if ('none' in f.value) return 'c.assignee_id IS NULL'
        if ('me' in f.value) {
          if (options.profileId === undefined) throw new ParleyError('bad_input', 'assignee:me needs a signed-in profile.')
          return `c.assignee_id = ${param(options.profileId)}`
        }
        return `c.assignee_id IN (SELECT p.id FROM profiles p WHERE p.name LIKE ${param(likePrefix(f.value.name))} ESCAPE '\\')`
      case 'needs':
        // The list mark: the signals of the conversation's latest inbound message.
        return 'c.needs_reply = 1'
      case 'sentiment':
        return f.value === 'unrated' ? 'c.sentiment IS NULL AND c.needs_reply IS NOT NULL' : `c.sentiment = ${param(f.value)}`
      case 'before':
        return `c.last_activity_at < ${param(startOfDay(f.value, timeZone))}`
      case 'after':
        return `c.last_activity_at >= ${param(startOfDay(nextDay(f.value), timeZone))}`
    }
  }

  const positive: string[] = []
  const negative: string[] = []
  for (const node of ast.nodes) {
    if (options.filtersOnly && node.type !== 'filter') continue
    if (node.type === 'filter') {
      const sql = filterSql(node)
      // IS NOT 1 keeps rows where the test is NULL (e.g. -assignee:Ana keeps unassigned ones).
      where.push(node.negated ? `(${sql}) IS NOT 1` : sql)
    } else if (searchable(node)) {
      ;(node.negated ? negative : positive).push(ftsTerm(node))
    }
  }
  if (positive.length) {
    // One MATCH; exclusions apply per message, as FTS5's NOT does.
    where.push(`c.id IN (${FTS_SOURCE} ${param(ftsMatch(ast))})`)
  } else if (negative.length) {
    where.push(`c.id NOT IN (${FTS_SOURCE} ${param(negative.join(' OR '))})`)
  }
  return { where: where.length ? where.join(' AND ') : '1', params }
}
