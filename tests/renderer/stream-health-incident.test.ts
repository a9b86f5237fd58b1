import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { ChannelAccount, StreamHealth } from '@shared/contract'
import StreamHealthRow from '@renderer/components/StreamHealthRow.vue'
import { piniaWithManifests } from './connector-info'

const NOW = new Date(2026, 10, 16, 11, 0).getTime()
const account: ChannelAccount = { id: 1, platform: 'mastodon', displayName: 'Lumen', handle: '@lumen', baseUrl: 'https://m.example', status: 'active', statusMessage: null, isDemo: false }
const stream = (incident: StreamHealth['incident'], lastError: string | null = null): StreamHealth => ({
  stream: 'notifications',
  lastAttemptAt: NOW - 60_000,
  lastSuccessAt: NOW - 60_000,
  nextPollAt: NOW + 60_000,
  lastFetched: 0,
  totalFetched: 12,
  lastError,
  lastErrorAt: lastError ? NOW - 60_000 : null,
  rateLimitedUntil: null,
  mayBeMissingItems: false,
  backfilling: false,
  incident,
})

const render = (s: StreamHealth, platform: ChannelAccount['platform'] = 'mastodon') =>
  mount(StreamHealthRow, { props: { account: { ...account, platform }, stream: s, now: NOW, backfill: null, offline: false }, global: { plugins: [piniaWithManifests()] } })

describe('the health panel tells the story of a run of failures', () => {
  it('says what happened and when polling recovered', () => {
    const recoveredAt = new Date(2026, 10, 16, 10, 42).getTime()
    const w = render(stream({ summary: 'timed out 3 times', failures: 3, since: recoveredAt - 300_000, recoveredAt }))
    const text = w.get('[data-testid="health-incident"]').text().replace(/\s+/g, ' ')
    expect(text).toMatch(/^Mastodon timed out 3 times; recovered at 10:42( AM)?\.$/)
    expect(w.find('[data-testid="health-error"]').exists()).toBe(false)
  })

  it('while still failing, says since when, next to the last error', () => {
    const since = new Date(2026, 10, 16, 10, 40).getTime()
    const w = render(stream({ summary: 'answered with a server error twice', failures: 2, since, recoveredAt: null }, 'm.example had a problem (503); trying again soon.'), 'feed')
    expect(w.get('[data-testid="health-incident"]').text().replace(/\s+/g, ' ')).toMatch(/^The feed answered with a server error twice since 10:40( AM)?; Parley keeps trying by itself\.$/)
    expect(w.get('[data-testid="health-error"]').text()).toContain('503')
  })

  it('says nothing when nothing went wrong', () => {
    expect(render(stream(null)).find('[data-testid="health-incident"]').exists()).toBe(false)
    expect(render(stream(undefined)).find('[data-testid="health-incident"]').exists()).toBe(false)
  })
})
