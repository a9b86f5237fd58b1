// @vitest-environment happy-dom
import { createTestingPinia } from '@pinia/testing'
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import type { ChannelAccount, ConversationSummary } from '@shared/contract'
import ConversationList from '@renderer/components/ConversationList.vue'
import { SETTLE_MS } from '@renderer/lib/fast-scroll'
import { useConversationStore } from '@renderer/stores/conversation'
import { useInboxStore } from '@renderer/stores/inbox'
import { conversationSummary } from './entities'

const account: ChannelAccount = {
  id: 1,
  platform: 'mastodon',
  displayName: 'Acme on Mastodon',
  handle: '@acme@social.example',
  baseUrl: 'https://social.example',
  status: 'active',
  statusMessage: null,
  isDemo: true,
}

const item = (id: number, patch: Partial<ConversationSummary> = {}): ConversationSummary =>
  conversationSummary(id, {
    authorHandle: `@person${id}@social.example`,
    preview: `First line of ${id}\nsecond line`,
    lastActivityAt: Date.now() - id * 60_000,
    ...patch,
  })

function mountList(items: ConversationSummary[], extra: Record<string, unknown> = {}) {
  const pinia = createTestingPinia({
    createSpy: vi.fn,
    initialState: {
      inbox: { items, accounts: [account], view: 'inbox', counts: { views: { inbox: items.length, unassigned: 0, mine: 0, needs_approval: 0, done: 0 }, accounts: [] }, ...extra },
    },
  })
  const wrapper = mount(ConversationList, { global: { plugins: [pinia] }, attachTo: document.body })
  return { wrapper, inbox: useInboxStore(pinia), conversation: useConversationStore(pinia) }
}

/** 2,000 rows, and a scroll to a row index as the browser reports it (a scroll event, then a frame). */
async function mountLongList() {
  const { wrapper } = mountList(Array.from({ length: 2000 }, (_, i) => item(i + 1)), { nextCursor: null })
  await flushPromises()
  const scroller = wrapper.get('[role="listbox"]').element as HTMLElement
  const scrollTo = async (row: number): Promise<void> => {
    scroller.scrollTop = row * 62
    scroller.dispatchEvent(new Event('scroll'))
    await flushPromises()
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))
    await flushPromises()
  }
  return { wrapper, scrollTo }
}

describe('ConversationList', () => {
  it('renders one row per conversation from the store, as listbox options', async () => {
    const { wrapper } = mountList([item(1, { unread: true }), item(2, { kind: 'feed', status: 'pending' }), item(3, { kind: 'dm' })])
    await flushPromises()
    const listbox = wrapper.get('[role="listbox"]')
    expect(listbox.attributes('tabindex')).toBe('0')
    const rows = wrapper.findAll('[data-testid="conversation-row"]')
    expect(rows.map((r) => r.attributes('data-id'))).toEqual(['1', '2', '3'])
    expect(rows.every((r) => r.attributes('role') === 'option')).toBe(true)
    expect(rows[0]!.text()).toContain('Person 1')
    expect(rows[0]!.text()).toContain('First line of 1')
    expect(rows[0]!.text()).not.toContain('second line')
    expect(rows[0]!.classes()).toContain('unread')
    expect(rows[1]!.attributes('data-kind')).toBe('feed')
    expect(rows[1]!.text()).toContain('Pending')
    expect(rows[0]!.text()).toContain('Mastodon')
    wrapper.unmount()
  })

  it('renders author names as text, never as HTML', async () => {
    const { wrapper } = mountList([item(1, { authorName: '<img src=x onerror=alert(1)>Eve' })])
    await flushPromises()
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.get('[data-testid="conversation-row"]').text()).toContain('<img src=x onerror=alert(1)>Eve')
    wrapper.unmount()
  })

  it('marks the selected row and opens a row on click', async () => {
    const { wrapper, conversation } = mountList([item(1), item(2)], { selectedId: 2 })
    await flushPromises()
    const rows = wrapper.findAll('[data-testid="conversation-row"]')
    expect(rows[1]!.attributes('aria-selected')).toBe('true')
    expect(wrapper.get('[role="listbox"]').attributes('aria-activedescendant')).toBe('conv-2')
    await rows[0]!.trigger('click')
    expect(conversation.open).toHaveBeenCalledWith(1)
    wrapper.unmount()
  })

  it('shows skeleton rows while loading and a teaching empty state when there is nothing', async () => {
    const loading = mountList([], { loading: true })
    expect(loading.wrapper.find('.skeleton-row').exists()).toBe(true)
    loading.wrapper.unmount()

    const empty = mountList([], { loading: false, view: 'done' })
    await flushPromises()
    expect(empty.wrapper.text()).toContain('Nothing done yet')
    expect(empty.wrapper.findAll('[data-testid="conversation-row"]')).toHaveLength(0)
    empty.wrapper.unmount()
  })

  it('reuses its row slots when the list jumps (a scrollbar drag), patching them instead of mounting new rows', async () => {
    const { wrapper, scrollTo } = await mountLongList()
    const jumpTo = async (row: number) => {
      await scrollTo(row)
      const slots = wrapper.findAll('.slot').map((w) => w.element)
      // Full rows, or placeholders while the jumps come fast: either way the same slots.
      const ids = wrapper.findAll('.slot > [data-id]').map((r) => Number(r.attributes('data-id')))
      return { slots, ids }
    }
    const middle = await jumpTo(500)
    expect(Math.min(...middle.ids)).toBeGreaterThan(480)
    const later = await jumpTo(1400)
    expect(Math.min(...later.ids)).toBeGreaterThan(1380)
    expect(later.ids.some((id) => middle.ids.includes(id))).toBe(false)
    // The same DOM nodes now show other conversations.
    expect(later.slots).toHaveLength(middle.slots.length)
    expect(later.slots.every((el) => middle.slots.includes(el))).toBe(true)
    wrapper.unmount()
  })

  it('draws light placeholders while a drag flies past, and full rows once it settles', async () => {
    const { wrapper, scrollTo } = await mountLongList()
    // From here the list's clock and frames are the test's: a busy machine cannot stretch the drag or settle it early.
    vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame'] })
    onTestFinished(() => void vi.useRealTimers())
    const frame = async (row: number): Promise<void> => {
      const done = scrollTo(row)
      await vi.advanceTimersByTimeAsync(16)
      await done
    }
    const full = () => wrapper.findAll('[data-testid="conversation-row"]').length
    const placeholders = () => wrapper.findAll('[data-testid="conversation-row-placeholder"]')
    // One jump on its own (End, a click on the track) draws full rows.
    await frame(300)
    expect(full()).toBeGreaterThan(0)
    expect(placeholders()).toHaveLength(0)
    // A drag: hundreds of rows between two scroll events.
    await frame(900)
    await frame(1500)
    expect(full()).toBe(0)
    expect(placeholders().length).toBeGreaterThan(0)
    expect(placeholders().map((p) => p.attributes('data-id'))).toContain('1501')
    expect(placeholders().find((p) => p.attributes('data-id') === '1501')!.text()).toContain('Person 1501')
    // Still for a moment: the full rows come back.
    await vi.advanceTimersByTimeAsync(SETTLE_MS + 50)
    await flushPromises()
    expect(placeholders()).toHaveLength(0)
    expect(wrapper.findAll('[data-testid="conversation-row"]').map((r) => Number(r.attributes('data-id')))).toContain(1501)
    wrapper.unmount()
  })
})
