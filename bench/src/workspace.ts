/**
 * Builds (or reuses) the benchmark workspace and, in the same loop, the raw better-sqlite3 baseline:
 * every chunk of generated items is written twice, once as plain batched inserts with an FTS5 trigger
 * and once through Parley's IngestWriter, and both writes are timed. Generation is not timed.
 */
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { demoAccounts, generateDemo, type DemoConversation } from '../../src/main/features/demo'
import type { NormalizedItem } from '../../src/main/model/items'
import { databaseFile } from '../../src/main/base/paths'
import { AccountStore } from '../../src/main/store/accounts'
import { latestSchemaVersion, openDatabase, type Db } from '../../src/main/store/database'
import { IngestWriter } from '../../src/main/store/ingest'
import { ThreadItemPreparer } from '../../src/main/features/ingest/item-preparer'
import type { PreparedItem } from '../../src/main/model/prepared-item'
import { ProfileStore } from '../../src/main/store/profiles'

/** Bump when the way the bench builds or decorates a workspace changes, so old caches are not reused. */
export const WORKSPACE_FORMAT = 2
/** Rows per transaction, for the baseline and for Parley alike. */
export const BATCH_ITEMS = 10_000

export interface BuildFigures {
  conversations: number
  items: number
  parleyInserted: number
  parleyMs: number
  /** Part of parleyMs: the writer waiting for the preparer thread (not hidden behind the writer's own work). */
  preparerWaitMs: number
  baselineMs: number
  generateMs: number
  triageMs: number
  decorateMs: number
  parleyRowsPerSec: number
  baselineRowsPerSec: number
  /** Parley rows/s ÷ baseline rows/s (target >= 0.7). */
  ratio: number
  /** Per-batch rows/s at the start and the end of the build, to show how ingest slows as the workspace grows. */
  firstBatches: { parley: number; baseline: number }
  lastBatches: { parley: number; baseline: number }
}

export interface WorkspaceMeta {
  format: number
  schemaVersion: number
  size: number
  builtAt: string
  /** The `now` the demo generator used; the weekly summary is taken over the 7 days before it. */
  now: number
  sourceHash: string
  build: BuildFigures
  dbBytes: number
  baselineBytes: number
  accounts: Record<string, number>
  profiles: number[]
  tags: { id: number; name: string }[]
}

export interface Workspace {
  dir: string
  dataDir: string
  dbFile: string
  baselineFile: string
  meta: WorkspaceMeta
  reused: boolean
}

const BASELINE_SCHEMA = /* sql */ `
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  channel_account_id INTEGER NOT NULL,
  conversation_key TEXT NOT NULL,
  remote_id TEXT,
  parent_remote_id TEXT,
  direction TEXT NOT NULL,
  author_name TEXT NOT NULL,
  author_handle TEXT NOT NULL,
  text TEXT NOT NULL,
  html TEXT,
  permalink TEXT,
  created_at INTEGER NOT NULL
);
CREATE VIRTUAL TABLE messages_fts USING fts5(
  text, author_name,
  content='messages', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, text, author_name) VALUES (new.id, new.text, new.author_name);
END;
`

/** Plain better-sqlite3 with the same connection settings Parley uses (WAL, synchronous=NORMAL, 64 MB cache). */
export function openBaseline(file: string, create: boolean): Database.Database {
  const db = new Database(file, { fileMustExist: !create })
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('cache_size = -65536')
  db.pragma('temp_store = MEMORY')
  if (create) db.exec(BASELINE_SCHEMA)
  return db
}

/** Hash of the sources that decide what a workspace contains; a mismatch means the cache is stale. */
export function sourceHash(root: string): string {
  const hash = createHash('sha256')
  const dirs = ['src/main/features/demo', 'src/main/store', 'src/main/store/migrations', 'src/main/model']
  for (const dir of dirs) {
    const abs = join(root, dir)
    if (!existsSync(abs)) continue
    for (const name of readdirSync(abs).sort()) {
      if (!name.endsWith('.ts')) continue
      hash.update(`${dir}/${name}\n`)
      hash.update(readFileSync(join(abs, name)))
    }
  }
  return hash.digest('hex').slice(0, 12)
}

