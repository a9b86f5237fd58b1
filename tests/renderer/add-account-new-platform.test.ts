// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { ChannelAccount } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import ChannelChip from '@renderer/components/ChannelChip.vue'
import ChannelsScreen from '@renderer/components/ChannelsScreen.vue'
import { useAppStore } from '@renderer/stores/app'
import { useChannelsStore } from '@renderer/stores/channels'
import { usePlatforms, usePlatformsStore } from '@renderer/stores/platforms'
import { exampleForumManifest } from '../support/fake-connector/manifest'
import { connectorInfo, manifests } from './connector-info'
import { fakeTransport } from './fake-transport'

/** A platform the renderer has never heard of: everything it shows comes from the manifest `connectors.list` serves. */
const connectors = [connectorInfo(manifests.mastodon), connectorInfo(exampleForumManifest)]

const APP_INFO = { version: '0', dataDir: '/tmp', profile: { id: 1, name: 'Mira', role: 'admin' as const }, isEmpty: false, hasDemo: false }

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  setApi(null)
  document.body.innerHTML = ''
})

function setup() {
  const added: ChannelAccount = {
    id: 7,
    platform: 'example-forum',
    displayName: 'Example Forum',
    handle: '@brand@forum.example',
    baseUrl: 'https://forum.example',
    status: 'active',
    statusMessage: null,
    isDemo: false,
  }
  const fake = fakeTransport({
    'app.info': () => APP_INFO,
    'accounts.list': () => [],
    'connectors.list': () => connectors,
    'vault.describe': () => ({ kind: 'keychain', description: 'Secret Service', available: true, problem: null }),
    'accounts.health': () => [],
    'accounts.add': () => added,
    'views.counts': () => ({ views: { inbox: 0, unassigned: 0, mine: 0, needs_approval: 0, done: 0 }, accounts: [] }),
    'conversations.list': () => ({ items: [], nextCursor: null }),
  })
  setApi(createClient(fake.transport))
  const pinia = createPinia()
  setActivePinia(pinia)
  const app = useAppStore()
  app.info = APP_INFO
  app.screen = 'channels'
  return { fake, pinia, channels: useChannelsStore() }
}

describe('a connector the renderer does not know by name', () => {
  it('is offered in the add-account dialog with its label, colour, fields and steps, and its fields go to the core by name', async () => {
    const s = setup()
    mounted = mount(ChannelsScreen, { global: { plugins: [s.pinia] }, attachTo: document.body })
    await flushPromises()
    s.channels.addOpen = true
    await flushPromises()
    const option = mounted.get('[data-testid="platform-example-forum"]')
    expect(option.text()).toContain('Example Forum')
    expect(option.text()).toContain('Access token')
    expect(option.attributes('style')).toContain('#0a7d5c')
    expect(option.find('path').attributes('d')).toBe(exampleForumManifest.icon)
    await option.trigger('click')
    expect(mounted.text()).toContain('Brings in the replies to your topics on an Example Forum.')
    expect(mounted.text()).toContain('Create an API key named “Parley”.')
    expect(mounted.get('[data-testid="field-apiKey"]').attributes('type')).toBe('password')
    await mounted.get('[data-testid="field-forumUrl"]').setValue('https://forum.example')
    await mounted.get('[data-testid="field-apiKey"]').setValue('k-123')
    await mounted.get('[data-testid="add-account-form"]').trigger('submit')
    await flushPromises()
    expect(s.fake.callsOf('accounts.add').map((c) => c.input)).toEqual([{ platform: 'example-forum', fields: { forumUrl: 'https://forum.example', apiKey: 'k-123' } }])
  })

  it('names and colours its chips from the manifest, loaded once', async () => {
    const s = setup()
    const platforms = usePlatformsStore()
    await Promise.all([platforms.load(), platforms.load()])
    expect(s.fake.callsOf('connectors.list')).toHaveLength(1)
    mounted = mount(ChannelChip, { props: { platform: 'example-forum' }, global: { plugins: [s.pinia] } })
    expect(mounted.text()).toBe('Example Forum')
    expect(mounted.get('.chip').attributes('style')).toContain('#0a7d5c')
    expect(usePlatforms().openLabel('example-forum')).toBe('Open on Example Forum')
  })
})
