// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import type { ConversationSummary } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import { useInboxStore } from '@renderer/stores/inbox'
import { fakeTransport } from './fake-transport'

const summary = (id: number): ConversationSummary => ({
  id,
  accountId: 1,
  kind: 'mention',
  status: 'open',
  subject: null,
  authorName: `P${id}`,
  authorHandle: `@p${id}`,
  preview: 'hi',
  lastActivityAt: 1_000_000 - id,
  waitingSince: null,
  unread: true,
  assigneeId: null,
  messageCount: 1,
  tags: [],
})

/** A fake list endpoint over ids 1..total with "<id>" keyset cursors. */
function setup(total: number) {
  const fake = fakeTransport({
    'conversations.list': (input) => {
      const { cursor, limit, view } = input as { cursor?: string | null; limit: number; view: string }
      const all = view === 'done' ? [] : Array.from({ length: total }, (_, i) => summary(i + 1))
      const start = cursor ? all.findIndex((c) => c.id === Number(cursor)) + 1 : 0
      const items = all.slice(start, start + limit)
      const more = start + limit < all.length
      return { items, nextCursor: more ? String(items[items.length - 1]!.id) : null }
    },
  })
  setApi(createClient(fake.transport))
  setActivePinia(createPinia())
  return { inbox: useInboxStore(), fake }
}

describe('inbox store', () => {
  afterEach(() => setApi(null))

  it('loads pages with the keyset cursor and stops at the end', async () => {
    const { inbox, fake } = setup(120)
    await inbox.loadFirstPage()
    expect(inbox.items).toHaveLength(50)
    await inbox.loadMore()
    await inbox.loadMore()
    expect(inbox.items).toHaveLength(120)
    expect(inbox.nextCursor).toBeNull()
    await inbox.loadMore()
    expect(fake.callsOf('conversations.list').map((c) => (c.input as { cursor: string | null }).cursor)).toEqual([null, '50', '100'])
  })

  it('switches view, resets the selection, and moves the cursor within bounds', async () => {
    const { inbox } = setup(3)
    await inbox.loadFirstPage()
    inbox.move(1)
    expect(inbox.selectedId).toBe(1)
    inbox.move(5)
    expect(inbox.selectedId).toBe(3)
    inbox.move(-1)
    expect(inbox.selectedId).toBe(2)
    inbox.setView('done')
    expect(inbox.selectedId).toBeNull()
    expect(inbox.loading).toBe(true)
    await new Promise((r) => setTimeout(r, 0))
    expect(inbox.items).toEqual([])
    expect(inbox.loading).toBe(false)
  })

  it('refreshes in place, keeping the cursor near the same place when its row leaves', async () => {
    let total = 5
    const fake = fakeTransport({
      'conversations.list': () => ({ items: Array.from({ length: total }, (_, i) => summary(i + 1)).filter((c) => c.id !== 3 || total === 5), nextCursor: null }),
    })
    setApi(createClient(fake.transport))
    setActivePinia(createPinia())
    const inbox = useInboxStore()
    await inbox.loadFirstPage()
    inbox.select(3)
    total = 4
    await inbox.refresh()
    expect(inbox.items.map((i) => i.id)).toEqual([1, 2, 4])
    expect(inbox.selectedId).toBe(4)
  })
})
