// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ChannelAccount, ConnectorInfo } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import ChannelsScreen from '@renderer/components/ChannelsScreen.vue'
import { useAppStore } from '@renderer/stores/app'
import { useChannelsStore } from '@renderer/stores/channels'
import { connectorInfo, manifests } from './connector-info'
import { fakeTransport } from './fake-transport'

const connectors: ConnectorInfo[] = [
  connectorInfo(manifests.mastodon, { authKind: 'oauth_pkce', capabilities: ['reply'], canReply: true }),
  connectorInfo(manifests.feed, { authKind: 'none', capabilities: [], canReply: false }),
]

const account = (id: number, patch: Partial<ChannelAccount> = {}): ChannelAccount => ({
  id,
  platform: 'mastodon',
  displayName: `Acme ${id}`,
  handle: `@acme${id}@social.example`,
  baseUrl: 'https://social.example',
  status: 'active',
  statusMessage: null,
  isDemo: false,
  ...patch,
})

const AUTHORIZE = 'https://social.example/oauth/authorize?client_id=abc&state=xyz'

let mounted: VueWrapper | null = null
afterEach(() => {
  mounted?.unmount()
  mounted = null
  setApi(null)
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

async function setup(options: { begin?: (input: unknown) => unknown } = {}) {
  let accounts = [account(1)]
  let flows = 0
  const fake = fakeTransport({
    'app.info': () => ({ version: '0', dataDir: '/tmp', profile: { id: 1, name: 'Mira', role: 'admin' }, isEmpty: false, hasDemo: false }),
    'accounts.list': () => accounts,
    'connectors.list': () => connectors,
    'vault.describe': () => ({ kind: 'keychain', description: 'Secret Service', available: true, problem: null }),
    'accounts.health': () => [],
    'views.counts': () => ({ views: { inbox: 0, unassigned: 0, mine: 0, needs_approval: 0, done: 0 }, accounts: [] }),
    'conversations.list': () => ({ items: [], nextCursor: null }),
    'accounts.beginOAuth':
      options.begin ?? (() => ({ flowId: `flow-${++flows}`, authorizeUrl: AUTHORIZE, redirectUri: 'http://127.0.0.1:49152/callback', expiresAt: Date.now() + 600_000 })),
    'accounts.cancelOAuth': () => ({ cancelled: true }),
  })
  setApi(createClient(fake.transport))
  const pinia = createPinia()
  setActivePinia(pinia)
  const app = useAppStore()
  app.info = { version: '0', dataDir: '/tmp', profile: { id: 1, name: 'Mira', role: 'admin' }, isEmpty: false, hasDemo: false }
  app.screen = 'channels'
  const channels = useChannelsStore()
  const open = vi.spyOn(window, 'open').mockImplementation(() => null)
  mounted = mount(ChannelsScreen, { global: { plugins: [pinia] }, attachTo: document.body })
  await flushPromises()
  channels.addOpen = true
  await flushPromises()
  const w = mounted
  await w.get('[data-testid="platform-mastodon"]').trigger('click')
  const connected = (a: ChannelAccount) => {
    accounts = [...accounts, a]
  }
  return { w, fake, app, channels, open, connected }
}

describe('Add account: sign in with Mastodon', () => {
  it('offers the browser sign-in first, next to the token form', async () => {
    const { w } = await setup()
    const start = w.get('[data-testid="oauth-start"]')
    expect(start.text()).toBe('Sign in with Mastodon')
    expect(start.classes()).toContain('btn-primary')
    expect(w.text()).toContain('Or connect with an access token')
    expect(w.find('[data-testid="field-token"]').exists()).toBe(true)
    expect(w.text()).toContain('Preferences → Development')
    // The token path stays, as the secondary action.
    expect(w.get('[data-testid="connect-submit"]').classes()).not.toContain('btn-primary')
  })

  it('starts the flow with the instance only, opens the page, waits, and closes on success', async () => {
    const s = await setup()
    await s.w.get('[data-testid="field-instance"]').setValue(' https://social.example ')
    await s.w.get('[data-testid="field-token"]').setValue('')
    await s.w.get('[data-testid="oauth-start"]').trigger('click')
    await flushPromises()

    expect(s.fake.callsOf('accounts.beginOAuth').map((c) => c.input)).toEqual([{ platform: 'mastodon', fields: { instance: 'https://social.example' } }])
    expect(s.open).toHaveBeenCalledWith(AUTHORIZE, '_blank', 'noopener')
    const waiting = s.w.get('[data-testid="oauth-waiting"]')
    expect(waiting.attributes('role')).toBe('status')
    expect(waiting.text()).toContain('Waiting for you to approve Parley in your browser…')
    expect(waiting.get('a').attributes()).toMatchObject({ href: AUTHORIZE, target: '_blank', rel: 'noopener noreferrer' })
    expect(s.w.find('[data-testid="oauth-start"]').exists()).toBe(false)
    expect(s.w.get('[data-testid="field-instance"]').attributes('disabled')).toBeDefined()

    // Another flow's answer is not this one's.
    s.fake.emit('accounts.oauthFinished', { flowId: 'someone-else', account: null, error: 'Denied.' })
    await flushPromises()
    expect(s.w.find('[data-testid="oauth-waiting"]').exists()).toBe(true)

    const created = account(9, { displayName: 'Lumen Bikes', handle: '@lumenbikes@social.example' })
    s.connected(created)
    s.fake.emit('accounts.oauthFinished', { flowId: 'flow-1', account: created, error: null })
    await flushPromises()
    expect(s.channels.addOpen).toBe(false)
    expect(s.w.find('[data-testid="add-account-form"]').exists()).toBe(false)
    expect(s.w.get('[data-testid="account-card"][data-account-id="9"]').text()).toContain('Lumen Bikes')
    expect(s.app.toasts.map((t) => t.message)).toContain('Connected Lumen Bikes. Its first sync has started.')
    expect(s.fake.callsOf('accounts.cancelOAuth')).toHaveLength(0)
  })

  it('shows why the sign-in did not work, inline, and lets the person try again', async () => {
    const s = await setup()
    await s.w.get('[data-testid="field-instance"]').setValue('https://social.example')
    await s.w.get('[data-testid="oauth-start"]').trigger('click')
    await flushPromises()
    s.fake.emit('accounts.oauthFinished', { flowId: 'flow-1', account: null, error: 'You chose not to let Parley use the account, so nothing was connected.' })
    await flushPromises()
    const error = s.w.get('[data-testid="connect-error"]')
    expect(error.attributes('role')).toBe('alert')
    expect(error.text()).toContain('You chose not to let Parley use the account')
    expect(s.w.find('[data-testid="oauth-waiting"]').exists()).toBe(false)
    expect(s.channels.addOpen).toBe(true)
    await s.w.get('[data-testid="oauth-start"]').trigger('click')
    await flushPromises()
    expect(s.fake.callsOf('accounts.beginOAuth')).toHaveLength(2)
    expect(s.w.find('[data-testid="connect-error"]').exists()).toBe(false)
  })

  it('cancels: tells the core, stops waiting, and ignores a late answer', async () => {
    const s = await setup()
    await s.w.get('[data-testid="field-instance"]').setValue('https://social.example')
    await s.w.get('[data-testid="oauth-start"]').trigger('click')
    await flushPromises()
    await s.w.get('[data-testid="oauth-cancel"]').trigger('click')
    await flushPromises()
    expect(s.fake.callsOf('accounts.cancelOAuth').map((c) => c.input)).toEqual([{ flowId: 'flow-1' }])
    expect(s.w.find('[data-testid="oauth-waiting"]').exists()).toBe(false)
    expect(s.w.find('[data-testid="oauth-start"]').exists()).toBe(true)
    s.fake.emit('accounts.oauthFinished', { flowId: 'flow-1', account: null, error: 'The sign-in was cancelled.' })
    await flushPromises()
    expect(s.w.find('[data-testid="connect-error"]').exists()).toBe(false)
    expect(s.channels.addOpen).toBe(true)
  })

  it('closing the form while waiting cancels the sign-in', async () => {
    const s = await setup()
    await s.w.get('[data-testid="field-instance"]').setValue('https://social.example')
    await s.w.get('[data-testid="oauth-start"]').trigger('click')
    await flushPromises()
    s.channels.addOpen = false
    await flushPromises()
    expect(s.fake.callsOf('accounts.cancelOAuth').map((c) => c.input)).toEqual([{ flowId: 'flow-1' }])
  })

  it('shows the core’s refusal to start (an instance older than 4.3) without opening anything', async () => {
    const s = await setup({
      begin: () => {
        throw new Error('social.example runs Mastodon 4.2.10, which cannot sign in through the browser safely. Connect it with an access token instead.')
      },
    })
    await s.w.get('[data-testid="field-instance"]').setValue('https://social.example')
    await s.w.get('[data-testid="oauth-start"]').trigger('click')
    await flushPromises()
    expect(s.w.get('[data-testid="connect-error"]').text()).toContain('runs Mastodon 4.2.10')
    expect(s.open).not.toHaveBeenCalled()
    expect(s.w.find('[data-testid="oauth-waiting"]').exists()).toBe(false)
  })

  it('asks for the instance before starting, and treats Enter with no token as the sign-in', async () => {
    const s = await setup()
    await s.w.get('[data-testid="oauth-start"]').trigger('click')
    await flushPromises()
    expect(s.fake.callsOf('accounts.beginOAuth')).toHaveLength(0)
    expect(s.w.get('[data-testid="field-instance"]').attributes('aria-invalid')).toBe('true')
    // The token field is not required for the sign-in.
    expect(s.w.get('[data-testid="field-token"]').attributes('aria-invalid')).toBeUndefined()

    await s.w.get('[data-testid="field-instance"]').setValue('social.example')
    await s.w.get('[data-testid="add-account-form"]').trigger('submit')
    await flushPromises()
    expect(s.fake.callsOf('accounts.beginOAuth').map((c) => c.input)).toEqual([{ platform: 'mastodon', fields: { instance: 'social.example' } }])
    expect(s.fake.callsOf('accounts.add')).toHaveLength(0)
  })
})
