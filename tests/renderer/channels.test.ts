// @vitest-environment happy-dom
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { AccountHealth, ChannelAccount, ConnectorInfo, ConversationSummary, StreamHealth } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import ChannelsScreen from '@renderer/components/ChannelsScreen.vue'
import AppSidebar from '@renderer/components/AppSidebar.vue'
import { startLiveUpdates } from '@renderer/lib/live-updates'
import { useAppStore } from '@renderer/stores/app'
import { useChannelsStore } from '@renderer/stores/channels'
import { useInboxStore } from '@renderer/stores/inbox'
import { connectorInfo, manifests } from './connector-info'
import { fakeTransport } from './fake-transport'

const NOW = Date.now()

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

const stream = (patch: Partial<StreamHealth> = {}): StreamHealth => ({
  stream: 'notifications',
  lastAttemptAt: NOW - 5.5 * 60_000,
  lastSuccessAt: NOW - 5.5 * 60_000,
  nextPollAt: NOW + 3.2 * 60_000,
  lastFetched: 12,
  totalFetched: 1234,
  lastError: null,
  lastErrorAt: null,
  rateLimitedUntil: null,
  mayBeMissingItems: false,
  backfilling: false,
  ...patch,
})

const health = (accountId: number, streams: StreamHealth[], patch: Partial<AccountHealth> = {}): AccountHealth => ({
  accountId,
  status: 'active',
  statusMessage: null,
  offline: false,
  streams,
  ...patch,
})

const connectors: ConnectorInfo[] = [
  connectorInfo(manifests.mastodon, { authKind: 'token', capabilities: ['reply'], canReply: true }),
  connectorInfo(manifests.bluesky, { authKind: 'app_password', capabilities: ['reply'], canReply: true }),
  connectorInfo(manifests.feed, { authKind: 'none', capabilities: [], canReply: false }),
]

const summary = (id: number, accountId: number): ConversationSummary => ({
  id,
  accountId,
  kind: 'mention',
  status: 'open',
  subject: null,
  authorName: `P${id}`,
  authorHandle: `@p${id}`,
  preview: 'hi',
  lastActivityAt: NOW - id,
  waitingSince: null,
  unread: false,
  assigneeId: null,
  messageCount: 1,
  tags: [],
})

interface Setup {
  accounts?: ChannelAccount[]
  healths?: AccountHealth[]
  add?: (input: unknown) => unknown
  conversations?: number
}

let mounted: VueWrapper | null = null
let stopLive: (() => void) | null = null

function setup(options: Setup = {}) {
  let accounts = options.accounts ?? [account(1)]
  const healths = options.healths ?? [health(1, [stream()])]
  const fake = fakeTransport({
    'app.info': () => ({ version: '0', dataDir: '/tmp', profile: { id: 1, name: 'Mira', role: 'admin' }, isEmpty: accounts.length === 0, hasDemo: false }),
    'accounts.list': () => accounts,
    'connectors.list': () => connectors,
    'vault.describe': () => ({ kind: 'keychain', description: 'Secret Service (GNOME Keyring / KWallet)', available: true, problem: null }),
    'accounts.health': (input) => {
      const id = (input as { id?: number }).id
      return id === undefined ? healths : healths.filter((h) => h.accountId === id)
    },
    'accounts.add':
      options.add ??
      ((input) => {
        const created = account(9, { platform: (input as { platform: ChannelAccount['platform'] }).platform, displayName: 'New one' })
        accounts = [...accounts, created]
        healths.push(health(9, [stream({ lastSuccessAt: null, lastAttemptAt: null, backfilling: true, totalFetched: 0, lastFetched: 0 })]))
        return created
      }),
    'accounts.remove': (input) => {
      const { id, deleteData } = input as { id: number; deleteData: boolean }
      accounts = accounts.filter((a) => a.id !== id)
      return { id, secretsRemoved: true, dataRemoved: deleteData }
    },
    'accounts.pause': (input) => {
      const id = (input as { id: number }).id
      accounts = accounts.map((a) => (a.id === id ? { ...a, status: 'paused' as const, statusMessage: 'Paused by you.' } : a))
      return accounts.find((a) => a.id === id)
    },
    'accounts.pollNow': (input) => ({ id: (input as { id: number }).id }),
    'views.counts': () => ({ views: { inbox: 0, unassigned: 0, mine: 0, needs_approval: 0, done: 0 }, accounts: [] }),
    'conversations.list': (input) => {
      const { view, accountId } = input as { view: string; accountId?: number }
      const n = view === 'done' ? 0 : (options.conversations ?? 0)
      return { items: Array.from({ length: n }, (_, i) => summary(i + 1, accountId ?? 1)), nextCursor: null }
    },
  })
  const api = createClient(fake.transport)
  setApi(api)
  const pinia: Pinia = createPinia()
  setActivePinia(pinia)
  const app = useAppStore()
  app.info = { version: '0', dataDir: '/tmp', profile: { id: 1, name: 'Mira', role: 'admin' }, isEmpty: false, hasDemo: false }
  app.screen = 'channels'
  return { fake, api, pinia, app, channels: useChannelsStore(), inbox: useInboxStore() }
}

