// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient, setApi } from '@renderer/api/client'
import ListeningScreen from '@renderer/components/ListeningScreen.vue'
import { fakeTransport } from './fake-transport'

describe('a new tracked topic on the Listening screen', () => {
  let fake: ReturnType<typeof fakeTransport>

  beforeEach(() => {
    vi.useFakeTimers()
    setActivePinia(createPinia())
    fake = fakeTransport({
      'topics.list': () => [],
      'topics.matches': () => [],
      'topics.digest': () => ({ day: '2026-12-07', total: 0, topics: [] }),
      'topics.preview': (input) => {
        const { query } = input as { query: string }
        return { matched: 1234, scanned: 200_000, truncated: query === 'the' }
      },
    })
    setApi(createClient(fake.transport))
  })
  afterEach(() => vi.useRealTimers())

  it('shows how many stored items the query would have matched, once typing pauses', async () => {
    const w = mount(ListeningScreen, { attachTo: document.body })
    await flushPromises()
    const field = w.get('[data-testid="topic-query"]')
    await field.setValue('ref')
    await field.setValue('refund OR broken')
    await vi.advanceTimersByTimeAsync(300)
    await flushPromises()
    // One count for the paused text, not one per key.
    expect(fake.callsOf('topics.preview').map((c) => c.input)).toEqual([{ query: 'refund OR broken' }])
    expect(w.get('[data-testid="topic-preview"]').text()).toBe('Would have matched 1,234 stored items so far.')
    await field.setValue('the')
    await vi.advanceTimersByTimeAsync(300)
    await flushPromises()
    expect(w.get('[data-testid="topic-preview"]').text()).toBe('Would have matched 1,234 stored items among the newest 200,000.')
    w.unmount()
  })
})
