import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/compose'
import { parseHlc } from '../../../src/main/base/hlc'
import { startMastodonFake, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import { mastodonApprovalWorkspace } from '../../support/approval-workspace'
import { brandAccount, item } from '../../support/items'
import { FakeClock, openWorkspace, tempDir, typed } from '../../support/workspace'

interface ChangeRow {
  seq: number
  entity: string
  entity_uuid: string
  op: 'insert' | 'update' | 'delete'
  hlc: string
  profile_uid: string | null
  at: number
}

const lastSeq = (core: Core): number => (core.db.prepare('SELECT coalesce(max(seq), 0) AS n FROM change_log').get() as { n: number }).n
const rowsAfter = (core: Core, seq: number): ChangeRow[] => core.db.prepare('SELECT * FROM change_log WHERE seq > ? ORDER BY seq').all(seq) as ChangeRow[]
/** What a step changed, as "entity op" lines in the order written. */
async function changesOf(core: Core, step: () => unknown): Promise<string[]> {
  const before = lastSeq(core)
  await step()
  return rowsAfter(core, before).map((r) => `${r.entity} ${r.op}`)
}
const uuidOf = (core: Core, table: string, where: string, ...args: unknown[]): string =>
  (core.db.prepare(`SELECT uuid FROM ${table} WHERE ${where}`).get(...args) as { uuid: string }).uuid

describe('the change log', () => {
  let t: ReturnType<typeof tempDir>
  let clock: FakeClock
  let ws: ReturnType<typeof openWorkspace>
  let call: ReturnType<typeof typed>
  let core: Core
  let account: number

  beforeEach(() => {
    t = tempDir('parley-change-log-')
    clock = new FakeClock()
    ws = openWorkspace(t.dir, clock)
    call = typed(ws)
    core = ws.core
    account = core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
  })
  afterEach(async () => {
    await ws.close()
    t.cleanup()
  })

  const ok = async <T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> => {
    const r = await result
    if (!r.ok) throw new Error(r.error.message)
    return r.value
  }
  const ingestOne = (overrides: Parameters<typeof item>[0] = {}) => core.stores.ingest.ingest(account, [item(overrides)])
  const conversationId = (): number => (core.db.prepare('SELECT id FROM conversations ORDER BY id LIMIT 1').get() as { id: number }).id

  it('gives every replicated row a unique uuid: named by its natural key (v5) for conversations and channel messages, random (v4) for the rest', () => {
    ingestOne()
    ingestOne({ conversationKey: 'thread-2' })
    const shape = (version: number) => new RegExp(`^[0-9a-f]{8}-[0-9a-f]{4}-${version}[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
    for (const [table, version] of [['conversations', 5], ['messages', 5], ['contacts', 4], ['identities', 4]] as const) {
      const rows = core.db.prepare(`SELECT uuid FROM ${table}`).all() as { uuid: string }[]
      expect(rows.length).toBeGreaterThan(0)
      for (const { uuid } of rows) expect(uuid).toMatch(shape(version))
      expect(new Set(rows.map((r) => r.uuid)).size).toBe(rows.length)
    }
  })

  it('ingesting a message records the new contact, identity, conversation and message, once each', async () => {
    expect(await changesOf(core, () => ingestOne())).toEqual(['contact insert', 'identity insert', 'conversation insert', 'message insert'])
    const id = conversationId()
    const rows = rowsAfter(core, 0)
    expect(rows.find((r) => r.entity === 'conversation')!.entity_uuid).toBe(uuidOf(core, 'conversations', 'id = ?', id))
    expect(rows.find((r) => r.entity === 'message')!.entity_uuid).toBe(uuidOf(core, 'messages', 'conversation_id = ?', id))
    // The same item polled again changes nothing, so it records nothing.
    expect(await changesOf(core, () => core.stores.ingest.ingest(account, []))).toEqual([])
    // A second message in the same thread from the same person: one message, one conversation update.
    expect(await changesOf(core, () => ingestOne({ createdAt: clock.now() }))).toEqual(['message insert', 'conversation update'])
  })

  it('one ingest call logs each entity it touched once, however many of its messages wrote it', async () => {
    ingestOne({ conversationKey: 'old' })
    const renamed = { remoteId: '109876', handle: '@ines@fosstodon.org', displayName: 'Inês A.', avatarUrl: null, profileUrl: null }
    const newcomer = { remoteId: '555', handle: '@tomas@mastodon.social', displayName: 'Tomás', avatarUrl: null, profileUrl: null }
    const batch = [
      item({ conversationKey: 'new', createdAt: 10, author: newcomer }),
      item({ conversationKey: 'new', createdAt: 20, direction: 'out' }),
      item({ conversationKey: 'new', createdAt: 30, author: newcomer }),
      item({ conversationKey: 'old', createdAt: 40, author: renamed }),
      item({ conversationKey: 'old', createdAt: 50, author: renamed }),
    ]
    const changes = await changesOf(core, () => core.stores.ingest.ingest(account, batch))
    expect(changes.filter((c) => c === 'message insert')).toHaveLength(5)
    expect(changes.filter((c) => c !== 'message insert').sort()).toEqual(['contact insert', 'conversation insert', 'conversation update', 'identity insert', 'identity update'])
    // Every row the batch wrote is named by its uuid, all with the transaction's one stamp.
    const rows = rowsAfter(core, lastSeq(core) - changes.length)
    const uuids = (table: string): string[] => (core.db.prepare(`SELECT uuid FROM ${table}`).all() as { uuid: string }[]).map((r) => r.uuid)
    for (const r of rows.filter((r) => r.entity === 'message')) expect(uuids('messages')).toContain(r.entity_uuid)
    expect(new Set(rows.map((r) => r.hlc)).size).toBe(1)
    // Other writers are logged by the triggers again once the ingest is over.
    expect(await changesOf(core, () => core.stores.conversations.markRead(conversationId(), true))).toEqual(['conversation update'])
  })

  it('an ingest that fails part-way leaves no change rows and the triggers on', async () => {
    const before = lastSeq(core)
    const poisoned = item({ conversationKey: 'x' })
    // A getter that throws once the writer is inside its transaction, after the first item was stored.
    Object.defineProperty(poisoned, 'text', { get: () => { throw new Error('unreadable item') } })
    expect(() => core.stores.ingest.ingest(account, [item({ conversationKey: 'x', createdAt: 1 }), poisoned])).toThrow('unreadable item')
    expect(rowsAfter(core, before)).toEqual([])
    expect((core.db.prepare('SELECT batch_logged FROM change_context').get() as { batch_logged: number }).batch_logged).toBe(0)
    expect(await changesOf(core, () => ingestOne({ conversationKey: 'y' }))).toContain('message insert')
    expect(await changesOf(core, () => core.stores.conversations.markRead(conversationId(), true))).toEqual(['conversation update'])
  })

  it('status, assignment, tags, notes and drafts each record their rows, stamped with the acting profile', async () => {
    ingestOne()
    const id = conversationId()
    const me = await ok(call('profiles.current', {}))
    const meUid = (core.db.prepare('SELECT uid FROM profiles WHERE id = ?').get(me.id) as { uid: string }).uid
    // Each triage change writes the conversation and one activity line (a message).
    expect(await changesOf(core, () => ok(call('conversations.setStatus', { ids: [id], status: 'done' })))).toEqual(['conversation update', 'message insert'])
    expect(await changesOf(core, () => ok(call('conversations.assign', { ids: [id], profileId: me.id })))).toEqual(['conversation update', 'message insert'])
    const tag = await ok(call('tags.create', { name: 'refund' }))
    expect(rowsAfter(core, lastSeq(core) - 1).map((r) => `${r.entity} ${r.op}`)).toEqual(['tag insert'])
    expect(await changesOf(core, () => ok(call('conversations.addTags', { ids: [id], tagIds: [tag.id] })))).toEqual(['conversation_tag insert', 'message insert'])
    expect(await changesOf(core, () => ok(call('conversations.removeTags', { ids: [id], tagIds: [tag.id] })))).toEqual(['conversation_tag delete', 'message insert'])
    expect(await changesOf(core, () => ok(call('notes.add', { conversationId: id, body: 'Called the customer.' })))).toEqual(['note insert'])
    // The first save of a draft also starts its session (one more write of the same row).
    expect(await changesOf(core, () => ok(call('drafts.save', { conversationId: id, body: 'Thanks, looking into it.' })))).toEqual(['draft insert', 'draft update'])
    // Every write of a row is a change row: the text, then the newest message the draft was written against.
    expect(await changesOf(core, () => ok(call('drafts.save', { conversationId: id, body: 'Thanks, looking into it now.' })))).toEqual(['draft update', 'draft update'])
    const before = lastSeq(core) - 11
    for (const row of rowsAfter(core, before)) expect(row.profile_uid).toBe(meUid)
  })

  it('a rolled-back transaction leaves no change rows and publishes nothing', () => {
    ingestOne()
    const id = conversationId()
    const seen: string[] = []
    const stop = core.events.subscribe((name) => seen.push(name))
    const before = lastSeq(core)
    expect(() =>
      core.uow.run((tx) => {
        core.db.prepare("UPDATE conversations SET status = 'done' WHERE id = ?").run(id)
        tx.conversationsChanged([id])
        tx.countsChanged()
        // A nested run joins the outer transaction; its failure takes everything back.
        core.uow.run(() => core.db.prepare('UPDATE conversations SET unread = 0 WHERE id = ?').run(id))
        throw new Error('abandoned')
      }),
    ).toThrow('abandoned')
    stop()
    expect(rowsAfter(core, before)).toEqual([])
    expect(seen).toEqual([])
    expect((core.db.prepare('SELECT status FROM conversations WHERE id = ?').get(id) as { status: string }).status).toBe('open')
  })

  it('a committed transaction publishes one conversations.changed with every id, and one counts.changed', () => {
    ingestOne({ conversationKey: 'a' })
    ingestOne({ conversationKey: 'b' })
    const [a, b] = (core.db.prepare('SELECT id FROM conversations ORDER BY id').all() as { id: number }[]).map((r) => r.id)
    const seen: { name: string; payload: unknown }[] = []
    const stop = core.events.subscribe((name, payload) => seen.push({ name, payload }))
    core.uow.run((tx) => {
      tx.conversationsChanged([a!])
      core.uow.run((inner) => {
        inner.conversationsChanged([b!])
        inner.countsChanged()
      })
      tx.countsChanged()
    })
    stop()
    expect(seen.map((e) => e.name)).toEqual(['conversations.changed', 'counts.changed'])
    expect(seen[0]!.payload).toEqual({ ids: [a, b], reason: 'update' })
  })

  it('merging contacts records the moved identity and conversation and the merged contact', async () => {
    ingestOne({ conversationKey: 'a' })
    ingestOne({ conversationKey: 'b', author: { remoteId: '555', handle: '@ines@mastodon.social', displayName: 'Inês A.', avatarUrl: null, profileUrl: null } })
    const contacts = (core.db.prepare('SELECT id FROM contacts ORDER BY id').all() as { id: number }[]).map((r) => r.id)
    const changes = await changesOf(core, () => ok(call('contacts.merge', { targetId: contacts[0]!, sourceId: contacts[1]! })))
    // The activity line in the moved conversation's thread is a message.
    expect(changes).toEqual(['identity update', 'conversation update', 'contact update', 'message insert'])
    const merged = rowsAfter(core, lastSeq(core) - 4)
    expect(merged[2]!.entity_uuid).toBe(uuidOf(core, 'contacts', 'id = ?', contacts[1]))
  })

  it('stamps grow with each transaction even when the wall clock goes back, and survive a restart', async () => {
    ingestOne({ conversationKey: 'a' })
    clock.time -= 60 * 60_000
    ingestOne({ conversationKey: 'b' })
    ingestOne({ conversationKey: 'c' })
    await ws.close()
    ws = openWorkspace(t.dir, clock)
    core = ws.core
    call = typed(ws)
    clock.time -= 60 * 60_000
    ingestOne({ conversationKey: 'd' })
    const stamps = [...new Set(rowsAfter(core, 0).map((r) => r.hlc))]
    expect(stamps).toHaveLength(4)
    expect([...stamps].sort()).toEqual(stamps)
    expect(stamps.every((s) => parseHlc(s) !== null)).toBe(true)
  })
})

describe('the change log of approvals and the outbox', () => {
  let fake: MastodonFake
  let ws: Awaited<ReturnType<typeof mastodonApprovalWorkspace>>

  beforeEach(async () => {
    fake = await startMastodonFake()
    ws = await mastodonApprovalWorkspace(fake)
  })
  afterEach(async () => {
    await ws.cleanup()
    await fake.close()
  })

  it('submit, approve, queue and send record the draft, the approval and the outbox item', async () => {
    const target = fake.statusesPostedBy('hanako')[0]!
    const conversationId = ws.conversationOf(target.id)
    await ws.as(ws.people.alex)
    await ws.ok('drafts.save', { conversationId, body: 'Yes! Test rides start next month.' })
    let approval: { id: string; bodyHash: string } | null = null
    expect(await changesOf(ws.core, async () => ({ approval } = await ws.ok('approvals.submit', { conversationId })))).toEqual(['draft update', 'approval insert'])
    await ws.as(ws.people.sam)
    const approved = await changesOf(ws.core, () => ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash }))
    expect(approved).toEqual(['approval update', 'outbox_item insert'])
    const item = ws.core.db.prepare('SELECT id, uuid FROM outbox_items').get() as { id: string; uuid: string }
    expect(item.uuid).toBe(item.id)
    ws.clock.advance(10_000)
    // The attempt mark, the sent mark, the reply stored in the thread (attributed to its author as it is stored:
    // the sent item names the author), the draft gone.
    expect(await changesOf(ws.core, () => ws.core.outboxEngine.runDue())).toEqual([
      'outbox_item update',
      'outbox_item update',
      'message insert',
      'conversation update',
      'draft delete',
    ])
    expect(ws.core.db.prepare("SELECT p.name FROM messages m JOIN profiles p ON p.id = m.profile_id WHERE m.direction = 'out'").all()).toHaveLength(1)
    const itemRows = rowsAfter(ws.core, 0).filter((r) => r.entity === 'outbox_item')
    expect(itemRows.map((r) => r.entity_uuid)).toEqual([item.id, item.id, item.id])
  })
})
