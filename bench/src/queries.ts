/**
 * Read figures against the workspace, through the same router the UI calls (zod validation, handler, store,
 * row mapping), each next to the same work done with plain better-sqlite3 in this run.
 */
import Database from 'better-sqlite3'
import type { View } from '../../src/shared/contract'
import { systemClock } from '../../src/main/base/clock'
import { inProcessCore } from '../../src/main/hosts/worker/in-process'
import { vocabulary } from '../../src/main/features/demo'
import type { Report } from './report'
import { DateTime } from 'luxon'
import { measure, measureAsync, seeded, summarize } from './stats'
import type { Workspace } from './workspace'

const COLUMNS = `id, channel_account_id, kind, status, subject, author_name, author_handle, preview, last_activity_at,
  waiting_since, unread, assignee_id, message_count, created_at, first_reply_at, contact_id`

/** The store's view filters (src/main/store/conversations.ts), for the raw baseline and for drawing cursors. */
const VIEW_FILTERS: Record<View, string> = {
  inbox: "status IN ('open','pending')",
  unassigned: "status IN ('open','pending') AND assignee_id IS NULL",
  mine: "status IN ('open','pending') AND assignee_id = @profileId",
  done: "status = 'done'",
  pending: "status = 'pending'",
  snoozed: "status = 'snoozed'",
  needs_approval: "id IN (SELECT conversation_id FROM approvals WHERE status = 'pending')",
}
const VIEWS: View[] = ['inbox', 'unassigned', 'mine', 'needs_approval', 'done']
const PAGE = 50

export interface QueryOptions {
  runs: number
  log: (line: string) => void
  /** The built report-reader entry: the weekly summary's read-only second thread, as in the app. */
  reportReaderEntry: string
}

type Client = ReturnType<typeof inProcessCore>

async function call<T>(client: Client, op: string, input: unknown): Promise<T> {
  const result = await client.call(op, input)
  if (!result.ok) throw new Error(`${op} failed: ${result.error.message}`)
  return result.value as T
}

export async function runQueries(ws: Workspace, report: Report, opts: QueryOptions): Promise<void> {
  const client = inProcessCore({ dataDir: ws.dataDir, version: 'bench', clock: systemClock, vault: null, reportReaderEntry: opts.reportReaderEntry })
  // Plain better-sqlite3 connections for the baselines: the same file, and the raw baseline table.
  const raw = new Database(ws.dbFile, { readonly: true })
  raw.pragma('cache_size = -65536')
  const base = new Database(ws.baselineFile, { readonly: true })
  base.pragma('cache_size = -65536')
  const profileId = ws.meta.profiles[0] as number
  try {
    await views(client, raw, profileId, report, opts)
    await accountFilter(client, raw, ws, report, opts)
    await counts(client, raw, profileId, report, opts)
    await openConversation(client, raw, report, opts)
    search(client, raw, base, report, opts)
    savedViews(client, raw, ws, report, opts)
    await weeklySummary(client, ws, report)
  } finally {
    raw.close()
    base.close()
    // Close without the core's `PRAGMA optimize`, so measuring never changes the cached workspace.
    client.core.db.close()
  }
}