const PROFILE_NAMES: [string, 'agent' | 'supervisor'][] = [
  ['Alex Moreau', 'agent'],
  ['Sam Okafor', 'agent'],
  ['Priya Raman', 'supervisor'],
  ['Jonas Weber', 'agent'],
]
const TAG_NAMES = ['refund', 'bug', 'shipping', 'feature-request', 'praise', 'spam', 'press', 'battery', 'warranty', 'urgent', 'vip', 'follow-up']

export interface BuildOptions {
  root: string
  cacheDir: string
  size: number
  fresh: boolean
  log: (line: string) => void
  /** The built item-preparer thread (out/bench/item-preparer.mjs): Parley's items are prepared there, as in the app. */
  preparerEntry: string
}

export function workspaceDir(cacheDir: string, size: number): string {
  return join(cacheDir, `ws-${size}-schema${latestSchemaVersion}-f${WORKSPACE_FORMAT}`)
}

export async function openWorkspace(opts: BuildOptions): Promise<Workspace> {
  const dir = workspaceDir(opts.cacheDir, opts.size)
  const metaFile = join(dir, 'meta.json')
  if (!opts.fresh && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as WorkspaceMeta
    const hash = sourceHash(opts.root)
    if (meta.sourceHash !== hash) {
      opts.log(`note: the cached workspace was built from other demo/store sources (${meta.sourceHash}, now ${hash}); pass --fresh to rebuild it`)
    }
    return { dir, dataDir: join(dir, 'data'), dbFile: databaseFile(join(dir, 'data')), baselineFile: join(dir, 'baseline.db'), meta, reused: true }
  }
  const tmp = `${dir}.building`
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(join(tmp, 'data'), { recursive: true })
  const meta = await build(tmp, opts)
  writeFileSync(join(tmp, 'meta.json'), JSON.stringify(meta, null, 2))
  rmSync(dir, { recursive: true, force: true })
  renameSync(tmp, dir)
  return { dir, dataDir: join(dir, 'data'), dbFile: databaseFile(join(dir, 'data')), baselineFile: join(dir, 'baseline.db'), meta, reused: false }
}

