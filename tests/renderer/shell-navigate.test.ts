// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { createClient, setApi } from '@renderer/api/client'
import { startLiveUpdates } from '@renderer/lib/live-updates'
import { useAppStore } from '@renderer/stores/app'
import { useConversationStore } from '@renderer/stores/conversation'
import { useInboxStore } from '@renderer/stores/inbox'
import { fakeTransport } from './fake-transport'

/** The desktop shell's 'app.navigate' event (deep links, notification clicks, the Go menu) moves the window. */
let stop: (() => void) | null = null
afterEach(() => {
  stop?.()
  setApi(null)
})

describe('navigation from the desktop shell', () => {
  it('opens a screen, an inbox view, or a conversation', async () => {
    setActivePinia(createPinia())
    const fake = fakeTransport()
    const api = createClient(fake.transport)
    setApi(api)
    stop = startLiveUpdates(api)
    const app = useAppStore()
    const inbox = useInboxStore()

    fake.emit('app.navigate', { kind: 'screen', screen: 'outbox' })
    expect(app.screen).toBe('outbox')
    fake.emit('app.navigate', { kind: 'view', view: 'mine' })
    expect(app.screen).toBe('inbox')
    expect(inbox.view).toBe('mine')
    app.showScreen('reports')
    fake.emit('app.navigate', { kind: 'conversation', conversationId: 7 })
    await flushPromises()
    expect(app.screen).toBe('inbox')
    expect(inbox.selectedId).toBe(7)
    expect(useConversationStore().openId).toBe(7)
  })
})