async function views(client: Client, raw: Database.Database, profileId: number, report: Report, opts: QueryOptions): Promise<void> {
  report.section('First page of each built-in view (conversations.list through the router, 50 rows)')
  const rng = seeded(7)
  for (const view of VIEWS) {
    const filter = VIEW_FILTERS[view]
    const total = (raw.prepare(`SELECT count(*) AS n FROM conversations WHERE ${filter}`).get({ profileId }) as { n: number }).n
    // Cursors at random depths of the view, as a user scrolling further down would send.
    const keys = raw.prepare(`SELECT last_activity_at AS at, id FROM conversations WHERE ${filter}`).all({ profileId }) as { at: number; id: number }[]
    const cursors = Array.from({ length: Math.min(opts.runs, keys.length) }, () => {
      const k = keys[Math.floor(rng() * keys.length)] as { at: number; id: number }
      return `${k.at}.${k.id}`
    })
    const coldStart = performance.now()
    await call(client, 'conversations.list', { view, limit: PAGE })
    const cold = performance.now() - coldStart
    const first = await measureAsync(opts.runs, () => call(client, 'conversations.list', { view, limit: PAGE }))
    const deep = cursors.length
      ? await measureAsync(opts.runs, (i) => call(client, 'conversations.list', { view, limit: PAGE, cursor: cursors[i % cursors.length] }))
      : null
    const rawStmt = raw.prepare(`SELECT ${COLUMNS} FROM conversations WHERE ${filter} ORDER BY last_activity_at DESC, id DESC LIMIT @limit`)
    const rawFirst = measure(opts.runs, () => rawStmt.all({ profileId, limit: PAGE + 1 }))
    report.add({
      id: `views.${view}.first.p95`,
      label: `${view} (${total.toLocaleString('en-US')} rows): first page p95`,
      value: first.p95,
      unit: 'ms',
      target: { op: '<=', value: 10 },
      baseline: { label: 'same SQL, plain better-sqlite3', value: rawFirst.p95 },
      ratio: first.p95 / rawFirst.p95,
      note: `p50 ${first.p50.toFixed(2)} ms, first call ${cold.toFixed(1)} ms`,
    })
    if (deep) {
      report.add({
        id: `views.${view}.cursor.p95`,
        label: `${view}: page at a random cursor p95`,
        value: deep.p95,
        unit: 'ms',
        target: { op: '<=', value: 10 },
        note: `p50 ${deep.p50.toFixed(2)} ms`,
      })
    }
  }
}

/** The sidebar's account filter on the Inbox, for the account with the fewest open conversations (the longest scan). */
async function accountFilter(client: Client, raw: Database.Database, ws: Workspace, report: Report, opts: QueryOptions): Promise<void> {
  const rows = raw
    .prepare(`SELECT channel_account_id AS id, count(*) AS n FROM conversations WHERE ${VIEW_FILTERS.inbox} GROUP BY 1 ORDER BY n`)
    .all() as { id: number; n: number }[]
  const smallest = rows[0]
  if (!smallest) return
  const name = Object.entries(ws.meta.accounts).find(([, id]) => id === smallest.id)?.[0] ?? String(smallest.id)
  const s = await measureAsync(opts.runs, () => call(client, 'conversations.list', { view: 'inbox', accountId: smallest.id, limit: PAGE }))
  const plan = (raw.prepare(
    `EXPLAIN QUERY PLAN SELECT ${COLUMNS} FROM conversations WHERE ${VIEW_FILTERS.inbox} AND channel_account_id = @accountId
     ORDER BY last_activity_at DESC, id DESC LIMIT 51`,
  ).all({ accountId: smallest.id }) as { detail: string }[]).map((r) => r.detail).join('; ')
  report.add({
    id: 'views.inbox_account.first.p95',
    label: `inbox filtered to ${name} (${smallest.n.toLocaleString('en-US')} rows) p95`,
    value: s.p95,
    unit: 'ms',
    target: { op: '<=', value: 10 },
    note: `p50 ${s.p50.toFixed(2)} ms; plan: ${plan}`,
  })
}

async function counts(client: Client, raw: Database.Database, profileId: number, report: Report, opts: QueryOptions): Promise<void> {
  report.section('Sidebar counts (views.counts: trigger-maintained view_counts)')
  const maintained = await measureAsync(opts.runs, () => call(client, 'views.counts', {}))
  const recount = raw.prepare(
    `SELECT
       (SELECT count(*) FROM conversations WHERE ${VIEW_FILTERS.inbox}) AS inbox,
       (SELECT count(*) FROM conversations WHERE ${VIEW_FILTERS.unassigned}) AS unassigned,
       (SELECT count(*) FROM conversations WHERE ${VIEW_FILTERS.mine}) AS mine,
       (SELECT count(*) FROM approvals WHERE status = 'pending') AS needs_approval,
       (SELECT count(*) FROM conversations WHERE ${VIEW_FILTERS.done}) AS done`,
  )
  const unread = raw.prepare("SELECT channel_account_id, count(*) FROM conversations WHERE unread = 1 AND status <> 'done' GROUP BY channel_account_id")
  const recounted = measure(Math.min(opts.runs, 20), () => {
    recount.get({ profileId })
    unread.all()
  }, 2)
  // The maintained counters must agree with a recount, or the figure means nothing.
  const got = await call<{ views: Record<string, number> }>(client, 'views.counts', {})
  const want = recount.get({ profileId }) as Record<string, number>
  const agree = Object.keys(want).every((k) => got.views[k] === want[k])
  report.add({
    id: 'counts.p95',
    label: 'sidebar counts p95',
    value: maintained.p95,
    unit: 'ms',
    target: { op: '<=', value: 5 },
    baseline: { label: 'recounting with COUNT(*)', value: recounted.p95 },
    ratio: maintained.p95 / recounted.p95,
    note: `p50 ${maintained.p50.toFixed(3)} ms; counters ${agree ? 'match' : 'DO NOT match'} a recount`,
  })
}

