import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mastodonConnector } from '../../../src/main/features/connectors/mastodon'
import { startMastodonFake, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import type { EventPayload } from '../../../src/shared/contract'
import { MemoryVault, syncWorkspace } from '../../support/sync-workspace'
import { createHttpClient } from '../../../src/main/base/http'
import { inProcessCore } from '../../../src/main/hosts/worker/in-process'
import { actAsMe, caller } from '../../support/approval-workspace'

type Ws = ReturnType<typeof syncWorkspace>
type Alert = EventPayload<'coverage.alert'>

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** Monday 16 November 2026, 09:00 UTC: the workspace's zone is set to UTC below. */
const START = Date.UTC(2026, 10, 16, 9, 0)
/** The brand is talked to by day: two mentions an hour from 08:00 to 22:00, none at night. */
const busy = (at: number): boolean => {
  const hour = new Date(at).getUTCHours()
  return hour >= 8 && hour < 22
}

describe('coverage and the silence alarm against the Mastodon fake', () => {
  let fake: MastodonFake
  let ws: Ws
  let alerts: Alert[]
  let customer: string
  let vault: MemoryVault

  beforeEach(async () => {
    // The fake's clock is the workspace's, so its rate-limit windows and post times follow the test.
    let now = (): number => START
    fake = await startMastodonFake({ seed: false, now: () => now() })
    vault = new MemoryVault()
    ws = syncWorkspace({ connectors: [mastodonConnector], vault })
    ws.clock.time = START
    now = () => ws.clock.now()
    ws.core.stores.settings.set('workspace.timeZone', 'UTC')
    alerts = []
    ws.core.events.subscribe((name, payload) => {
      if (name === 'coverage.alert') alerts.push(payload as Alert)
    })
    customer = fake.addAccount({ username: 'ines', displayName: 'Ines' }).id
    // Two weeks of history for the first poll to learn from, at :10 and :40 of every busy hour.
    for (let at = START - 14 * DAY; at < START; at += 30 * MINUTE) {
      const t = at + 10 * MINUTE
      if (busy(t) && t < START) fake.addMention({ from: customer, text: `Question at ${new Date(t).toISOString()}`, at: t })
    }
  })
  afterEach(async () => {
    await ws.cleanup()
    await fake.close()
  })

  /** Half an hour at a time: the customer writes when `talking` says so, Parley polls and looks for silences. */
  async function live(until: number, talking: (at: number) => boolean): Promise<void> {
    while (ws.clock.now() < until) {
      ws.clock.advance(30 * MINUTE)
      const at = ws.clock.now()
      if (talking(at)) fake.addMention({ from: customer, text: `Live question at ${new Date(at).toISOString()}`, at })
      await ws.core.sync.runDue()
      ws.core.coverage.check()
    }
  }

  async function connect(): Promise<number> {
    const { id } = await ws.core.accounts.add('mastodon', { instance: fake.url, token: fake.token })
    await ws.core.sync.runDue()
    ws.core.coverage.check()
    return id
  }

  it('learns the usual rate from the backfill and shows the covered window', async () => {
    const id = await connect()
    const { streams, summary } = ws.core.coverage.list(id)
    const notifications = streams.find((s) => s.stream === 'notifications')!
    expect(notifications).toMatchObject({ state: 'ok', label: 'Mentions and replies', coveredSince: START - 14 * DAY, coveredUntil: START })
    // Monday 10:00 (hour 10 of the week) brings two an hour; Monday 03:00 none.
    expect(notifications.usualRate[10]).toBeCloseTo(2)
    expect(notifications.usualRate[3]).toBe(0)
    expect(notifications.usualGapMs).toBe(30 * MINUTE)
    expect(notifications.learnedItems).toBeGreaterThan(300)
    // Direct messages never brought anything: too little to know a usual rate, so never an alarm.
    expect(streams.find((s) => s.stream === 'conversations')).toMatchObject({ state: 'learning', learnedItems: 0 })
    expect(summary).toMatchObject({ state: 'ok', streams: 2, silent: 0, needsReconnect: 0 })
  })

  it('raises exactly one alarm per quiet spell, naming the stream and what to check', async () => {
    const id = await connect()
    // A normal morning, then nothing from 12:00 Monday to 10:00 Tuesday: one spell.
    await live(START + 3 * HOUR, busy)
    await live(START + 25 * HOUR, () => false)
    expect(alerts).toHaveLength(1)
    const first = alerts[0]!
    expect(first).toMatchObject({ kind: 'silence', accountId: id, stream: 'notifications', streamLabel: 'Mentions and replies', since: START + 3 * HOUR })
    expect(first.title).toMatch(/Mentions and replies of .*: nothing since Mon 12:00/)
    // Raised once quiet for eight usual gaps (two an hour: four hours), not at the two-hour floor.
    expect(first.raisedAt).toBe(START + 7 * HOUR)
    expect(first.causes.map((c) => [c.key, c.status])).toEqual([
      ['token', 'ruled_out'],
      ['failing', 'ruled_out'],
      ['empty_pages', 'likely'],
      ['paused', 'check'],
    ])
    expect(ws.core.coverage.list(id).streams.find((s) => s.stream === 'notifications')).toMatchObject({ state: 'silent', alert: { id: first.id } })
    expect(ws.core.coverage.list(id).summary.state).toBe('attention')

    // Items come back: the spell is over. Quiet again in the afternoon: a second spell, a second alarm.
    await live(START + 29 * HOUR, busy)
    expect(ws.core.coverage.list(id).streams.find((s) => s.stream === 'notifications')!.state).toBe('ok')
    await live(START + 40 * HOUR, () => false)
    expect(alerts.map((a) => [a.stream, a.since])).toEqual([
      ['notifications', START + 3 * HOUR],
      ['notifications', START + 29 * HOUR],
    ])
    expect(new Set(alerts.map((a) => a.id)).size).toBe(2)
  })

  it('raises none for the usual night-time lull', async () => {
    const id = await connect()
    await live(START + 4 * DAY, busy)
    expect(alerts).toEqual([])
    expect(ws.core.coverage.list(id).streams.every((s) => s.alert === null)).toBe(true)
  })

  it('records a 429 cooldown as a gap that was caught up', async () => {
    const id = await connect()
    await live(START + 2 * HOUR, busy)
    // The instance answers 429 with Retry-After for the next two notification polls.
    fake.inject((r) => r.path === '/api/v1/notifications', (_req, res) => {
      res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '1200' })
      res.end(JSON.stringify({ error: 'Too many requests' }))
    }, 2)
    await live(START + 5 * HOUR, busy)
    const gaps = ws.core.coverage.list(id).streams.find((s) => s.stream === 'notifications')!.gaps
    expect(gaps[0]).toMatchObject({ kind: 'cooldown', outcome: 'caught_up' })
    expect(gaps[0]!.to).not.toBeNull()
  })

  it('lets supervisors and admins set the alarm, and a higher setting holds it back', async () => {
    const { ok, raw } = caller(ws)
    await actAsMe(ok)
    const sam = (await ok('profiles.create', { name: 'Sam', role: 'agent' })).id
    expect(await ok('coverage.setSettings', { enabled: true, gaps: 20, floorMinutes: 120 })).toEqual({ enabled: true, gaps: 20, floorMinutes: 120 })
    await ok('profiles.switch', { profileId: sam })
    const refused = await raw('coverage.setSettings', { enabled: false, gaps: 8, floorMinutes: 120 })
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(await ok('coverage.getSettings', {})).toMatchObject({ enabled: true, gaps: 20 })
    // Twenty usual gaps at two an hour is ten hours: the afternoon's silence does not reach it before night falls.
    await connect()
    await live(START + 3 * HOUR, busy)
    await live(START + 12 * HOUR, () => false)
    expect(alerts).toEqual([])
  })

  it('after a restart, judges a stream only once it has been polled again', async () => {
    await connect()
    await live(START + 3 * HOUR, busy)
    await ws.close()
    // Parley was closed for a day; the customer kept writing meanwhile.
    for (let at = START + 3 * HOUR + 30 * 60_000; at < START + 27 * HOUR; at += 30 * 60_000) {
      if (busy(at)) fake.addMention({ from: customer, text: `While closed ${new Date(at).toISOString()}`, at })
    }
    ws.clock.time = START + 27 * HOUR
    const again = inProcessCore({ dataDir: ws.dir, version: '0.0.0-test', clock: ws.clock, vault, connectors: [mastodonConnector], http: createHttpClient('Parley-test'), random: () => 1 })
    try {
      again.core.events.subscribe((name, payload) => {
        if (name === 'coverage.alert') alerts.push(payload as Alert)
      })
      again.core.coverage.check()
      expect(alerts).toEqual([])
      await again.core.sync.runDue()
      again.core.coverage.check()
      expect(alerts).toEqual([])
    } finally {
      await again.close()
    }
  })

  it('alerts every profile when an account needs reconnecting, daily until it is fixed', async () => {
    const { ok } = caller(ws)
    const me = await actAsMe(ok)
    const sam = (await ok('profiles.create', { name: 'Sam', role: 'agent' })).id
    const kim = (await ok('profiles.create', { name: 'Kim', role: 'agent' })).id
    const everyone = [me, sam, kim].sort()
    const id = await connect()
    fake.revokeToken()
    await ws.core.sync.pollOnce([id])
    await ws.core.sync.pollOnce([id])
    expect(ws.core.stores.accounts.get(id)!.status).toBe('needs_reconnect')

    const told = (): number[][] => alerts.filter((a) => a.kind === 'account').map((a) => [...a.profileIds].sort())
    ws.core.coverage.check()
    expect(told()).toEqual([everyone])
    expect(alerts[0]).toMatchObject({ kind: 'account', accountId: id, stream: null })
    expect(alerts[0]!.title).toMatch(/needs reconnecting/)

    // Seen by Me; nothing more the same day, for anyone.
    expect((await ok('coverage.alerts', {})).alerts).toMatchObject([{ kind: 'account', unseen: true }])
    expect(await ok('coverage.acknowledge', {})).toEqual({ seen: 1 })
    expect((await ok('coverage.alerts', {})).alerts).toMatchObject([{ kind: 'account', unseen: false }])
    ws.clock.advance(6 * HOUR)
    ws.core.coverage.check()
    expect(told()).toHaveLength(1)

    // The next day, and the one after: everyone again, seen or not.
    ws.clock.advance(18 * HOUR)
    ws.core.coverage.check()
    ws.clock.advance(DAY)
    ws.core.coverage.check()
    expect(told()).toEqual([everyone, everyone, everyone])
    expect((await ok('coverage.alerts', {})).alerts).toMatchObject([{ kind: 'account', unseen: true }])
    expect(ws.core.coverage.list(id).summary).toMatchObject({ state: 'problem', needsReconnect: 1 })

    // Reconnected: the alert ends and nobody is told again.
    await ws.core.accounts.add('mastodon', { instance: fake.url, token: fake.issueToken() })
    ws.core.coverage.check()
    ws.clock.advance(2 * DAY)
    await ws.core.sync.runDue()
    ws.core.coverage.check()
    expect(told()).toHaveLength(3)
    // (Four days without a word from anyone is a silence of its own; the account alert is what ended.)
    expect((await ok('coverage.alerts', {})).alerts.filter((a) => a.kind === 'account')).toEqual([])
    const gap = ws.core.coverage.list(id).streams.find((s) => s.stream === 'notifications')!.gaps.find((g) => g.kind === 'auth')
    expect(gap).toMatchObject({ outcome: 'caught_up' })
  })
})