async function mountScreen(s: ReturnType<typeof setup>) {
  mounted = mount(ChannelsScreen, { global: { plugins: [s.pinia] }, attachTo: document.body })
  await flushPromises()
  return mounted
}

afterEach(() => {
  stopLive?.()
  stopLive = null
  mounted?.unmount()
  mounted = null
  setApi(null)
  document.body.innerHTML = ''
})

describe('Channels screen: add account', () => {
  it('sends the platform’s fields, trimmed, and leaves optional empty ones out', async () => {
    const s = setup()
    const w = await mountScreen(s)
    await w.get('[data-testid="add-account"]').trigger('click')
    await flushPromises()
    expect(w.find('dialog[open]').exists()).toBe(true)

    await w.get('[data-testid="platform-mastodon"]').trigger('click')
    const token = w.get('[data-testid="field-token"]')
    expect(token.attributes('type')).toBe('password')
    expect(w.text()).toContain('Preferences → Development')
    await w.get('[data-testid="field-instance"]').setValue(' https://social.example ')
    await token.setValue('s3cret-token')
    await w.get('[data-testid="add-account-form"]').trigger('submit')
    await flushPromises()

    expect(s.fake.callsOf('accounts.add').map((c) => c.input)).toEqual([
      { platform: 'mastodon', fields: { instance: 'https://social.example', token: 's3cret-token' } },
    ])
    // Success closes the form, shows the new account with its health, and keeps no secret anywhere in the stores.
    expect(s.channels.addOpen).toBe(false)
    expect(w.find('[data-testid="add-account-form"]').exists()).toBe(false)
    const card = w.get('[data-testid="account-card"][data-account-id="9"]')
    expect(card.text()).toContain('New one')
    expect(card.get('[data-testid="health-backfill"]').text()).toContain('Backfilling')
    expect(JSON.stringify(s.pinia.state.value)).not.toContain('s3cret-token')
  })

  it('sends Bluesky and feed fields by their contract names', async () => {
    const s = setup()
    const w = await mountScreen(s)
    s.channels.addOpen = true
    await flushPromises()
    await w.get('[data-testid="platform-bluesky"]').trigger('click')
    expect(w.text()).toContain('Settings → Privacy and security → App passwords')
    expect(w.text()).toContain('Allow access to your direct messages')
    expect(w.get('[data-testid="field-appPassword"]').attributes('type')).toBe('password')
    await w.get('[data-testid="field-handle"]').setValue('acme.bsky.social')
    await w.get('[data-testid="field-appPassword"]').setValue('abcd-efgh-ijkl-mnop')
    await w.get('[data-testid="add-account-form"]').trigger('submit')
    await flushPromises()

    s.channels.addOpen = true
    await flushPromises()
    await w.get('[data-testid="platform-feed"]').trigger('click')
    await w.get('[data-testid="field-url"]').setValue('https://blog.example/feed.xml')
    await w.get('[data-testid="field-keywords"]').setValue('acme, widgets')
    await w.get('[data-testid="add-account-form"]').trigger('submit')
    await flushPromises()

    expect(s.fake.callsOf('accounts.add').map((c) => c.input)).toEqual([
      { platform: 'bluesky', fields: { handle: 'acme.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop' } },
      { platform: 'feed', fields: { url: 'https://blog.example/feed.xml', keywords: 'acme, widgets' } },
    ])
  })

  it('checks required fields before asking the core', async () => {
    const s = setup()
    const w = await mountScreen(s)
    s.channels.addOpen = true
    await flushPromises()
    await w.get('[data-testid="platform-mastodon"]').trigger('click')
    await w.get('[data-testid="field-instance"]').setValue('https://social.example')
    await w.get('[data-testid="add-account-form"]').trigger('submit')
    await flushPromises()
    expect(s.fake.callsOf('accounts.add')).toHaveLength(0)
    expect(w.get('[data-testid="field-token"]').attributes('aria-invalid')).toBe('true')
    expect(w.text()).toContain('Enter the access token.')
  })

  it('shows the core’s error inline, keeps the form open, and stays busy while waiting', async () => {
    let fail: (error: Error) => void = () => undefined
    const s = setup({ add: () => new Promise((_, reject) => (fail = reject)) })
    const w = await mountScreen(s)
    s.channels.addOpen = true
    await flushPromises()
    await w.get('[data-testid="platform-mastodon"]').trigger('click')
    await w.get('[data-testid="field-instance"]').setValue('https://social.example')
    await w.get('[data-testid="field-token"]').setValue('wrong')
    await w.get('[data-testid="add-account-form"]').trigger('submit')
    await flushPromises()

    const submit = w.get('[data-testid="connect-submit"]')
    expect(submit.text()).toBe('Connecting…')
    expect(submit.attributes('disabled')).toBeDefined()

    fail(new Error('Mastodon refused the token. Create a new one in Preferences → Development and try again.'))
    await flushPromises()
    const error = w.get('[data-testid="connect-error"]')
    expect(error.attributes('role')).toBe('alert')
    expect(error.text()).toContain('Mastodon refused the token.')
    expect(w.get('[data-testid="connect-submit"]').text()).toBe('Connect')
    expect(s.channels.addOpen).toBe(true)
    expect(JSON.stringify(s.pinia.state.value)).not.toContain('wrong')
  })
})