async function openConversation(client: Client, raw: Database.Database, report: Report, opts: QueryOptions): Promise<void> {
  report.section('Opening a conversation in the core (conversations.get: detail, tags, messages)')
  const ids = (raw.prepare('SELECT id FROM conversations').all() as { id: number }[]).map((r) => r.id)
  const rng = seeded(11)
  const pick = Array.from({ length: opts.runs }, () => ids[Math.floor(rng() * ids.length)] as number)
  const got = await measureAsync(opts.runs, (i) => call(client, 'conversations.get', { id: pick[i % pick.length] }))
  const rawConv = raw.prepare(`SELECT ${COLUMNS} FROM conversations WHERE id = ?`)
  const rawMsgs = raw.prepare('SELECT * FROM messages WHERE conversation_id = ? ORDER BY is_context DESC, created_at, id')
  const rawGot = measure(opts.runs, (i) => {
    const id = pick[i % pick.length]
    rawConv.get(id)
    rawMsgs.all(id)
  })
  report.add({
    id: 'core.get.p95',
    label: 'conversations.get p95 (core only)',
    value: got.p95,
    unit: 'ms',
    baseline: { label: 'same SQL, plain better-sqlite3', value: rawGot.p95 },
    ratio: got.p95 / rawGot.p95,
    note: `p50 ${got.p50.toFixed(2)} ms; the browser figure below adds HTTP and rendering`,
  })
}

interface Query {
  kind: 'common' | 'medium' | 'rare' | 'two words' | 'domain'
  text: string
  docs: number
}

/** Terms drawn from the Zipf vocabulary by how many messages contain them, plus a few words from the templates. */
function querySet(raw: Database.Database, messages: number): Query[] {
  const words = new Set(vocabulary())
  raw.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab USING fts5vocab(main, 'messages_fts', 'row')")
  const rows = (raw.prepare('SELECT term, doc FROM temp.bench_vocab').all() as { term: string; doc: number }[]).filter((r) =>
    words.has(r.term),
  )
  rows.sort((a, b) => b.doc - a.doc)
  const rng = seeded(3)
  const take = (list: { term: string; doc: number }[], n: number): { term: string; doc: number }[] => {
    const copy = [...list]
    const out: { term: string; doc: number }[] = []
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(rng() * copy.length), 1)[0]!)
    return out
  }
  const common = take(rows.filter((r) => r.doc >= messages * 0.01), 10)
  const medium = take(rows.filter((r) => r.doc < messages * 0.01 && r.doc >= messages * 0.0005), 10)
  const rare = take(rows.filter((r) => r.doc < messages * 0.0005 && r.doc >= 1), 10)
  const queries: Query[] = [
    ...common.map((r) => ({ kind: 'common' as const, text: r.term, docs: r.doc })),
    ...medium.map((r) => ({ kind: 'medium' as const, text: r.term, docs: r.doc })),
    ...rare.map((r) => ({ kind: 'rare' as const, text: r.term, docs: r.doc })),
  ]
  for (let i = 0; i < 10; i++) {
    const a = (i % 2 === 0 ? common : medium)[i % 10]
    const b = medium[(i * 3 + 1) % 10]
    if (a && b && a.term !== b.term) queries.push({ kind: 'two words', text: `${a.term} ${b.term}`, docs: NaN })
  }
  const docs = raw.prepare('SELECT doc FROM temp.bench_vocab WHERE term = ?')
  for (const term of ['battery', 'refund', 'delivery', 'motor', 'lumen']) {
    const d = docs.get(term) as { doc: number } | undefined
    if (d) queries.push({ kind: 'domain', text: term, docs: d.doc })
  }
  return queries
}

