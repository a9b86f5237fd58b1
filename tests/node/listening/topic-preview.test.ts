import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { brandAccount, item } from '../../support/items'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

/** "Track" shows how many stored items a new topic would have matched, with the live matcher; nothing is written. */
describe('topics.preview', () => {
  let cleanup: () => void
  let ws: ReturnType<typeof openWorkspace>
  let call: ReturnType<typeof typed>

  beforeAll(() => {
    const t = tempDir()
    cleanup = t.cleanup
    const clock = new FakeClock()
    ws = openWorkspace(t.dir, clock)
    call = typed(ws)
    const account = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() })
    const at = Date.UTC(2026, 10, 16, 8)
    ws.core.stores.ingest.ingest(account, [
      item({ remoteId: 'p1', conversationKey: 'a', text: 'I want a refund for my Commuter', html: null, createdAt: at }),
      item({ remoteId: 'p2', conversationKey: 'b', text: 'The rear light is broken again', html: null, createdAt: at + 1 }),
      item({ remoteId: 'p3', conversationKey: 'c', text: 'Lovely ride along the Rhine today', html: null, createdAt: at + 2 }),
      item({ remoteId: 'p4', conversationKey: 'a', text: 'Still waiting on that refund', html: null, createdAt: at + 3 }),
    ])
  })
  afterAll(async () => {
    await ws.close()
    cleanup()
  })

  it('counts the stored items the query would have matched, and stores nothing', async () => {
    const r = await call('topics.preview', { query: 'refund OR broken' })
    expect(r).toEqual({ ok: true, value: { matched: 3, scanned: 4, truncated: false } })
    const rhine = await call('topics.preview', { query: 'rhine' })
    expect(rhine.ok && rhine.value.matched).toBe(1)
    expect(ws.core.db.prepare('SELECT count(*) AS n FROM topics').get()).toEqual({ n: 0 })
    expect(ws.core.db.prepare('SELECT count(*) AS n FROM topic_matches').get()).toEqual({ n: 0 })
  })

  it('refuses a query the language cannot read in plain words', async () => {
    const r = await call('topics.preview', { query: 'refund "unclosed' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('bad_input')
      expect(r.error.message).not.toMatch(/zod|Invalid input/i)
    }
  })
})
