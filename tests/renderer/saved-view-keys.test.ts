// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createClient, setApi } from '@renderer/api/client'
import SavedViews from '@renderer/components/SavedViews.vue'
import { createShortcutDispatcher } from '@renderer/lib/shortcuts'
import { withTriage } from '@renderer/lib/triage-actions'
import { useAppStore } from '@renderer/stores/app'
import { useInboxStore } from '@renderer/stores/inbox'
import { useSavedViewsStore } from '@renderer/stores/saved-views'
import { useSearchStore } from '@renderer/stores/search'
import { fakeTransport } from './fake-transport'

describe('g then a letter with a saved view open', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    const fake = fakeTransport({
      'conversations.search': () => ({ items: [], nextCursor: null }),
      'conversations.list': () => ({ items: [], nextCursor: null }),
    })
    setApi(createClient(fake.transport))
  })

  it('leaves the saved view for the view the keys name', async () => {
    const app = useAppStore()
    const inbox = useInboxStore()
    const search = useSearchStore()
    useSavedViewsStore().views = [{ id: 4, name: 'Refunds', query: 'refund', position: 0, notify: false }]
    // The app's own g then i / g then d, as App.vue defines them; the other views come from withTriage.
    const { handlers } = withTriage({
      next: vi.fn(),
      previous: vi.fn(),
      open: vi.fn(),
      back: vi.fn(),
      reply: vi.fn(),
      goInbox: () => {
        app.showScreen('inbox')
        inbox.setView('inbox')
      },
      goDone: () => {
        app.showScreen('inbox')
        inbox.setView('done')
      },
      goChannels: () => app.showScreen('channels'),
      help: vi.fn(),
    })
    const dispatch = createShortcutDispatcher(handlers)
    const w = mount(SavedViews, { attachTo: document.body })
    const press = (key: string): void => {
      const target = document.activeElement ?? document.body
      target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
    }
    const onKey = (e: KeyboardEvent): void => void dispatch(e)
    window.addEventListener('keydown', onKey)
    inbox.setView('inbox')
    await flushPromises()

    for (const [letter, view] of [['i', 'inbox'], ['m', 'mine'], ['d', 'done']] as const) {
      const button = w.get('[data-testid="saved-view"]')
      await button.trigger('click')
      ;(button.element as HTMLButtonElement).focus()
      await flushPromises()
      expect(search.active).toBe(true)
      expect(search.viewId).toBe(4)
      press('g')
      press(letter)
      await flushPromises()
      // The saved view's results no longer stand in the list's place: the named view is on screen.
      expect(search.active, `g then ${letter}`).toBe(false)
      expect(inbox.view).toBe(view)
      expect(app.screen).toBe('inbox')
    }
    window.removeEventListener('keydown', onKey)
    w.unmount()
  })
})
