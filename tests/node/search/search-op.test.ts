import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/compose'
import { highlightRanges, snippet } from '../../../src/main/model/search'
import type { OperationOutput } from '../../../src/shared/contract'
import { brandAccount, item } from '../../support/items'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

type Search = OperationOutput<'conversations.search'>
type Page = Extract<Search, { items: unknown }>

const texts = [
  'My Commuter 2 battery stopped charging after the update',
  'Battery life is great now, thanks',
  'Can I get a refund for my battery?',
  'Loving the new Commuter frame',
  'Warranty claim for a cracked frame',
  'charging port loose',
  'the battery after the update drains fast',
  'refund please, money back',
]

describe('conversations.search (the app search operation)', () => {
  let cleanup: () => void
  let ws: ReturnType<typeof openWorkspace>
  let core: Core
  let call: ReturnType<typeof typed>
  const keyOf = new Map<number, string>()

  beforeAll(() => {
    const t = tempDir()
    cleanup = t.cleanup
    const clock = new FakeClock()
    ws = openWorkspace(t.dir, clock)
    core = ws.core
    call = typed(ws)
    const account = core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() })
    // 40 conversations, each with two messages; the words cycle through `texts`.
    for (let i = 0; i < 40; i++) {
      const author = { remoteId: `a${i % 7}`, handle: `@user${i % 7}@example.social`, displayName: i % 7 === 0 ? 'Inês Araújo' : `User ${i % 7}`, avatarUrl: null, profileUrl: null }
      core.stores.ingest.ingest(account, [
        item({ remoteId: `r${i}a`, conversationKey: `k${i}`, text: texts[i % texts.length]!, html: null, author, createdAt: Date.UTC(2026, 9, 1) + i * 3_600_000 }),
        item({ remoteId: `r${i}b`, conversationKey: `k${i}`, text: i % 5 === 0 ? 'any news on the battery?' : 'hello again', html: null, author, createdAt: Date.UTC(2026, 9, 5) + i * 60_000 }),
      ])
    }
    for (const r of core.db.prepare('SELECT id, conversation_key FROM conversations').all() as { id: number; conversation_key: string }[]) {
      keyOf.set(r.id, r.conversation_key)
    }
    core.db.prepare("UPDATE conversations SET status = 'done' WHERE conversation_key IN ('k0','k2','k10')").run()
  })
  afterAll(async () => {
    await ws.close()
    cleanup()
  })

  const page = async (query: string, cursor: string | null = null, limit = 50): Promise<Page> => {
    const r = await call('conversations.search', { query, cursor, limit })
    if (!r.ok) throw new Error(r.error.message)
    if ('error' in r.value) throw new Error(`syntax: ${r.value.error.message}`)
    return r.value
  }
  /** Every page, following nextCursor. */
  const everything = async (query: string, limit: number): Promise<number[]> => {
    const ids: number[] = []
    let cursor: string | null = null
    for (let guard = 0; guard < 100; guard++) {
      const p: Page = await page(query, cursor, limit)
      ids.push(...p.items.map((i) => i.conversation.id))
      cursor = p.nextCursor
      if (!cursor) break
    }
    return ids
  }
  const reference = (query: string): number[] => core.stores.conversations.query(query, { limit: 1000, profileId: 1 }).map((c) => c.id)
  const sorted = (ids: number[]): number[] => [...ids].sort((a, b) => a - b)

  const queries = ['battery', 'batt*', 'battery -refund', '"after the update"', 'battery is:done', 'battery -is:done', 'charging from:user0', 'frame kind:comment', 'refund', 'nothingmatches', 'from:ines', 'is:done', '-battery', '']

  it.each(queries)('%j finds exactly what the query language finds, across pages, without repeats', async (query) => {
    for (const limit of [1, 3, 50]) {
      const ids = await everything(query, limit)
      expect(new Set(ids).size, `no repeats at limit ${limit}`).toBe(ids.length)
      expect(sorted(ids), `limit ${limit}`).toEqual(sorted(reference(query)))
    }
  })

  it('orders word results by their newest matching message', async () => {
    const p = await page('battery', null, 50)
    const ids = p.items.map((i) => i.messageId!)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    const newest = core.db
      .prepare("SELECT max(m.id) AS id FROM messages_fts f JOIN messages m ON m.id = f.rowid WHERE messages_fts MATCH 'battery'")
      .get() as { id: number }
    expect(ids[0]).toBe(newest.id)
  })

  it('highlights the matched words in the snippet and author name, as ranges', async () => {
    const p = await page('charging from:user0')
    const hit = p.items[0]!
    const marked = hit.snippetRanges.map(([a, b]) => hit.snippet.slice(a, b))
    expect(marked).toEqual(['charging'])
    const word = await page('araujo')
    expect(word.items.length).toBeGreaterThan(0)
    const h = word.items[0]!
    expect(h.authorRanges.map(([a, b]) => h.conversation.authorName.slice(a, b))).toEqual(['Araújo'])
  })

  // The query-syntax table: [query, message, error position (1-based column), underlined length].
  const invalid: [string, RegExp, number, number][] = [
    ['kin:dm', /Unknown filter "kin:" at column 1\. Did you mean "kind:"\?/, 1, 4],
    ['battery kin:dm', /Unknown filter "kin:" at column 9/, 9, 4],
    ['battery -tags:x', /Unknown filter "tags:" at column 10/, 10, 5],
    ['is:closed', /not a status/, 1, 9],
    ['a kind:email', /not a kind/, 3, 10],
    ['hello "world', /Unclosed quote starting at column 7/, 7, 6],
    ['from:"Inês', /Unclosed quote starting at column 6/, 6, 5],
    ['before:yesterday', /needs a date/, 1, 16],
    ['x after:2026-02-30', /needs a date/, 3, 16],
    ['from:', /from: needs a value/, 1, 5],
    ['a tag:""', /tag: needs a value/, 3, 6],
  ]
  it.each(invalid)('%j answers a positioned error, not a failure', async (query, message, position, length) => {
    const r = await call('conversations.search', { query })
    expect(r.ok).toBe(true)
    if (!r.ok || !('error' in r.value)) throw new Error('expected a syntax error')
    expect(r.value.error.message).toMatch(message)
    expect(r.value.error.position).toBe(position)
    expect(r.value.error.length).toBe(length)
    expect(query.slice(position - 1, position - 1 + length)).not.toBe('')
  })

  const valid = ['battery', 'BATTERY', 'batt*', '"after the update"', 'battery -refund', '-battery', 'from:ines', 'from:"Inês Araújo"', 'channel:mastodon', 'kind:dm', 'kind:comment', 'is:open', 'is:pending', 'is:snoozed', 'is:done', 'is:unread', 'tag:warranty', 'assignee:me', 'assignee:none', 'assignee:Ana', 'before:2026-11-01', 'after:2026-10-01', 'NEAR(', '*', 'a-b', 'https://lumen.example/help']
  it.each(valid)('%j is a valid query', async (query) => {
    const r = await call('conversations.search', { query })
    expect(r.ok && 'items' in r.value).toBe(true)
  })

  it('refuses a cursor it did not give out, and one from another kind of search', async () => {
    const bad = await call('conversations.search', { query: 'battery', cursor: 'zzz' })
    expect(bad.ok).toBe(false)
    const p = await page('is:open', null, 2)
    const mixed = await call('conversations.search', { query: 'battery', cursor: p.nextCursor })
    expect(mixed.ok).toBe(false)
  })
})

