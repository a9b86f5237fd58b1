import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CoverageRecorder } from '../../../src/main/features/coverage/recorder'
import { expectedItems, hourOfWeek, occurrences } from '../../../src/main/features/coverage/rate'
import { CoverageStore } from '../../../src/main/store/coverage'
import { openWorkspace, tempDir } from '../../support/workspace'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const NOW = Date.UTC(2026, 10, 16, 9, 0)

describe('the usual rate, per hour of the week', () => {
  it('places hours in the workspace’s zone, Monday first', () => {
    expect(hourOfWeek(Date.UTC(2026, 10, 16, 0, 30), 'UTC')).toBe(0)
    expect(hourOfWeek(Date.UTC(2026, 10, 22, 23, 59), 'UTC')).toBe(167)
    // 09:00 UTC is 10:00 in Berlin in November.
    expect(hourOfWeek(NOW, 'Europe/Berlin')).toBe(10)
  })

  it('counts how often each hour came round, and weighs partial hours', () => {
    const seen = occurrences(NOW - 14 * DAY - 3 * HOUR, NOW, 'UTC')
    expect(seen[9 - 3]).toBe(3)
    expect(seen[9]).toBe(2)
    const rate = new Array<number>(168).fill(0)
    rate[9] = 2
    rate[10] = 4
    expect(expectedItems(rate, NOW + 30 * 60_000, NOW + 90 * 60_000, 'UTC')).toBeCloseTo(1 + 2)
  })
})

describe('the coverage recorder on a real workspace', () => {
  let t: ReturnType<typeof tempDir>
  let ws: ReturnType<typeof openWorkspace>
  let store: CoverageStore
  let account: number

  beforeEach(() => {
    t = tempDir()
    ws = openWorkspace(t.dir)
    store = new CoverageStore(ws.core.db)
    account = ws.core.stores.accounts.add({ platform: 'mastodon', displayName: 'Lumen', handle: '@lumen', baseUrl: 'https://m.example' }, { isDemo: false, secretNames: [], settings: {}, at: NOW }).id
  })
  afterEach(async () => {
    await ws.close()
    t.cleanup()
  })

  const recorder = (limitDays: number | null) => new CoverageRecorder({ store, zone: () => 'UTC', polledThisRun: new Set(), backfillLimitDays: () => limitDays })
  const gaps = () => store.gaps(account, 'updates', 0, 50).map((g) => [g.kind, g.started_at, g.ended_at, g.outcome])

  it('shows a backfill limit as a gap the first poll could not fill, and a longer pause as a loss', () => {
    const r = recorder(1)
    r.polled({ accountId: account, platform: 'chat', stream: 'updates', arrivals: [NOW - 2 * HOUR], gap: false, first: true, backfillSince: NOW - 14 * DAY, now: NOW })
    expect(store.get(account, 'updates')).toMatchObject({ covered_since: NOW - DAY, last_item_at: NOW - 2 * HOUR, empty_polls: 0 })
    expect(gaps()).toEqual([['backfill_limit', NOW - 14 * DAY, NOW - DAY, 'lost']])

    // Offline for three days: the gap is open, then closed as lost; coverage restarts at the platform's horizon.
    r.failed({ accountId: account, platform: 'chat', stream: 'updates', verdict: { kind: 'offline', message: 'unreachable' }, now: NOW + HOUR })
    expect(store.openGap(account, 'updates')).toMatchObject({ kind: 'outage', started_at: NOW })
    const back = NOW + 3 * DAY
    r.polled({ accountId: account, platform: 'chat', stream: 'updates', arrivals: [], gap: false, first: false, backfillSince: 0, now: back })
    expect(gaps()[0]).toEqual(['backfill_limit', NOW, back - DAY, 'lost'])
    expect(gaps()).toContainEqual(['outage', NOW, back, 'lost'])
    expect(store.get(account, 'updates')).toMatchObject({ covered_since: back - DAY, empty_polls: 1 })
  })

  it('closes a cooldown as caught up, names the worst kind of a mixed stretch, and restarts coverage after a platform gap', () => {
    const r = recorder(null)
    r.polled({ accountId: account, platform: 'chat', stream: 'updates', arrivals: [], gap: false, first: true, backfillSince: NOW - 14 * DAY, now: NOW })
    r.failed({ accountId: account, platform: 'chat', stream: 'updates', verdict: { kind: 'rate_limited', until: NOW + HOUR, message: 'slow down' }, now: NOW + 60_000 })
    r.failed({ accountId: account, platform: 'chat', stream: 'updates', verdict: { kind: 'reauth', message: 'token refused' }, now: NOW + HOUR })
    r.polled({ accountId: account, platform: 'chat', stream: 'updates', arrivals: [NOW + HOUR], gap: false, first: false, backfillSince: 0, now: NOW + 2 * HOUR })
    expect(gaps()).toEqual([['auth', NOW, NOW + 2 * HOUR, 'caught_up']])
    r.polled({ accountId: account, platform: 'chat', stream: 'updates', arrivals: [], gap: true, first: false, backfillSince: 0, now: NOW + 3 * HOUR })
    expect(gaps()[0]).toEqual(['platform', NOW + 2 * HOUR, NOW + 3 * HOUR, 'lost'])
    expect(store.get(account, 'updates')!.covered_since).toBe(NOW + 3 * HOUR)
  })
})
