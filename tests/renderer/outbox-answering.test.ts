// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { ChannelAccount, OutboxItem } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import OutboxScreen from '@renderer/components/OutboxScreen.vue'
import { useAppStore } from '@renderer/stores/app'
import { useInboxStore } from '@renderer/stores/inbox'
import { useOutboxStore } from '@renderer/stores/outbox'
import { NOW, queuedOutboxItem } from './entities'
import { fakeTransport } from './fake-transport'

const listed: OutboxItem = queuedOutboxItem({
  inReplyTo: '5002',
  notBefore: NOW + 8_000,
  answering: { name: 'Li Wei', handle: '@li@cats.town', thread: 'Meet the new Commuter 3' },
})

afterEach(() => setApi(null))

describe('Outbox cards', () => {
  it('name who is answered and in which thread, as well as the sending account; an action keeps them', async () => {
    setActivePinia(createPinia())
    setApi(createClient(fakeTransport({ 'outbox.list': () => [listed] }).transport))
    useAppStore().info = { version: '0', dataDir: '/tmp', profile: { id: 3, name: 'Mira', role: 'supervisor' }, isEmpty: false, hasDemo: false }
    useInboxStore().accounts = [{ id: 1, platform: 'mastodon', displayName: 'Lumen Bikes', handle: '@lumenbikes@mastodon.social' } as ChannelAccount]
    const w = mount(OutboxScreen)
    await flushPromises()
    const card = w.get('[data-testid="outbox-item"]')
    expect(card.get('[data-testid="outbox-answering"]').text()).toBe('answering Li Wei @li@cats.town')
    expect(card.get('[data-testid="outbox-thread"]').text()).toBe('in “Meet the new Commuter 3”')
    expect(card.get('[data-testid="outbox-account"]').text()).toBe('from Lumen Bikes')

    // outbox.cancel answers without `answering`: the card still says who it was for.
    const { answering: _, ...plain } = listed
    useOutboxStore().upsert({ ...plain, state: 'cancelled' })
    await flushPromises()
    expect(w.get('[data-testid="outbox-answering"]').text()).toContain('Li Wei')
    w.unmount()
  })
})
