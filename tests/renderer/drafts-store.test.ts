// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient, setApi } from '@renderer/api/client'
import { DRAFT_DEBOUNCE_MS, useDraftsStore } from '@renderer/stores/drafts'
import { fakeTransport } from './fake-transport'

function setup(stored: Record<number, string> = {}) {
  const saved: { conversationId: number; body: string }[] = []
  const fake = fakeTransport({
    'drafts.get': (input) => {
      const { conversationId } = input as { conversationId: number }
      const body = stored[conversationId]
      return body === undefined ? null : { conversationId, body, updatedAt: 1 }
    },
    'drafts.save': (input) => {
      const draft = input as { conversationId: number; body: string }
      saved.push(draft)
      return { ...draft, updatedAt: Date.now() }
    },
  })
  setApi(createClient(fake.transport))
  setActivePinia(createPinia())
  return { store: useDraftsStore(), saved, fake }
}

describe('drafts store', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    vi.useRealTimers()
    setApi(null)
  })

  it('loads the stored draft when a conversation opens', async () => {
    const { store } = setup({ 7: 'Hello there' })
    await store.open(7)
    expect(store.body).toBe('Hello there')
    expect(store.status).toBe('saved')
  })

  it('saves once, ~400 ms after the last keystroke', async () => {
    const { store, saved } = setup()
    await store.open(1)
    store.input('H')
    await vi.advanceTimersByTimeAsync(200)
    store.input('He')
    await vi.advanceTimersByTimeAsync(200)
    store.input('Hey')
    expect(store.status).toBe('pending')
    await vi.advanceTimersByTimeAsync(DRAFT_DEBOUNCE_MS - 1)
    expect(saved).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(saved).toEqual([{ conversationId: 1, body: 'Hey' }])
    expect(store.status).toBe('saved')
  })

  it('flushes at once (blur) without waiting for the debounce, and only once', async () => {
    const { store, saved } = setup()
    await store.open(1)
    store.input('Quick')
    await store.flush()
    expect(saved).toEqual([{ conversationId: 1, body: 'Quick' }])
    await vi.advanceTimersByTimeAsync(DRAFT_DEBOUNCE_MS * 2)
    expect(saved).toHaveLength(1)
    // Nothing changed since: another flush saves nothing.
    await store.flush()
    expect(saved).toHaveLength(1)
  })

  it('flushes the previous draft when switching conversation', async () => {
    const { store, saved } = setup({ 2: 'Draft two' })
    await store.open(1)
    store.input('Draft one')
    await store.open(2)
    await vi.runAllTimersAsync()
    expect(saved).toEqual([{ conversationId: 1, body: 'Draft one' }])
    expect(store.conversationId).toBe(2)
    expect(store.body).toBe('Draft two')
  })

  it('shows an error in plain words and retries', async () => {
    let fail = true
    const saved: string[] = []
    const fake = fakeTransport({
      'drafts.get': () => null,
      'drafts.save': (input) => {
        if (fail) throw new Error('Parley could not write the draft.')
        saved.push((input as { body: string }).body)
        return { ...(input as object), updatedAt: 1 }
      },
    })
    setApi(createClient(fake.transport))
    setActivePinia(createPinia())
    const store = useDraftsStore()
    await store.open(3)
    store.input('Keep me')
    await vi.advanceTimersByTimeAsync(DRAFT_DEBOUNCE_MS)
    expect(store.status).toBe('error')
    expect(store.error).toBe('Parley could not write the draft.')
    fail = false
    await store.retry()
    expect(saved).toEqual(['Keep me'])
    expect(store.status).toBe('saved')
  })

  it('ignores draft.saved echoes while its own edits are pending, takes other windows’ edits otherwise', async () => {
    const { store } = setup()
    await store.open(4)
    store.input('mine')
    store.onSaved({ conversationId: 4, body: 'older', updatedAt: 1 })
    expect(store.body).toBe('mine')
    await vi.advanceTimersByTimeAsync(DRAFT_DEBOUNCE_MS)
    store.onSaved({ conversationId: 4, body: 'from another window', updatedAt: 2 })
    expect(store.body).toBe('from another window')
  })
})