async function build(dir: string, opts: BuildOptions): Promise<WorkspaceMeta> {
  const now = Date.now()
  const db = openDatabase({ file: databaseFile(join(dir, 'data')) })
  const base = openBaseline(join(dir, 'baseline.db'), true)
  const accountsStore = new AccountStore(db)
  const me = new ProfileStore(db).current(now).id
  const writer = new IngestWriter(db, () => now)
  const preparer = new ThreadItemPreparer(opts.preparerEntry, opts.log)
  const accountIds = new Map<string, number>()
  for (const account of demoAccounts()) {
    const { key, ...seed } = account
    accountIds.set(key, accountsStore.ensure(seed, { isDemo: true, at: now }))
  }

  const insertBase = base.prepare(
    `INSERT INTO messages(channel_account_id, conversation_key, remote_id, parent_remote_id, direction, author_name, author_handle,
       text, html, permalink, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  const baseBatch = base.transaction((rows: { account: number; item: NormalizedItem }[]) => {
    for (const { account, item: i } of rows) {
      insertBase.run(account, i.conversationKey, i.remoteId, i.parentRemoteId, i.direction, i.author.displayName, i.author.handle, i.text, i.html, i.permalink, i.createdAt)
    }
  })
  // The same statement the demo loader uses to give conversations a realistic status.
  const setTriage = db.prepare(
    `UPDATE conversations SET status = @status, unread = @unread,
       waiting_since = CASE WHEN @status = 'done' THEN NULL ELSE waiting_since END
     WHERE channel_account_id = @account AND conversation_key = @key`,
  )
  const triage = db.transaction((batch: DemoConversation[]) => {
    for (const c of batch) {
      const key = c.items[0]?.conversationKey
      if (key === undefined) continue
      setTriage.run({ account: accountIds.get(c.accountKey), key, status: c.status, unread: c.unread ? 1 : 0 })
    }
  })

  const f: BuildFigures = {
    conversations: 0,
    items: 0,
    parleyInserted: 0,
    parleyMs: 0,
    preparerWaitMs: 0,
    baselineMs: 0,
    generateMs: 0,
    triageMs: 0,
    decorateMs: 0,
    parleyRowsPerSec: 0,
    baselineRowsPerSec: 0,
    ratio: 0,
    firstBatches: { parley: 0, baseline: 0 },
    lastBatches: { parley: 0, baseline: 0 },
  }
  const batchRates: { parley: number; baseline: number }[] = []
  let lastLog = performance.now()
  const gen = generateDemo({ conversations: opts.size, now })
  /** The next chunk of about BATCH_ITEMS items (generation is not timed); empty at the end. */
  const nextChunk = (): DemoConversation[] => {
    const chunk: DemoConversation[] = []
    let items = 0
    while (items < BATCH_ITEMS) {
      const t = performance.now()
      const next = gen.next()
      f.generateMs += performance.now() - t
      if (next.done) break
      chunk.push(next.value)
      items += next.value.items.length
    }
    return chunk
  }
  const itemsOf = (chunk: DemoConversation[]): NormalizedItem[] => chunk.flatMap((c) => c.items)

  // As in the app, Parley's items are prepared (neutralised, sanitised) on the preparer thread while the writer
  // writes the chunk before: a chunk's Parley time is its write plus any wait for the next chunk's preparation
  // after the write. The baseline never runs while a preparation is in flight, so it lends the preparer no time.
  let chunk = nextChunk()
  const t0 = performance.now()
  let prepared: PreparedItem[] = chunk.length ? await preparer.prepare(itemsOf(chunk)) : []
  let firstWait = performance.now() - t0
  while (chunk.length) {
    const following = nextChunk()
    const rows: { account: number; item: NormalizedItem }[] = []
    for (const c of chunk) {
      const account = accountIds.get(c.accountKey) as number
      for (const item of c.items) rows.push({ account, item })
    }
    // Raw baseline: one transaction of plain inserts, the FTS trigger doing the indexing.
    const runBaseline = (): number => {
      const t = performance.now()
      baseBatch(rows)
      return performance.now() - t
    }
    // Parley: the same items through IngestWriter in one transaction, one ingest call (a savepoint) per
    // conversation — the shape of DemoLoader.writeBatch. (One call per account with thousands of items from
    // many conversations measured about half as fast: see BENCHMARKS.md.)
    let inserted = 0
    let followingPrepared: PreparedItem[] = []
    const runParley = async (): Promise<number> => {
      const preparing: Promise<PreparedItem[]> = following.length ? preparer.prepare(itemsOf(following)) : Promise.resolve([])
      const t = performance.now()
      writer.inTransaction(() => {
        let offset = 0
        for (const c of chunk) {
          inserted += writer.ingestPrepared(accountIds.get(c.accountKey) as number, prepared.slice(offset, offset + c.items.length)).inserted
          offset += c.items.length
        }
      })
      const written = performance.now()
      followingPrepared = await preparing
      const wait = performance.now() - written + firstWait
      f.preparerWaitMs += wait
      firstWait = 0
      return written - t + wait
    }
    // Alternate which goes first, so neither always inherits the other's garbage or cache state.
    const odd = batchRates.length % 2 === 1
    const parleyMs = odd ? await runParley() : 0
    const baseMs = runBaseline()
    const parleyTime = odd ? parleyMs : await runParley()
    const t = performance.now()
    triage(chunk)
    f.triageMs += performance.now() - t
    f.baselineMs += baseMs
    f.parleyMs += parleyTime
    f.parleyInserted += inserted
    f.items += rows.length
    f.conversations += chunk.length
    batchRates.push({ parley: rows.length / (parleyTime / 1000), baseline: rows.length / (baseMs / 1000) })
    chunk = following
    prepared = followingPrepared
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now()
      opts.log(
        `building: ${f.conversations.toLocaleString('en-US')} / ${opts.size.toLocaleString('en-US')} conversations, ` +
          `${f.items.toLocaleString('en-US')} items (Parley ${Math.round(f.items / (f.parleyMs / 1000)).toLocaleString('en-US')} rows/s, ` +
          `raw ${Math.round(f.items / (f.baselineMs / 1000)).toLocaleString('en-US')} rows/s)`,
      )
    }
  }
  await preparer.close()

  const mean = (list: { parley: number; baseline: number }[]): { parley: number; baseline: number } => ({
    parley: list.reduce((s, r) => s + r.parley, 0) / (list.length || 1),
    baseline: list.reduce((s, r) => s + r.baseline, 0) / (list.length || 1),
  })
  const n = Math.max(1, Math.min(5, Math.floor(batchRates.length / 4)))
  f.firstBatches = mean(batchRates.slice(0, n))
  f.lastBatches = mean(batchRates.slice(-n))
  f.parleyRowsPerSec = f.items / (f.parleyMs / 1000)
  f.baselineRowsPerSec = f.items / (f.baselineMs / 1000)
  f.ratio = f.parleyRowsPerSec / f.baselineRowsPerSec

  const t = performance.now()
  const decorations = decorate(db, now, me)
  f.decorateMs = performance.now() - t

  // As the core does on close: let SQLite refresh its statistics, then fold the WAL into the file.
  db.pragma('optimize')
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
  base.pragma('wal_checkpoint(TRUNCATE)')
  base.close()
  return {
    format: WORKSPACE_FORMAT,
    schemaVersion: latestSchemaVersion,
    size: opts.size,
    builtAt: new Date(now).toISOString(),
    now,
    sourceHash: sourceHash(opts.root),
    build: f,
    dbBytes: statSync(databaseFile(join(dir, 'data'))).size,
    baselineBytes: statSync(join(dir, 'baseline.db')).size,
    accounts: Object.fromEntries(accountIds),
    ...decorations,
  }
}

/**
 * What the demo generator does not produce but real workspaces have, so every view has rows:
 * teammates and assignments (Mine, Unassigned), pending approvals (Needs approval) and tags (saved views).
 * Deterministic (arithmetic on ids), applied with plain SQL; the triggers keep the counts exact.
 */
function decorate(db: Db, now: number, me: number): Pick<WorkspaceMeta, 'profiles' | 'tags'> {
  const profiles = [me]
  const insertProfile = db.prepare('INSERT INTO profiles(name, role, created_at) VALUES (?, ?, ?)')
  const insertTag = db.prepare('INSERT INTO tags(name) VALUES (?)')
  const tags: { id: number; name: string }[] = []
  db.transaction(() => {
    for (const [name, role] of PROFILE_NAMES) profiles.push(Number(insertProfile.run(name, role, now).lastInsertRowid))
    for (const name of TAG_NAMES) tags.push({ id: Number(insertTag.run(name).lastInsertRowid), name })
    // 40% of conversations assigned: 10% to each of the first four profiles (the current profile is the first).
    const [p1, p2, p3, p4] = profiles
    db.prepare(
      `UPDATE conversations SET assignee_id = CASE (id * 7919) % 10 WHEN 0 THEN ${p1} WHEN 1 THEN ${p2} WHEN 2 THEN ${p3} WHEN 3 THEN ${p4} END
       WHERE (id * 7919) % 10 < 4`,
    ).run()
    // Pending approvals on 0.5% of open or pending conversations; decided ones on 0.5% of all.
    db.prepare(
      `INSERT INTO approvals(id, conversation_id, author_id, body, body_hash, status, created_at)
       SELECT 'bench-p-' || id, id, ${p2}, 'Thanks for flagging this, we are on it.', 'h' || id, 'pending', last_activity_at
       FROM conversations WHERE status IN ('open','pending') AND (id * 31) % 200 = 0`,
    ).run()
    db.prepare(
      `INSERT INTO approvals(id, conversation_id, author_id, body, body_hash, status, decided_by, created_at, decided_at)
       SELECT 'bench-a-' || id, id, ${p2}, 'Sorry about that, a replacement is on its way.', 'h' || id, 'approved', ${p4}, last_activity_at, last_activity_at
       FROM conversations WHERE (id * 31) % 200 = 1`,
    ).run()
    // Tags: 15% of conversations carry one of 12 tags, 5% a second one.
    db.prepare(
      `INSERT OR IGNORE INTO conversation_tags(conversation_id, tag_id)
       SELECT id, ${tags[0]!.id} + (id * 13) % ${tags.length} FROM conversations WHERE (id * 7) % 100 < 15`,
    ).run()
    db.prepare(
      `INSERT OR IGNORE INTO conversation_tags(conversation_id, tag_id)
       SELECT id, ${tags[0]!.id} + (id * 5) % ${tags.length} FROM conversations WHERE (id * 11) % 100 < 5`,
    ).run()
  })()
  return { profiles, tags }
}
