import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { ChannelAccount, StreamHealth } from '@shared/contract'
import StreamHealthRow from '@renderer/components/StreamHealthRow.vue'
import { piniaWithManifests } from './connector-info'

const NOW = new Date(2026, 10, 16, 11, 0).getTime()
const account: ChannelAccount = { id: 1, platform: 'email', displayName: 'support@brand.test', handle: 'support@brand.test', baseUrl: 'imaps://mail.brand.test:993', status: 'active', statusMessage: null, isDemo: false }
const stream = (positions?: StreamHealth['positions']): StreamHealth => ({
  stream: 'mail',
  lastAttemptAt: NOW - 60_000,
  lastSuccessAt: NOW - 60_000,
  nextPollAt: NOW + 60_000,
  lastFetched: 0,
  totalFetched: 12,
  lastError: null,
  lastErrorAt: null,
  rateLimitedUntil: null,
  mayBeMissingItems: false,
  backfilling: false,
  incident: null,
  ...(positions ? { positions } : {}),
})

const render = (s: StreamHealth) =>
  mount(StreamHealthRow, { props: { account, stream: s, now: NOW, backfill: null, offline: false }, global: { plugins: [piniaWithManifests()] } })

describe('a stream that keeps a place per folder', () => {
  it('shows where each folder stands', () => {
    const w = render(
      stream([
        { label: 'INBOX', position: 'read up to UID 42 (UIDVALIDITY 1733580000)' },
        { label: 'Support', position: 'read up to UID 7 (UIDVALIDITY 1733580001)' },
      ]),
    )
    const rows = w.findAll('[data-testid="health-position"]').map((r) => [r.get('dt').text(), r.get('dd').text()])
    expect(rows).toEqual([
      ['INBOX', 'read up to UID 42 (UIDVALIDITY 1733580000)'],
      ['Support', 'read up to UID 7 (UIDVALIDITY 1733580001)'],
    ])
  })

  it('shows nothing extra for a stream with one place', () => {
    expect(render(stream()).findAll('[data-testid="health-position"]')).toHaveLength(0)
  })
})
