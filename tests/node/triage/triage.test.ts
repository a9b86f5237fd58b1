import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/compose'
import type { CoreClient } from '../../../src/main/hosts/worker/core-client'
import type { Timers } from '../../../src/main/base/timers'
import { brandAccount, item } from '../../support/items'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

const HOUR = 3_600_000

/** Timers a test fires by hand: the waker's schedule without real waiting. */
function manualTimers(): Timers & { pending: { fn: () => void; ms: number }[]; fire(): void } {
  const pending: { fn: () => void; ms: number }[] = []
  return {
    pending,
    set: (fn, ms) => {
      const entry = { fn, ms }
      pending.push(entry)
      return entry
    },
    clear: (handle) => {
      const i = pending.indexOf(handle as (typeof pending)[number])
      if (i >= 0) pending.splice(i, 1)
    },
    fire() {
      const due = pending.splice(0)
      for (const t of due) t.fn()
    },
  }
}

describe('triage', () => {
  let cleanup: () => void
  let dir: string
  let core: Core
  let client: CoreClient
  let call: ReturnType<typeof typed>
  let account: number
  let clock: FakeClock
  let events: { name: string; payload: unknown }[]

  function open(): void {
    const ws = openWorkspace(dir, clock)
    core = ws.core
    client = ws
    call = typed(ws)
    events = []
    ws.subscribe((name, payload) => events.push({ name, payload }))
    account = core.stores.accounts.ensure(brandAccount, { isDemo: false, at: clock.now() })
  }

  beforeEach(() => {
    const t = tempDir()
    cleanup = t.cleanup
    dir = t.dir
    clock = new FakeClock()
    open()
  })
  afterEach(async () => {
    await client.close()
    cleanup()
  })

  /** Ingests one inbound comment per key and returns the conversation ids, in key order. */
  function conversations(...keys: string[]): number[] {
    core.stores.ingest.ingest(
      account,
      keys.map((k) => item({ conversationKey: k, createdAt: clock.now() - HOUR })),
    )
    return keys.map((k) => (core.db.prepare('SELECT id FROM conversations WHERE conversation_key = ?').get(k) as { id: number }).id)
  }
  const row = (id: number) =>
    core.db.prepare('SELECT status, snoozed_until, assignee_id, unread FROM conversations WHERE id = ?').get(id) as {
      status: string
      snoozed_until: number | null
      assignee_id: number | null
      unread: number
    }
  const activity = (id: number) =>
    (core.db.prepare("SELECT text, profile_id FROM messages WHERE conversation_id = ? AND direction = 'activity' ORDER BY id").all(id) as { text: string }[]).map(
      (r) => r.text,
    )
  const counts = async () => {
    const result = await call('views.counts', {})
    if (!result.ok) throw new Error(result.error.message)
    return result.value.views
  }
  const ok = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  }

  it('moves conversations between open, pending, snoozed and done, with one activity line each and counts kept', async () => {
    const [a, b, c] = conversations('a', 'b', 'c')
    expect(await counts()).toMatchObject({ inbox: 3, pending: 0, snoozed: 0, done: 0 })

    expect(ok(await call('conversations.setStatus', { ids: [a!], status: 'done' }))).toEqual({ changed: [a] })
    expect(ok(await call('conversations.setStatus', { ids: [b!], status: 'pending' }))).toEqual({ changed: [b] })
    const until = clock.now() + 2 * HOUR
    ok(await call('conversations.setStatus', { ids: [c!], status: 'snoozed', snoozedUntil: until }))
    expect(row(c!)).toMatchObject({ status: 'snoozed', snoozed_until: until })
    // Pending stays in the inbox (it still needs watching); snoozed and done leave it.
    expect(await counts()).toMatchObject({ inbox: 1, pending: 1, snoozed: 1, done: 1 })

    expect(activity(a!)).toEqual(['Me marked this done'])
    expect(activity(b!)).toEqual(['Me marked this pending (waiting for a reply)'])
    expect(activity(c!)[0]).toMatch(/^Me snoozed this until /)

    // The same status again changes nothing and writes nothing.
    expect(ok(await call('conversations.setStatus', { ids: [a!], status: 'done' }))).toEqual({ changed: [] })
    expect(activity(a!)).toHaveLength(1)
    ok(await call('conversations.setStatus', { ids: [a!], status: 'open' }))
    expect(activity(a!)).toEqual(['Me marked this done', 'Me reopened this'])

    const list = ok(await call('conversations.list', { view: 'snoozed' }))
    expect(list.items.map((i) => [i.id, i.snoozedUntil])).toEqual([[c, until]])
    expect(ok(await call('conversations.list', { view: 'pending' })).items.map((i) => i.id)).toEqual([b])
    expect(events.some((e) => e.name === 'conversations.changed')).toBe(true)
    expect(events.some((e) => e.name === 'counts.changed')).toBe(true)
  })

  it('wakes a snoozed conversation when its time comes, by the timer', async () => {
    await client.close()
    const timers = manualTimers()
    const ws = (await import('../../../src/main/hosts/worker/in-process')).inProcessCore({ dataDir: dir, version: 't', clock, vault: null, timers })
    core = ws.core
    client = ws
    call = typed(ws)
    const [a, b] = conversations('a', 'b')
    core.snoozes.start()
    expect(timers.pending).toHaveLength(0)

    ok(await call('conversations.markReadMany', { ids: [a!, b!], read: true }))
    ok(await call('conversations.setStatus', { ids: [a!], status: 'snoozed', snoozedUntil: clock.now() + HOUR }))
    ok(await call('conversations.setStatus', { ids: [b!], status: 'snoozed', snoozedUntil: clock.now() + 3 * HOUR }))
    // One timer, for the soonest snooze (capped, so a far-off one is re-checked).
    expect(timers.pending).toHaveLength(1)
    expect(timers.pending[0]!.ms).toBeLessThanOrEqual(HOUR)

    clock.advance(HOUR - 1)
    timers.fire()
    expect(row(a!).status).toBe('snoozed')
    clock.advance(1)
    timers.fire()
    expect(row(a!)).toMatchObject({ status: 'open', snoozed_until: null, unread: 1 })
    expect(row(b!).status).toBe('snoozed')
    expect(activity(a!).at(-1)).toBe('Snooze ended: back in the inbox')
    expect(await counts()).toMatchObject({ inbox: 1, snoozed: 1 })
    expect(timers.pending).toHaveLength(1)

    core.snoozes.stop()
    expect(timers.pending).toHaveLength(0)
  })

  it('catches up on start with snoozes that fell due while Parley was closed', async () => {
    const [a] = conversations('a')
    ok(await call('conversations.setStatus', { ids: [a!], status: 'snoozed', snoozedUntil: clock.now() + HOUR }))
    await client.close()
    clock.advance(5 * HOUR)
    open()
    expect(row(a!).status).toBe('snoozed')
    core.snoozes.start()
    expect(row(a!).status).toBe('open')
    core.snoozes.stop()
  })

  it('wakes a snoozed conversation and reopens a pending or done one on new inbound activity', async () => {
    const [a, b, c] = conversations('a', 'b', 'c')
    ok(await call('conversations.setStatus', { ids: [a!], status: 'snoozed', snoozedUntil: clock.now() + 24 * HOUR }))
    ok(await call('conversations.setStatus', { ids: [b!], status: 'pending' }))
    ok(await call('conversations.setStatus', { ids: [c!], status: 'done' }))
    expect(await counts()).toMatchObject({ inbox: 1, snoozed: 1, pending: 1, done: 1 })

    core.stores.ingest.ingest(account, ['a', 'b', 'c'].map((k) => item({ conversationKey: k, createdAt: clock.now() })))
    for (const id of [a!, b!, c!]) expect(row(id)).toMatchObject({ status: 'open', snoozed_until: null })
    expect(await counts()).toMatchObject({ inbox: 3, snoozed: 0, pending: 0, done: 0 })
    // The old snooze no longer schedules anything.
    expect(core.snoozes.runDue()).toEqual([])
  })

  it('assigns to a profile by name in the thread, and unassigns', async () => {
    const [a, b] = conversations('a', 'b')
    // Adding people takes an admin who has set a passphrase (the first run asks for it).
    const me = ok(await call('profiles.current', {}))
    ok(await call('profiles.setPassphrase', { profileId: me.id, passphrase: 'me-first-admin-1' }))
    const sam = ok(await call('profiles.create', { name: 'Sam', role: 'agent' }))
    ok(await call('conversations.assign', { ids: [a!, b!], profileId: sam.id }))
    expect(activity(a!)).toEqual(['Me assigned this to Sam'])
    expect(await counts()).toMatchObject({ unassigned: 0 })

    ok(await call('conversations.assign', { ids: [a!], profileId: me.id }))
    expect(activity(a!).at(-1)).toBe('Me assigned this to themselves')
    expect(await counts()).toMatchObject({ mine: 1 })
    ok(await call('conversations.assign', { ids: [b!], profileId: null }))
    expect(activity(b!).at(-1)).toBe('Me unassigned Sam')
    expect(row(b!).assignee_id).toBeNull()
  })

  it('runs a bulk action in one transaction: one unknown id and nothing changes', async () => {
    const [a, b] = conversations('a', 'b')
    const before = core.db.prepare('SELECT count(*) AS n FROM messages').get()
    const result = await call('conversations.setStatus', { ids: [a!, 99_999, b!], status: 'done' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/99999.*Nothing was changed/) })
    expect([row(a!).status, row(b!).status]).toEqual(['open', 'open'])
    expect(core.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual(before)

    const tag = ok(await call('tags.create', { name: 'refund' }))
    expect((await call('conversations.addTags', { ids: [a!], tagIds: [tag.id, 12345] })).ok).toBe(false)
    expect(ok(await call('tags.list', {}))[0]!.count).toBe(0)
    expect((await call('conversations.assign', { ids: [a!], profileId: 777 })).ok).toBe(false)
    expect(row(a!).assignee_id).toBeNull()

    // Every id changes together when all exist.
    expect(ok(await call('conversations.setStatus', { ids: [a!, b!, a!], status: 'done' })).changed.sort()).toEqual([a, b].sort())
  })

  it('refuses bad input plainly and changes nothing', async () => {
    const [a] = conversations('a')
    const cases: [string, unknown][] = [
      ['conversations.setStatus', { ids: [a], status: 'snoozed' }],
      ['conversations.setStatus', { ids: [a], status: 'done', snoozedUntil: clock.now() + HOUR }],
      ['conversations.setStatus', { ids: [], status: 'done' }],
      ['conversations.setStatus', { ids: [a], status: 'archived' }],
      ['tags.create', { name: '   ' }],
      ['tags.create', { name: 'x', color: 'red; background:url(x)' }],
      ['notes.add', { conversationId: a, body: '  ' }],
    ]
    for (const [op, input] of cases) {
      const result = await client.call(op, input)
      expect(result.ok, op).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('bad_input')
    }
    // A snooze in the past passes the schema but not the service.
    const past = await call('conversations.setStatus', { ids: [a!], status: 'snoozed', snoozedUntil: clock.now() - 1 })
    expect(past.ok).toBe(false)
    expect(row(a!).status).toBe('open')
    expect(activity(a!)).toEqual([])
    expect(ok(await call('tags.list', {}))).toEqual([])
  })

  it('creates, renames, recolours, merges and deletes tags', async () => {
    const [a, b, c] = conversations('a', 'b', 'c')
    const refund = ok(await call('tags.create', { name: 'refund', color: '#C33' }))
    expect(refund).toMatchObject({ name: 'refund', color: '#cc3333', count: 0 })
    const refunds = ok(await call('tags.create', { name: 'refunds' }))
    const money = ok(await call('tags.create', { name: 'money' }))
    const clash = await call('tags.create', { name: 'REFUND' })
    expect(!clash.ok && clash.error.code).toBe('conflict')

    ok(await call('conversations.addTags', { ids: [a!, b!], tagIds: [refund.id] }))
    ok(await call('conversations.addTags', { ids: [b!, c!], tagIds: [refunds.id, money.id] }))
    expect(activity(b!)).toEqual(['Me tagged this refund', 'Me tagged this refunds, money'])
    // Adding a tag a conversation already has changes nothing.
    expect(ok(await call('conversations.addTags', { ids: [a!], tagIds: [refund.id] }))).toEqual({ changed: [] })

    expect(ok(await call('tags.update', { id: refund.id, name: 'Refund request', color: '#00aa55' }))).toMatchObject({ name: 'Refund request', color: '#00aa55' })
    expect((await call('tags.update', { id: refund.id, name: 'money' })).ok).toBe(false)

    const merged = ok(await call('tags.merge', { sourceIds: [refunds.id], targetId: refund.id }))
    // b had both: it keeps one link. a, b and c now carry the target.
    expect(merged).toMatchObject({ id: refund.id, count: 3 })
    expect(ok(await call('tags.list', {})).map((t) => t.name)).toEqual(['money', 'Refund request'])
    const list = ok(await call('conversations.list', { view: 'inbox' }))
    expect(list.items.find((i) => i.id === b)!.tags).toEqual(['money', 'Refund request'])
    expect((await call('tags.merge', { sourceIds: [refund.id], targetId: refund.id })).ok).toBe(false)

    ok(await call('conversations.removeTags', { ids: [c!], tagIds: [money.id] }))
    expect(activity(c!).at(-1)).toBe('Me removed the tag money')
    ok(await call('tags.delete', { id: money.id }))
    expect(ok(await call('tags.list', {})).map((t) => t.name)).toEqual(['Refund request'])
    expect((await call('tags.delete', { id: money.id })).ok).toBe(false)
  })

  it('adds internal notes to the thread without touching unread or the list order', async () => {
    const [a] = conversations('a')
    ok(await call('conversations.markReadMany', { ids: [a!], read: true }))
    const before = core.db.prepare('SELECT last_activity_at, message_count FROM conversations WHERE id = ?').get(a)
    const note = ok(await call('notes.add', { conversationId: a!, body: 'Customer is a fleet buyer — loop in sales.' }))
    expect(note).toMatchObject({ direction: 'note', authorName: 'Me', remoteId: null })
    const thread = ok(await call('conversations.get', { id: a! }))
    expect(thread.messages.at(-1)).toMatchObject({ direction: 'note', text: 'Customer is a fleet buyer — loop in sales.' })
    expect(row(a!).unread).toBe(0)
    expect(core.db.prepare('SELECT last_activity_at, message_count FROM conversations WHERE id = ?').get(a)).toEqual(before)
    expect(core.db.prepare('SELECT count(*) AS n FROM outbox_items').get()).toEqual({ n: 0 })
    expect((await call('notes.add', { conversationId: 4242, body: 'x' })).ok).toBe(false)
  })

  it('marks many read or unread at once, reporting only what changed', async () => {
    const [a, b] = conversations('a', 'b')
    expect(ok(await call('conversations.markReadMany', { ids: [a!, b!], read: true })).changed.sort()).toEqual([a, b].sort())
    expect(ok(await call('conversations.markReadMany', { ids: [a!, b!], read: true }))).toEqual({ changed: [] })
    ok(await call('conversations.markReadMany', { ids: [b!], read: false }))
    expect([row(a!).unread, row(b!).unread]).toEqual([0, 1])
  })
})