describe('Channels screen: add account errors', () => {
  it('keeps a platform’s refusal (code unauthorized) inline instead of ending the session', async () => {
    const s = setup()
    const call = s.fake.transport.call.bind(s.fake.transport)
    s.fake.transport.call = (async (op: string, input: unknown) =>
      op === 'accounts.add'
        ? { ok: false, error: { code: 'unauthorized', message: 'blog.example refused access to that feed (403).' } }
        : call(op as never, input as never)) as typeof s.fake.transport.call
    const w = await mountScreen(s)
    s.channels.addOpen = true
    await flushPromises()
    await w.get('[data-testid="platform-feed"]').trigger('click')
    await w.get('[data-testid="field-url"]').setValue('https://blog.example/feed.xml')
    await w.get('[data-testid="add-account-form"]').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="connect-error"]').text()).toContain('refused access to that feed (403)')
    expect(s.app.unauthorized).toBe(false)
  })
})

describe('Channels screen: health panel', () => {
  it('lists accounts with status, vault backend and per-stream health', async () => {
    const s = setup({
      accounts: [account(1), account(2, { platform: 'feed', displayName: 'Demo feed', isDemo: true })],
      healths: [health(1, [stream()])],
    })
    const w = await mountScreen(s)
    expect(w.get('[data-testid="vault-backend"]').text()).toContain('Secrets kept in: Secret Service (GNOME Keyring / KWallet)')
    const cards = w.findAll('[data-testid="account-card"]')
    expect(cards.map((c) => c.attributes('data-account-id'))).toEqual(['1', '2'])
    const card = cards[0]!
    expect(card.get('[data-testid="account-status"]').text()).toBe('Active')
    expect(card.get('[data-testid="health-last-success"]').text()).toBe('5 minutes ago')
    expect(card.get('[data-testid="health-last-success"] time').attributes('title')).toMatch(/\d/)
    expect(card.get('[data-testid="health-fetched"]').text()).toMatch(/12 last time · 1,?234 in total/)
    expect(card.get('[data-testid="health-next"]').text()).toBe('in 3 minutes')
    expect(card.find('[data-testid="health-error"]').exists()).toBe(false)
    // Demo accounts are labelled and have nothing to poll.
    expect(cards[1]!.text()).toContain('Demo')
    expect(cards[1]!.find('[data-testid="poll-now"]').exists()).toBe(false)
  })

  it('renders the last error, a gap, rate limiting and reconnect states in plain words', async () => {
    const until = NOW + 20 * 60_000
    const s = setup({
      accounts: [account(1), account(2, { status: 'needs_reconnect', statusMessage: 'Mastodon refused the token.' })],
      healths: [
        health(1, [
          stream({ stream: 'notifications', lastError: 'Mastodon did not answer in time.', lastErrorAt: NOW - 90_000, mayBeMissingItems: true }),
          stream({ stream: 'conversations', rateLimitedUntil: until, lastError: 'Too many requests.' }),
        ]),
        health(2, [stream()], { status: 'needs_reconnect', statusMessage: 'Mastodon refused the token.' }),
      ],
    })
    const w = await mountScreen(s)
    const [first, second] = w.findAll('[data-testid="account-card"]')
    const rows = first!.findAll('[data-testid="stream-health"]')
    expect(rows[0]!.get('[data-testid="health-error"]').text()).toContain('Last poll failed 1 minute ago: Mastodon did not answer in time.')
    expect(rows[0]!.get('[data-testid="health-gap"]').text()).toContain('May be missing items')
    const limited = rows[1]!.get('[data-testid="health-rate-limited"]').text()
    expect(limited).toMatch(/Rate limited until \d{1,2}:\d{2}/)
    // While rate limited, the error is part of that note rather than a second alarm.
    expect(rows[1]!.find('[data-testid="health-error"]').exists()).toBe(false)

    expect(second!.get('[data-testid="account-status"]').text()).toBe('Needs reconnect')
    expect(second!.get('[data-testid="status-message"]').text()).toContain('Mastodon refused the token.')
    expect(second!.get('[data-testid="poll-now"]').attributes('disabled')).toBeDefined()
  })

  it('marks accounts in the sidebar that need attention, with an accessible label', async () => {
    const s = setup({
      accounts: [account(1), account(2, { status: 'needs_reconnect', statusMessage: 'Bluesky refused the app password.' }), account(3)],
      healths: [health(1, [stream({ rateLimitedUntil: NOW + 600_000 })]), health(3, [stream({ mayBeMissingItems: true })])],
    })
    await s.inbox.loadAccounts()
    await s.channels.loadHealth()
    mounted = mount(AppSidebar, { global: { plugins: [s.pinia] }, attachTo: document.body })
    await flushPromises()
    const warning = (id: number) => mounted!.get(`[data-testid="account-${id}"]`).find('[data-testid="account-warning"]')
    expect(warning(1).text()).toContain('Rate limited until')
    expect(warning(2).get('.visually-hidden').text()).toContain('Needs reconnecting. Bluesky refused the app password.')
    expect(warning(3).text()).toContain('May be missing items')
    await mounted.get('[data-testid="nav-channels"]').trigger('click')
    expect(s.app.screen).toBe('channels')
  })
})

