import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CallResult } from '../../src/shared/contract'
import { brandAccount, item } from '../support/items'
import { openWorkspace, tempDir, typed } from '../support/workspace'

type Ws = ReturnType<typeof openWorkspace>

const value = <T>(r: CallResult<T>): T => {
  if (!r.ok) throw new Error(`call failed: ${r.error.message}`)
  return r.value
}

describe('router', () => {
  let ws: Ws
  let cleanup: () => void
  let conversationIds: number[]
  let call: ReturnType<typeof typed>

  beforeEach(async () => {
    const t = tempDir()
    cleanup = t.cleanup
    ws = openWorkspace(t.dir)
    call = typed(ws)
    const account = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
    const items = Array.from({ length: 7 }, (_, i) =>
      item({ remoteId: `r${i}`, conversationKey: `c${i}`, createdAt: Date.UTC(2026, 10, 10) + (i % 3) * 1000 }),
    )
    ws.core.stores.ingest.ingest(account, items)
    conversationIds = value(await call('conversations.list', { view: 'inbox', limit: 50 })).items.map((c) => c.id)
  })
  afterEach(async () => {
    await ws.close()
    cleanup()
  })

  const fingerprint = (): string =>
    JSON.stringify([
      ws.core.db.prepare('SELECT * FROM drafts').all(),
      ws.core.db.prepare('SELECT id, unread, status FROM conversations ORDER BY id').all(),
    ])

  it.each([
    ['drafts.save', { conversationId: 'one', body: 'x' }, /conversationId/],
    ['drafts.save', { conversationId: 1, body: 'x'.repeat(50_001) }, /body/],
    ['drafts.save', { conversationId: 1, body: 'x', extra: true }, /Unrecognized key|extra/i],
    ['conversations.list', { view: 'everything' }, /view/],
    ['conversations.list', { view: 'inbox', limit: 10_000 }, /limit/],
    ['conversations.markRead', { id: -3, read: true }, /id/],
    ['conversations.get', null, /id/],
    ['workspace.loadDemo', { conversations: 1e9 }, /conversations/],
  ])('refuses %s with %j clearly and changes nothing', async (op, input, pathPattern) => {
    const before = fingerprint()
    const result = await ws.call(op, input)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('bad_input')
    // Plain words, never the schema's text.
    expect(result.error.message).not.toMatch(/Invalid input|Too (small|big)|expected/)
    expect(result.error.message).toMatch(/Nothing was changed\.$/)
    expect(JSON.stringify(result.error.issues)).toMatch(pathPattern)
    expect(fingerprint()).toBe(before)
  })

  it('names an unknown operation', async () => {
    const result = await ws.call('conversations.explode', {})
    expect(result).toEqual({ ok: false, error: { code: 'bad_input', message: 'Unknown operation "conversations.explode".' } })
  })

  it('answers not_found in plain words for a missing conversation', async () => {
    const result = await ws.call('conversations.get', { id: 999_999 })
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/does not exist/) } })
    const draft = await ws.call('drafts.save', { conversationId: 999_999, body: 'hello' })
    expect(draft).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it('pages the inbox with a keyset cursor, newest first, without gaps or repeats', async () => {
    const seen: number[] = []
    let cursor: string | null = null as string | null
    let pages = 0
    do {
      const page: { items: { id: number }[]; nextCursor: string | null } = value(await call('conversations.list', { view: 'inbox', limit: 3, cursor }))
      seen.push(...page.items.map((c) => c.id))
      cursor = page.nextCursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual(conversationIds)
    expect(new Set(seen).size).toBe(7)
    const times = value(await call('conversations.list', { view: 'inbox' })).items.map((c) => c.lastActivityAt)
    expect([...times].sort((a, b) => b - a)).toEqual(times)
  })

  it('rejects a forged cursor', async () => {
    const result = await ws.call('conversations.list', { view: 'inbox', cursor: "1; DROP TABLE messages" })
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_input', message: expect.stringMatching(/cursor/) } })
  })

  it('saves a draft, emits it, and an empty body removes it', async () => {
    const id = conversationIds[0]!
    const seen: unknown[] = []
    ws.subscribe((name, payload) => name === 'draft.saved' && seen.push(payload))
    value(await call('drafts.save', { conversationId: id, body: 'Hi! Which firmware?' }))
    expect(value(await call('drafts.get', { conversationId: id }))).toMatchObject({ body: 'Hi! Which firmware?' })
    expect(seen).toHaveLength(1)
    value(await call('drafts.save', { conversationId: id, body: '   ' }))
    expect(value(await call('drafts.get', { conversationId: id }))).toBeNull()
  })

  it('marks read and keeps the sidebar counts in step', async () => {
    const id = conversationIds[0]!
    const counts = value(await call('views.counts', {}))
    const unreadBefore = counts.accounts[0]!.unread
    expect(counts.views.inbox).toBe(7)
    const events: string[] = []
    ws.subscribe((name) => events.push(name))
    value(await call('conversations.markRead', { id, read: true }))
    expect(value(await call('views.counts', {})).accounts[0]!.unread).toBe(unreadBefore - 1)
    expect(events).toEqual(['conversations.changed', 'counts.changed'])
  })

  it('shows the thread with the context post first', async () => {
    const account = ws.core.stores.accounts.list()[0]!.id
    ws.core.stores.ingest.ingest(account, [
      item({ remoteId: 'post', conversationKey: 'ctx', direction: 'out', isContext: true, text: 'Meet the Trail X', createdAt: 1000 }),
      item({ remoteId: 'reply', conversationKey: 'ctx', parentRemoteId: 'post', text: 'Price?', createdAt: 2000 }),
    ])
    const list = value(await call('conversations.list', { view: 'inbox', limit: 50 }))
    const ctx = list.items.find((c) => c.preview === 'Price?')!
    const thread = value(await call('conversations.get', { id: ctx.id }))
    expect(thread.messages.map((m) => [m.isContext, m.text])).toEqual([
      [true, 'Meet the Trail X'],
      [false, 'Price?'],
    ])
    expect(thread.conversation.messageCount).toBe(2)
  })
})
