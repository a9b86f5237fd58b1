import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compileQuery } from '../../../src/main/store/search-compile'
import { parseQuery } from '../../../src/main/model/search'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

/**
 * `tag:` queries walk tag_activity (a tag's conversations newest first, kept by triggers) instead of
 * collecting every conversation with the tag and sorting. Each query's pages must be exactly what the
 * plain WHERE over conversations returns, after every kind of change that moves activity or tags.
 */
describe('tag: views walk a tag newest first', () => {
  const t = tempDir('parley-tag-activity-')
  const ws = openWorkspace(t.dir, new FakeClock())
  const call = typed(ws)
  const tagIds = new Map<string, number>()

  const queries = ['tag:refund', 'tag:REFUND is:open', 'tag:bug kind:comment', 'tag:bug tag:refund', 'tag:refund -is:done', 'tag:vip', 'tag:nosuchtag', 'tag:refund battery']

  /** Every page of the query through the app, as ids. */
  async function pages(query: string, limit: number): Promise<number[]> {
    const ids: number[] = []
    let cursor: string | null = null
    for (let i = 0; i < 100; i++) {
      const page: Awaited<ReturnType<typeof call<'conversations.search'>>> = await call('conversations.search', { query, cursor, limit })
      if (!page.ok || 'error' in page.value) throw new Error(JSON.stringify(page))
      ids.push(...page.value.items.map((h) => h.conversation.id))
      cursor = page.value.nextCursor
      if (!cursor) return ids
    }
    throw new Error('too many pages')
  }

  /** The same query as one WHERE over conversations, newest first: what every page together must equal. */
  function reference(query: string): number[] {
    const { where, params } = compileQuery(parseQuery(query), {})
    return (ws.core.db.prepare(`SELECT c.id FROM conversations c WHERE ${where} ORDER BY c.last_activity_at DESC, c.id DESC`).all(params) as { id: number }[]).map((r) => r.id)
  }

  async function expectSameAsReference(): Promise<void> {
    for (const query of queries) {
      const expected = reference(query)
      // Queries with words come by their newest matching message (the full-text walk), not by activity: compare the sets.
      const order = query.includes('battery') ? (ids: number[]) => [...ids].sort((a, b) => a - b) : (ids: number[]) => ids
      expect(order(await pages(query, 7)), query).toEqual(order(expected))
      expect(order(await pages(query, 50)), query).toEqual(order(expected))
    }
    // The derived table is exactly the tagged conversations with their own last activity.
    const drift = ws.core.db
      .prepare(
        `SELECT count(*) AS n FROM (
           SELECT ct.conversation_id, ct.tag_id, c.last_activity_at FROM conversation_tags ct JOIN conversations c ON c.id = ct.conversation_id
           EXCEPT SELECT conversation_id, tag_id, last_activity_at FROM tag_activity
           UNION ALL
           SELECT conversation_id, tag_id, last_activity_at FROM tag_activity
           EXCEPT SELECT ct.conversation_id, ct.tag_id, c.last_activity_at FROM conversation_tags ct JOIN conversations c ON c.id = ct.conversation_id)`,
      )
      .get() as { n: number }
    expect(drift.n).toBe(0)
  }

  async function tag(name: string, ids: number[]): Promise<void> {
    expect((await call('conversations.addTags', { ids, tagIds: [tagIds.get(name)!] })).ok).toBe(true)
  }

  beforeAll(async () => {
    expect((await call('workspace.loadDemo', { conversations: 120 })).ok).toBe(true)
    for (const name of ['refund', 'bug', 'vip', 'spare']) {
      const made = await call('tags.create', { name })
      if (!made.ok) throw new Error(JSON.stringify(made))
      tagIds.set(name, made.value.id)
    }
    const all = (ws.core.db.prepare('SELECT id FROM conversations ORDER BY id').all() as { id: number }[]).map((r) => r.id)
    await tag('refund', all.filter((id) => id % 3 === 0))
    await tag('bug', all.filter((id) => id % 4 === 1))
    await tag('spare', all.filter((id) => id % 5 === 2))
    await tag('vip', all.slice(0, 2))
  })
  afterAll(async () => {
    await ws.close()
    t.cleanup()
  })

  it('answers each tag: query page by page exactly as the WHERE over conversations, walking tag_activity', async () => {
    await expectSameAsReference()
    const { where, params } = compileQuery(parseQuery('is:open'), {})
    const plan = (ws.core.db.prepare(
      `EXPLAIN QUERY PLAN SELECT c.id FROM tag_activity ta CROSS JOIN conversations c ON c.id = ta.conversation_id
       WHERE ta.tag_id = (SELECT t.id FROM tags t WHERE t.name = @drivingTag) AND (${where}) ORDER BY ta.last_activity_at DESC, ta.conversation_id DESC LIMIT 50`,
    ).all({ ...params, drivingTag: 'refund' }) as { detail: string }[]).map((r) => r.detail)
    expect(plan.join('; ')).toContain('USING COVERING INDEX tag_activity_recent (tag_id=?)')
    expect(plan.join('; ')).not.toContain('TEMP B-TREE')
  })

  it('stays exact when activity moves, tags come and go, merge and are deleted, and conversations are removed', async () => {
    const refund = reference('tag:refund')
    // New activity on the oldest refund conversation moves it to the top (the update ingest makes).
    const oldest = refund.at(-1)!
    const newest = (ws.core.db.prepare('SELECT max(last_activity_at) AS at FROM conversations').get() as { at: number }).at
    ws.core.db.prepare('UPDATE conversations SET last_activity_at = ? WHERE id = ?').run(newest + 60_000, oldest)
    expect(reference('tag:refund')[0]).toBe(oldest)
    await expectSameAsReference()
    // Another demo load: new conversations and messages through the ingest writer.
    expect((await call('workspace.loadDemo', { conversations: 40 })).ok).toBe(true)
    await tag('refund', (ws.core.db.prepare('SELECT id FROM conversations ORDER BY id DESC LIMIT 10').all() as { id: number }[]).map((r) => r.id))
    await expectSameAsReference()

    // Untag, then tag again.
    expect((await call('conversations.removeTags', { ids: refund.slice(0, 3), tagIds: [tagIds.get('refund')!] })).ok).toBe(true)
    await expectSameAsReference()
    await tag('refund', refund.slice(1, 2))
    await expectSameAsReference()

    // Merge spare into bug; delete vip.
    expect((await call('tags.merge', { sourceIds: [tagIds.get('spare')!], targetId: tagIds.get('bug')! })).ok).toBe(true)
    expect((await call('tags.delete', { id: tagIds.get('vip')! })).ok).toBe(true)
    await expectSameAsReference()

    // A conversation removed outright takes its tag rows with it.
    const gone = reference('tag:bug')[0]!
    ws.core.db.prepare('DELETE FROM conversations WHERE id = ?').run(gone)
    expect(ws.core.db.prepare('SELECT count(*) AS n FROM tag_activity WHERE conversation_id = ?').get(gone)).toEqual({ n: 0 })
    await expectSameAsReference()
  })
})