describe('Channels screen: actions', () => {
  it('asks before removing, and sends deleteData only when ticked', async () => {
    const s = setup({ accounts: [account(1), account(2)], healths: [health(1, [stream()]), health(2, [stream()])], conversations: 3 })
    const w = await mountScreen(s)

    // Cancel sends nothing.
    await w.get('[data-account-id="1"] [data-testid="remove"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="remove-dialog"]').text()).toContain('deletes its sign-in secrets from the system keychain')
    expect(w.get('[data-testid="remove-dialog"]').text()).toContain('Also delete its 3 conversations from this computer')
    await w.findAll('[data-testid="remove-dialog"] button').find((b) => b.text() === 'Cancel')!.trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="remove-dialog"]').exists()).toBe(false)
    expect(s.fake.callsOf('accounts.remove')).toHaveLength(0)

    // Unticked: the conversations stay.
    await w.get('[data-account-id="1"] [data-testid="remove"]').trigger('click')
    await flushPromises()
    await w.get('[data-testid="confirm-remove"]').trigger('submit')
    await flushPromises()
    expect(s.fake.callsOf('accounts.remove').map((c) => c.input)).toEqual([{ id: 1, deleteData: false }])
    expect(w.find('[data-account-id="1"]').exists()).toBe(false)

    // Ticked: they go too.
    await w.get('[data-account-id="2"] [data-testid="remove"]').trigger('click')
    await flushPromises()
    await w.get('[data-testid="delete-data"]').setValue(true)
    expect(w.get('[data-testid="confirm-remove"]').text()).toBe('Remove and delete')
    await w.get('[data-testid="remove-dialog"]').trigger('submit')
    await flushPromises()
    expect(s.fake.callsOf('accounts.remove').map((c) => c.input)).toEqual([
      { id: 1, deleteData: false },
      { id: 2, deleteData: true },
    ])
  })

  it('pauses and polls', async () => {
    const s = setup()
    const w = await mountScreen(s)
    await w.get('[data-testid="poll-now"]').trigger('click')
    await flushPromises()
    expect(s.fake.callsOf('accounts.pollNow').map((c) => c.input)).toEqual([{ id: 1 }])
    expect(w.get('[data-testid="poll-now"]').text()).toBe('Polling…')
    await w.get('[data-testid="pause"]').trigger('click')
    await flushPromises()
    expect(s.fake.callsOf('accounts.pause').map((c) => c.input)).toEqual([{ id: 1 }])
    expect(w.get('[data-testid="account-status"]').text()).toBe('Paused')
    expect(w.find('[data-testid="resume"]').exists()).toBe(true)
  })
})

