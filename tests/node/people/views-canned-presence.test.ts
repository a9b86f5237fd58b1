import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderCanned } from '../../../src/main/features/canned/render'
import type { Core } from '../../../src/main/core/compose'
import { PresenceTracker } from '../../../src/main/features/presence/tracker'
import type { Timers } from '../../../src/main/base/timers'
import type { EventName, Presence } from '../../../src/shared/contract'
import { brandAccount, item } from '../../support/items'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

describe('saved views, canned replies and presence over a real workspace', () => {
  let cleanup: () => void
  let ws: ReturnType<typeof openWorkspace>
  let core: Core
  let call: ReturnType<typeof typed>
  let clock: FakeClock
  let accountId: number
  const events: { name: EventName; payload: unknown }[] = []

  beforeAll(() => {
    const t = tempDir()
    cleanup = t.cleanup
    clock = new FakeClock()
    ws = openWorkspace(t.dir, clock)
    core = ws.core
    call = typed(ws)
    ws.subscribe((name, payload) => events.push({ name, payload }))
    accountId = core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() })
    core.stores.ingest.ingest(accountId, [
      item({ remoteId: 'x1', conversationKey: 'k1', text: 'battery dead' }),
      item({ remoteId: 'x2', conversationKey: 'k2', text: 'battery fine', kind: 'dm' }),
      item({ remoteId: 'x3', conversationKey: 'k3', text: 'frame cracked' }),
    ])
  })
  afterAll(async () => {
    await ws.close()
    cleanup()
  })

  const ok = <T,>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  }

  it('creates, renames, reorders and deletes saved views, announcing each change', async () => {
    const before = events.filter((e) => e.name === 'savedViews.changed').length
    const battery = ok(await call('savedViews.create', { name: 'Battery', query: 'battery' }))
    const dms = ok(await call('savedViews.create', { name: 'DMs', query: 'kind:dm' }))
    expect([battery.position, dms.position]).toEqual([0, 1])
    const bad = await call('savedViews.create', { name: 'Broken', query: 'kin:dm' })
    expect(bad.ok || bad.error).toMatchObject({ code: 'bad_input', message: expect.stringMatching(/column 1/) })
    expect(ok(await call('savedViews.update', { id: battery.id, name: 'Batteries' })).name).toBe('Batteries')
    expect(ok(await call('savedViews.reorder', { ids: [dms.id, battery.id] })).map((v) => v.name)).toEqual(['DMs', 'Batteries'])
    const partial = await call('savedViews.reorder', { ids: [dms.id] })
    expect(partial.ok || partial.error.code).toBe('conflict')
    const extra = ok(await call('savedViews.create', { name: 'Temp', query: '' }))
    ok(await call('savedViews.delete', { id: extra.id }))
    expect(ok(await call('savedViews.list', {})).map((v) => v.name)).toEqual(['DMs', 'Batteries'])
    expect(events.filter((e) => e.name === 'savedViews.changed').length - before).toBe(6)
  })

  it('counts each view (capped) and follows new conversations', async () => {
    const counts = async (): Promise<Record<string, number>> => {
      const views = ok(await call('savedViews.list', {}))
      const list = ok(await call('savedViews.counts', {}))
      return Object.fromEntries(list.map((c) => [views.find((v) => v.id === c.id)!.name, c.count]))
    }
    expect(await counts()).toEqual({ DMs: 1, Batteries: 2 })
    core.stores.ingest.ingest(accountId, [item({ remoteId: 'x4', conversationKey: 'k4', text: 'battery again', kind: 'dm' })])
    expect(await counts()).toEqual({ DMs: 2, Batteries: 3 })
    // The cap: more matches than it report "capped".
    expect(core.savedViews.counts().every((c) => !c.capped)).toBe(true)
  })

  it('keeps "Notify me" in settings and says which new conversations fall in those views', async () => {
    const views = ok(await call('savedViews.list', {}))
    const dms = views.find((v) => v.name === 'DMs')!
    expect(ok(await call('savedViews.setNotify', { id: dms.id, notify: true })).notify).toBe(true)
    expect(core.stores.settings.get<number[]>('savedViews.notify', [])).toEqual([dms.id])
    const ids = (core.db.prepare('SELECT id FROM conversations ORDER BY id').all() as { id: number }[]).map((r) => r.id)
    const matched = ok(await call('savedViews.matching', { conversationIds: ids }))
    expect(matched).toEqual([{ viewId: dms.id, name: 'DMs', conversationIds: [ids[1], ids[3]] }])
  })

  it('fills canned variables from the contact, the channel and the current profile, and reports unknown ones', async () => {
    const reply = ok(await call('canned.save', { name: 'Thanks', body: 'Hi {{first_name}}, thanks for writing to {{channel}}. {{agent}} {{ticket}}' }))
    const dup = await call('canned.save', { name: 'thanks', body: 'x' })
    expect(dup.ok || dup.error.code).toBe('conflict')
    const conversationId = (core.db.prepare("SELECT id FROM conversations WHERE conversation_key = 'k1'").get() as { id: number }).id
    const me = core.inbox.profile().name
    const out = ok(await call('canned.render', { id: reply.id, conversationId }))
    expect(out).toEqual({ text: `Hi Inês, thanks for writing to Lumen Bikes on Mastodon. ${me} {{ticket}}`, unknown: ['ticket'], missing: [] })
    expect(ok(await call('canned.save', { id: reply.id, name: 'Thanks!', body: 'Bye' })).name).toBe('Thanks!')
    expect(ok(await call('canned.list', {})).map((c) => c.name)).toEqual(['Thanks!'])
    ok(await call('canned.delete', { id: reply.id }))
    expect(ok(await call('canned.list', {}))).toEqual([])
  })

  it('reports a known variable with no value as missing instead of dropping it', () => {
    const ctx = { contactName: '', handle: '', channel: 'Lumen Blog on RSS/Atom', agent: 'Sam' }
    expect(renderCanned('Hi {{ first_name }} from {{AGENT}}', ctx)).toEqual({ text: 'Hi {{ first_name }} from Sam', unknown: [], missing: ['first_name'] })
    expect(renderCanned('{{name}} / {{handle}}', { ...ctx, contactName: 'Inês Araújo', handle: '@ines' }).text).toBe('Inês Araújo / @ines')
  })

  it('a saved draft marks its author as drafting, an emptied one clears it', async () => {
    const conversationId = (core.db.prepare("SELECT id FROM conversations WHERE conversation_key = 'k2'").get() as { id: number }).id
    ok(await call('drafts.save', { conversationId, body: 'Hello there' }))
    const list = ok(await call('presence.list', {}))
    expect(list).toEqual([{ conversationId, drafting: [expect.objectContaining({ profileId: core.inbox.profile().id })] }])
    ok(await call('drafts.save', { conversationId, body: '' }))
    expect(ok(await call('presence.list', {}))).toEqual([])
    const missing = await call('presence.heartbeat', { conversationId: 99999, drafting: true })
    expect(missing.ok || missing.error.code).toBe('not_found')
  })
})

