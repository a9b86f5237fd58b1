// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { CoverageAlert, CoverageSummary, StreamCoverage } from '@shared/contract'
import { createClient, setApi } from '@renderer/api/client'
import StreamCoverageRow from '@renderer/components/StreamCoverageRow.vue'
import CoverageSignal from '@renderer/components/CoverageSignal.vue'
import CoveragePanel from '@renderer/components/CoveragePanel.vue'
import { startCoverageAlerts } from '@renderer/lib/coverage-alerts'
import { useAppStore } from '@renderer/stores/app'
import { useCoverageStore } from '@renderer/stores/coverage'
import { useChannelsStore } from '@renderer/stores/channels'
import { fakeTransport } from './fake-transport'

/** Monday 16 November 2026, 14:00 UTC (the workspace's zone is UTC here): hour 14 of the week. */
const NOW = Date.UTC(2026, 10, 16, 14, 0)
const HOUR = 3_600_000

const daytime = Array.from({ length: 168 }, (_, k) => (k % 24 >= 8 && k % 24 < 22 ? 2 : 0))

const silence: CoverageAlert = {
  id: 7,
  kind: 'silence',
  accountId: 1,
  accountName: 'Lumen Bikes',
  platform: 'mastodon',
  stream: 'notifications',
  streamLabel: 'Mentions and replies',
  since: NOW - 5 * HOUR,
  raisedAt: NOW - HOUR,
  resolvedAt: null,
  title: 'Mentions and replies of Lumen Bikes: nothing since Mon 09:00',
  body: 'At this time of the week about 10 items would usually have come in by now.',
  causes: [
    { key: 'token', status: 'ruled_out', text: 'Is the token still valid? Yes: the platform accepted it at the last poll (Mon 13:30).' },
    { key: 'empty_pages', status: 'likely', text: 'Is the platform returning empty pages? It answered the last 9 polls without anything new.' },
    { key: 'paused', status: 'check', text: 'Is the account paused, restricted or suspended on the platform?' },
  ],
}

const coverage = (patch: Partial<StreamCoverage> = {}): StreamCoverage => ({
  accountId: 1,
  stream: 'notifications',
  label: 'Mentions and replies',
  state: 'ok',
  coveredSince: NOW - 14 * 24 * HOUR,
  coveredUntil: NOW - 30 * 60_000,
  lastItemAt: NOW - 40 * 60_000,
  lastReceivedAt: NOW - 30 * 60_000,
  usualRate: daytime,
  learnedItems: 392,
  learnedSince: NOW - 14 * 24 * HOUR,
  usualGapMs: 30 * 60_000,
  expectedSinceLast: 1.3,
  backfillLimitDays: null,
  gaps: [],
  alert: null,
  ...patch,
})

function setup(summary: CoverageSummary, alerts: (CoverageAlert & { unseen: boolean })[] = [], role: 'agent' | 'admin' = 'admin') {
  const fake = fakeTransport({
    'coverage.list': () => ({ timeZone: 'UTC', streams: [coverage()], summary }),
    'coverage.alerts': () => ({ alerts }),
    'coverage.acknowledge': () => ({ seen: 1 }),
    'coverage.getSettings': () => ({ enabled: true, gaps: 8, floorMinutes: 120 }),
    'coverage.setSettings': (input) => input,
  })
  setApi(createClient(fake.transport))
  const pinia = createPinia()
  setActivePinia(pinia)
  const app = useAppStore()
  app.info = { version: '0', dataDir: '/tmp', profile: { id: 1, name: 'Mira', role }, isEmpty: false, hasDemo: false }
  return { fake, pinia, app, store: useCoverageStore() }
}