/** The app's search entry point, when the core has it: one page of conversations for a query. */
function appSearchOf(client: Client): ((query: string, limit: number) => { id: number }[]) | null {
  const service = (client.core as unknown as { search?: { search(q: string, cursor: null, limit: number): { items?: { id: number }[]; error?: { message: string } } } }).search
  if (!service) return null
  return (query, limit) => {
    const page = service.search(query, null, limit)
    if (page.error) throw new Error(`search "${query}": ${page.error.message}`)
    return page.items ?? []
  }
}

function search(client: Client, raw: Database.Database, base: Database.Database, report: Report, opts: QueryOptions): void {
  // What the search field runs (conversations.search → SearchService.search: the query language, newest-first walk).
  const appSearch = appSearchOf(client)
  const store = client.core.stores.conversations as unknown as { search: (words: string, limit: number) => unknown[] }
  const searchFn = (q: string, limit: number): { id: number }[] => (appSearch ? appSearch(q, limit) : (store.search(q, limit) as { id: number }[]))
  report.section(
    `Full-text search (${appSearch ? 'SearchService.search, what conversations.search runs' : 'ConversationStore.search'}: the 50 most recently active conversations with a matching message)`,
  )
  const messages = (raw.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n
  const t = performance.now()
  const queries = querySet(raw, messages)
  opts.log(`query set: ${queries.length} queries drawn in ${((performance.now() - t) / 1000).toFixed(1)} s`)
  // Raw: the newest 50 matching messages of the plain table (FTS5 walks its index newest first and stops).
  const rawStmt = base.prepare(
    `SELECT m.id, m.conversation_key, m.text FROM messages_fts f JOIN messages m ON m.id = f.rowid
     WHERE messages_fts MATCH ? ORDER BY f.rowid DESC LIMIT 50`,
  )
  const toMatch = (q: string): string => q.split(' ').map((w) => `"${w}"`).join(' ')
  const reps = Math.max(3, Math.ceil(opts.runs / queries.length))
  const all: number[] = []
  const allRaw: number[] = []
  const byKind = new Map<string, { times: number[]; raw: number[]; queries: Query[] }>()
  const perQuery: { query: string; kind: string; docs: number; p50: number; max: number }[] = []
  for (const q of queries) {
    searchFn(q.text, PAGE) // warm
    const times: number[] = []
    const rawTimes: number[] = []
    for (let i = 0; i < reps; i++) {
      let s = performance.now()
      searchFn(q.text, PAGE)
      times.push(performance.now() - s)
      s = performance.now()
      rawStmt.all(toMatch(q.text))
      rawTimes.push(performance.now() - s)
    }
    const entry = byKind.get(q.kind) ?? { times: [], raw: [], queries: [] }
    entry.times.push(...times)
    entry.raw.push(...rawTimes)
    entry.queries.push(q)
    byKind.set(q.kind, entry)
    all.push(...times)
    allRaw.push(...rawTimes)
    const s = summarize(times)
    perQuery.push({ query: q.text, kind: q.kind, docs: q.docs, p50: s.p50, max: s.max })
  }
  report.info.searchQueries = perQuery
  for (const [kind, e] of byKind) {
    const s = summarize(e.times)
    const r = summarize(e.raw)
    const docs = e.queries.map((q) => q.docs).filter(Number.isFinite)
    const range = docs.length ? `, ${Math.min(...docs).toLocaleString('en-US')}–${Math.max(...docs).toLocaleString('en-US')} matching messages` : ''
    report.add({
      id: `search.${kind.replace(' ', '_')}.p95`,
      label: `search, ${kind} terms p95 (${e.queries.length} queries)`,
      value: s.p95,
      unit: 'ms',
      target: { op: '<=', value: 50 },
      baseline: { label: 'newest 50 matches, raw FTS5 table', value: r.p95 },
      ratio: s.p95 / r.p95,
      note: `p50 ${s.p50.toFixed(1)} ms${range}`,
    })
  }
  const s = summarize(all)
  const r = summarize(allRaw)
  const slowest = [...perQuery].sort((a, b) => b.p50 - a.p50).slice(0, 3)
  report.add({
    id: 'search.all.p95',
    label: `search, all ${queries.length} queries p95`,
    value: s.p95,
    unit: 'ms',
    target: { op: '<=', value: 50 },
    baseline: { label: 'newest 50 matches, raw FTS5 table', value: r.p95 },
    ratio: s.p95 / r.p95,
    note: `p50 ${s.p50.toFixed(1)} ms; slowest: ${slowest.map((q) => `"${q.query}" ${q.p50.toFixed(0)} ms`).join(', ')}`,
  })
}

interface SavedView {
  name: string
  /** The view as an inbox query (src/main/model/search), the form a saved view is expected to store. */
  query: string
  /** The same filter as SQL, used when the store has no query() (before the query language landed). */
  where: string
  params: Record<string, number | string>
}

/** The SQL a call prepares, caught on the connection, for EXPLAIN QUERY PLAN. */
function capturePrepared<T>(db: Database.Database, fn: () => T): { result: T; sql: string[] } {
  const sql: string[] = []
  const original = db.prepare.bind(db)
  const spy = ((source: string) => {
    sql.push(source)
    return original(source)
  }) as typeof db.prepare
  db.prepare = spy
  try {
    return { result: fn(), sql }
  } finally {
    db.prepare = original
  }
}

function planOf(db: Database.Database, sql: string): string {
  // Unbound parameters as NULL: the plan does not depend on their values here.
  const params = Object.fromEntries([...sql.matchAll(/@(\w+)/g)].map((m) => [m[1], null]))
  try {
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('; ')
  } catch (error) {
    return `(no plan: ${(error as Error).message})`
  }
}

/**
 * Representative saved views (account, status, kind, tag, assignee, author, date, words). A saved view stores
 * its query and runs it through conversations.search (SearchService.search), which is what is timed here;
 * older cores fall back to ConversationStore.query or the equivalent SQL in the list query's shape.
 */
function savedViews(client: Client, raw: Database.Database, ws: Workspace, report: Report, opts: QueryOptions): void {
  const store = client.core.stores.conversations as unknown as {
    query?: (query: string, options: { limit: number; profileId?: number }) => unknown[]
  }
  const appSearch = appSearchOf(client)
  const useQuery = appSearch !== null || typeof store.query === 'function'
  report.section(`Saved views (run ${appSearch ? 'through SearchService.search, as the app runs them' : useQuery ? 'through ConversationStore.query' : 'as SQL'})`)
  const db = client.core.db
  const tag = (name: string): number => ws.meta.tags.find((t) => t.name === name)?.id ?? 1
  const acc = ws.meta.accounts
  const now = ws.meta.now
  const day = (t: number): string => new Date(t).toISOString().slice(0, 10)
  const profileId = ws.meta.profiles[0] as number
  const frequent = raw
    .prepare("SELECT author_handle AS h FROM messages WHERE direction = 'in' AND rowid % 50 = 0 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
    .get() as { h: string } | undefined
  const handle = (frequent?.h ?? 'someone').replace(/^@/, '')
  const views: SavedView[] = [
    {
      name: 'account + open + tag',
      query: 'channel:bluesky is:open tag:refund',
      where: `channel_account_id = @acc AND status = 'open'
        AND EXISTS (SELECT 1 FROM conversation_tags ct WHERE ct.conversation_id = conversations.id AND ct.tag_id = @tag)`,
      params: { acc: acc['bluesky-main'] ?? 2, tag: tag('refund') },
    },
    {
      name: 'kind + unread, not done',
      query: 'kind:dm is:unread -is:done',
      where: "kind = 'dm' AND unread = 1 AND status <> 'done'",
      params: {},
    },
    {
      name: 'unassigned, older than a day',
      query: `is:open assignee:none before:${day(now - 24 * 3600_000)}`,
      where: "status = 'open' AND assignee_id IS NULL AND last_activity_at < @cutoff",
      params: { cutoff: now - 24 * 3600_000 },
    },
    {
      name: 'account + kind + tag',
      query: 'channel:mastodon kind:mention tag:bug',
      where: `channel_account_id IN (@a1, @a2) AND kind = 'mention'
        AND EXISTS (SELECT 1 FROM conversation_tags ct WHERE ct.conversation_id = conversations.id AND ct.tag_id = @tag)`,
      params: { a1: acc['mastodon-main'] ?? 1, a2: acc['mastodon-support'] ?? 3, tag: tag('bug') },
    },
    {
      name: 'tag in done (archive)',
      query: 'is:done tag:warranty',
      where: `status = 'done' AND EXISTS (SELECT 1 FROM conversation_tags ct WHERE ct.conversation_id = conversations.id AND ct.tag_id = @tag)`,
      params: { tag: tag('warranty') },
    },
    {
      name: 'assigned to me, one account',
      query: 'assignee:me channel:"Lumen Bikes Support"',
      where: 'assignee_id = @who AND channel_account_id = @acc',
      params: { who: profileId, acc: acc['mastodon-support'] ?? 3 },
    },
    {
      name: 'from one person',
      query: `from:${handle}`,
      where: "id IN (SELECT conversation_id FROM messages WHERE ltrim(author_handle, '@') LIKE @h ESCAPE '\\')",
      params: { h: `${handle}%` },
    },
    {
      name: 'words + open',
      query: 'battery is:open',
      where: `status = 'open' AND id IN (SELECT m.conversation_id FROM messages_fts f JOIN messages m ON m.id = f.rowid
        WHERE messages_fts MATCH '"battery"')`,
      params: {},
    },
  ]
  const worst: number[] = []
  for (const v of views) {
    let run: () => unknown[]
    let sql: string
    if (appSearch) {
      run = () => appSearch(v.query, PAGE)
      sql = capturePrepared(db, run).sql.at(-1) ?? ''
    } else if (useQuery) {
      const query = store.query!.bind(store)
      run = () => query(v.query, { limit: PAGE, profileId })
      const captured = capturePrepared(db, run)
      sql = captured.sql[0] ?? ''
    } else {
      sql = `SELECT ${COLUMNS} FROM conversations WHERE ${v.where} ORDER BY last_activity_at DESC, id DESC LIMIT @limit`
      const stmt = db.prepare(sql)
      run = () => stmt.all({ ...v.params, limit: PAGE + 1 })
    }
    const rows = run().length
    const plan = sql ? planOf(db, sql) : '(query prepared earlier; plan not captured)'
    const s = measure(opts.runs, run)
    worst.push(s.p95)
    report.add({
      id: `saved.${v.name.replace(/[^a-z0-9]+/g, '_')}.p95`,
      label: `saved view "${v.name}" p95`,
      value: s.p95,
      unit: 'ms',
      target: { op: '<=', value: 25 },
      note: `${useQuery ? `"${v.query}"` : 'SQL'}: p50 ${s.p50.toFixed(2)} ms, ${rows} rows; plan: ${plan}`,
    })
  }
  report.add({ id: 'saved.worst.p95', label: 'saved views: worst p95', value: Math.max(...worst), unit: 'ms', target: { op: '<=', value: 25 } })
}

/**
 * The weekly summary through the router (reports.weekly), as the Reports screen and the CLI ask for it, for the
 * ISO week before the workspace's `now` in the workspace's time zone: every metric of the report, over all messages.
 */
async function weeklySummary(client: Client, ws: Workspace, report: Report): Promise<void> {
  report.section('Weekly summary (reports.weekly through the router)')
  const week = DateTime.fromMillis(ws.meta.now - 7 * 24 * 3600_000, { zone: 'utc' }).toFormat("kkkk-'W'WW")
  let received = 0
  const once = async (): Promise<void> => {
    received = (await call<{ headline: { received: number } }>(client, 'reports.weekly', { week })).headline.received
  }
  // The first call also starts the reader thread for the previous week; it is reported, not counted in p50.
  const firstStart = performance.now()
  await once()
  const first = performance.now() - firstStart
  const s = await measureAsync(5, once, 0)
  report.add({
    id: 'weekly.p50',
    label: `weekly summary ${week} p50`,
    value: s.p50,
    unit: 'ms',
    target: { op: '<=', value: 2000 },
    note: `max ${s.max.toFixed(0)} ms over 5 runs, first call ${first.toFixed(0)} ms; ${received.toLocaleString('en-US')} items received that week`,
  })
}