describe('Channels screen: live updates', () => {
  it('updates from sync.health, sync.progress and accounts.changed without a reload', async () => {
    const s = setup()
    stopLive = startLiveUpdates(s.api)
    const w = await mountScreen(s)
    expect(w.find('[data-testid="health-error"]').exists()).toBe(false)

    s.fake.emit('sync.progress', { accountId: 1, stream: 'notifications', fetched: 340, phase: 'backfill' })
    await flushPromises()
    expect(w.get('[data-testid="health-backfill"]').text()).toContain('Backfilling… 340 items')

    s.fake.emit(
      'sync.health',
      health(1, [stream({ lastError: 'Mastodon refused the token.', lastErrorAt: NOW, totalFetched: 2000 })], {
        status: 'needs_reconnect',
        statusMessage: 'Mastodon refused the token.',
      }),
    )
    await flushPromises()
    expect(w.find('[data-testid="health-backfill"]').exists()).toBe(false)
    expect(w.get('[data-testid="health-error"]').text()).toContain('Mastodon refused the token.')
    expect(w.get('[data-testid="health-fetched"]').text()).toMatch(/2,?000 in total/)
    expect(w.get('[data-testid="account-status"]').text()).toBe('Needs reconnect')
    expect(s.inbox.accounts[0]!.status).toBe('needs_reconnect')

    s.fake.emit('sync.online', { online: false })
    await flushPromises()
    expect(w.find('[data-testid="health-offline"]').exists()).toBe(true)

    const before = s.fake.callsOf('accounts.list').length
    s.fake.emit('accounts.changed', { accountId: 1 })
    await flushPromises()
    expect(s.fake.callsOf('accounts.list').length).toBe(before + 1)
    expect(s.fake.callsOf('accounts.health').at(-1)!.input).toEqual({ id: 1 })
  })
})