describe('coverage on the Channels screen and in the top bar', () => {
  it('shows a stream’s covered window, last item, usual rate at this hour and its known gaps', () => {
    const w = mount(StreamCoverageRow, {
      props: {
        coverage: coverage({
          gaps: [
            { kind: 'cooldown', from: NOW - 3 * HOUR, to: NOW - 2.5 * HOUR, outcome: 'caught_up', detail: 'The platform asked Parley to slow down.' },
            { kind: 'backfill_limit', from: NOW - 14 * 24 * HOUR, to: NOW - 24 * HOUR, outcome: 'lost', detail: 'The platform keeps one day of this stream.' },
          ],
          backfillLimitDays: 1,
        }),
        now: NOW,
        timeZone: 'UTC',
      },
    })
    expect(w.get('[data-testid="coverage-window"]').text()).toContain('(14 days)')
    expect(w.get('[data-testid="coverage-last-item"]').text()).toBe('40 minutes ago')
    expect(w.get('[data-testid="coverage-rate"]').text()).toBe('about 2 an hour')
    // The strip marks this hour of the week (Monday 14:00 = cell 14).
    const cells = w.findAll('.cell')
    expect(cells).toHaveLength(168)
    expect(cells.findIndex((c) => c.classes('now'))).toBe(14)
    expect(w.get('[data-testid="coverage-gaps"] summary').text()).toBe('Known gaps: 2 · 1 may have lost items')
    const gaps = w.findAll('[data-testid="coverage-gap"]').map((g) => g.text().replace(/\s+/g, ' '))
    expect(gaps[0]).toMatch(/^Rate limited: .* — caught up afterwards\. The platform asked Parley to slow down\.$/)
    expect(gaps[1]).toMatch(/^Beyond what the platform keeps: .* — items from it may be missing\./)
    expect(w.get('[data-testid="coverage-backfill-limit"]').text()).toContain('keeps a day of this stream')
    expect(w.find('[data-testid="coverage-silence"]').exists()).toBe(false)
  })

  it('names a silent stream and what to check, likely causes first in words', () => {
    const w = mount(StreamCoverageRow, { props: { coverage: coverage({ state: 'silent', alert: silence, lastItemAt: NOW - 5 * HOUR }), now: NOW, timeZone: 'UTC' } })
    expect(w.get('[data-testid="coverage-state"]').text()).toBe('Silent')
    const note = w.get('[data-testid="coverage-silence"]')
    expect(note.text()).toContain('nothing since Mon 09:00')
    const causes = note.findAll('[data-cause]').map((c) => [c.attributes('data-cause'), c.classes()[0], c.text().split(':')[0]])
    expect(causes).toEqual([
      ['token', 'ruled_out', 'Ruled out'],
      ['empty_pages', 'likely', 'Likely'],
      ['paused', 'check', 'To check'],
    ])
  })

  it('keeps the top-bar signal live: an account to reconnect, with the new alert counted; a click opens Channels', async () => {
    const s = setup({ state: 'ok', streams: 2, silent: 0, failing: 0, needsReconnect: 0, text: 'All 2 streams are covered without a known loss.' })
    const stop = startCoverageAlerts(createClient(s.fake.transport))
    await flushPromises()
    const w = mount(CoverageSignal, { global: { plugins: [s.pinia] } })
    expect(w.get('[data-testid="coverage-signal"]').text()).toBe('Covered')
    expect(w.get('[data-testid="coverage-signal"]').attributes('data-state')).toBe('ok')

    // The core tells every profile; this window works as profile 1.
    s.store.summary = { state: 'problem', streams: 2, silent: 0, failing: 0, needsReconnect: 1, text: '1 account needs reconnecting.' }
    s.store.alerts = [{ ...silence, id: 8, kind: 'account', stream: null, streamLabel: null, title: 'Lumen Bikes (Mastodon) needs reconnecting', unseen: true }]
    await flushPromises()
    const signal = w.get('[data-testid="coverage-signal"]')
    expect(signal.text().replace(/\s+/g, ' ')).toBe('Reconnect 1')
    expect(signal.attributes('aria-label')).toBe('Coverage: 1 account needs reconnecting. 1 new alert. Open Channels.')
    await signal.trigger('click')
    expect(s.app.screen).toBe('channels')

    // A coverage.changed event re-reads the list (once per burst).
    const before = s.fake.callsOf('coverage.list').length
    s.fake.emit('coverage.changed', {})
    s.fake.emit('sync.health', { accountId: 1, status: 'active', statusMessage: null, offline: false, streams: [] })
    await new Promise((r) => setTimeout(r, 600))
    await flushPromises()
    expect(s.fake.callsOf('coverage.list').length).toBe(before + 1)
    stop()
  })

  it('lists the profile’s open alerts with their causes and marks one seen', async () => {
    const s = setup({ state: 'attention', streams: 2, silent: 1, failing: 0, needsReconnect: 0, text: '1 stream is quieter than usual.' }, [{ ...silence, unseen: true }])
    const w = mount(CoveragePanel, { props: { now: NOW }, global: { plugins: [s.pinia] } })
    await flushPromises()
    expect(w.get('[data-testid="coverage-summary"]').text()).toBe('1 stream is quieter than usual.')
    const alert = w.get('[data-testid="coverage-alert"]')
    expect(alert.text()).toContain('Mentions and replies of Lumen Bikes: nothing since Mon 09:00')
    expect(alert.findAll('[data-cause]')).toHaveLength(3)
    await w.get('[data-testid="coverage-seen"]').trigger('click')
    await flushPromises()
    expect(s.fake.callsOf('coverage.acknowledge').map((c) => c.input)).toEqual([{ ids: [7] }])
    expect(w.find('[data-testid="coverage-seen"]').exists()).toBe(false)
    expect(w.get('[data-testid="silence-settings"] summary').text()).toBe('Silence alarm: after 8 usual gaps, at least 2 h')
  })

  it('marks an account with a silent stream in the sidebar', () => {
    const s = setup({ state: 'attention', streams: 1, silent: 1, failing: 0, needsReconnect: 0, text: '1 stream is quieter than usual.' })
    s.store.streams = [coverage({ state: 'silent', alert: silence })]
    const account = { id: 1, platform: 'mastodon', displayName: 'Lumen Bikes', handle: '@lumen', baseUrl: 'https://m.example', status: 'active' as const, statusMessage: null, isDemo: false }
    expect(useChannelsStore().warningFor(account, NOW)).toEqual({ kind: 'silent', short: 'Silent', label: 'Quieter than usual: Mentions and replies' })
    expect(useChannelsStore().warningFor({ ...account, id: 2 }, NOW)).toBeNull()
  })

  it('lets only supervisors and admins change the silence alarm', async () => {
    const s = setup({ state: 'ok', streams: 1, silent: 0, failing: 0, needsReconnect: 0, text: 'All 1 stream is covered.' }, [], 'agent')
    const w = mount(CoveragePanel, { props: { now: NOW }, global: { plugins: [s.pinia] } })
    await flushPromises()
    expect(w.get('[data-testid="silence-settings"]').text()).toContain('Supervisors and admins change these.')
    expect(w.findAll('[data-testid="silence-settings"] input').every((i) => (i.element as HTMLInputElement).disabled)).toBe(true)
  })
})