describe('highlight ranges', () => {
  const t = (text: string, prefix = false, phrase = false) => ({ text, prefix, phrase })
  it('folds case and accents like the index, and handles phrases and prefixes', () => {
    const text = 'Inês said: the BATTERY after the update, batteries too'
    const slices = (ranges: [number, number][]): string[] => ranges.map(([a, b]) => text.slice(a, b))
    expect(slices(highlightRanges(text, [t('ines')]))).toEqual(['Inês'])
    expect(slices(highlightRanges(text, [t('battery')]))).toEqual(['BATTERY'])
    expect(slices(highlightRanges(text, [t('batt', true)]))).toEqual(['BATTERY', 'batteries'])
    expect(slices(highlightRanges(text, [t('after the update', false, true)]))).toEqual(['after the update'])
    expect(slices(highlightRanges(text, [t('update after', false, true)]))).toEqual([])
    expect(highlightRanges(text, [])).toEqual([])
  })
  it('cuts a window around the first match and moves the ranges with it', () => {
    const long = `${'word '.repeat(100)}battery ${'tail '.repeat(100)}`
    const cut = snippet(long, [t('battery')], 80)
    expect(cut.text.startsWith('…')).toBe(true)
    expect(cut.text.endsWith('…')).toBe(true)
    expect(cut.ranges.map(([a, b]) => cut.text.slice(a, b))).toEqual(['battery'])
  })
})