describe('PresenceTracker', () => {
  function setup() {
    const clock = new FakeClock()
    const pending: { fn: () => void; at: number }[] = []
    const timers: Timers = {
      set: (fn, ms) => {
        const t = { fn, at: clock.now() + ms }
        pending.push(t)
        return t
      },
      clear: (h) => void pending.splice(pending.indexOf(h as (typeof pending)[number]), 1),
    }
    const published: Presence[] = []
    const tracker = new PresenceTracker(clock, timers, (p) => published.push(p), 30_000)
    /** Moves the clock and fires the timers that fell due. */
    const advance = (ms: number): void => {
      clock.advance(ms)
      for (const t of pending.filter((p) => p.at <= clock.now())) {
        pending.splice(pending.indexOf(t), 1)
        t.fn()
      }
    }
    return { clock, tracker, published, advance, pending }
  }
  const sam = { id: 2, name: 'Sam' }
  const mira = { id: 3, name: 'Mira' }

  it('shows both people drafting in one conversation and expires each unless renewed', () => {
    const { tracker, published, advance } = setup()
    tracker.beat(7, sam, true)
    advance(10_000)
    const both = tracker.beat(7, mira, true)
    expect(both.drafting.map((d) => d.name)).toEqual(['Sam', 'Mira'])
    expect(published.map((p) => p.drafting.length)).toEqual([1, 2])
    // Renewing does not announce again.
    tracker.beat(7, mira, true)
    expect(published).toHaveLength(2)
    advance(21_000)
    // Sam's 30 s ran out; the expiry itself is announced.
    expect(published.at(-1)).toEqual({ conversationId: 7, drafting: [expect.objectContaining({ name: 'Mira' })] })
    advance(30_000)
    expect(published.at(-1)).toEqual({ conversationId: 7, drafting: [] })
    expect(tracker.list()).toEqual([])
  })

  it('stops at once when told, and dispose leaves no timer behind', () => {
    const { tracker, published, pending } = setup()
    tracker.beat(1, sam, true)
    tracker.beat(1, sam, false)
    expect(published.at(-1)).toEqual({ conversationId: 1, drafting: [] })
    tracker.beat(2, sam, true)
    tracker.dispose()
    expect(pending).toHaveLength(0)
  })
})
