import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMastodonFake, type FakeStatus, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import { mastodonApprovalWorkspace } from '../../support/approval-workspace'
import { item } from '../../support/items'

type Ws = Awaited<ReturnType<typeof mastodonApprovalWorkspace>>

/**
 * An approved reply is held only when someone wrote in the thread from outside after it was
 * drafted: an inbound message, or an outbound one posted by someone else. What happens inside
 * Parley (tags, status, notes, assignment, rules) is not news to the reply.
 */
describe('holding an approved reply for new activity', () => {
  let fake: MastodonFake
  let ws: Ws
  let target: FakeStatus
  let conversationId: number

  beforeEach(async () => {
    fake = await startMastodonFake()
    ws = await mastodonApprovalWorkspace(fake)
    target = fake.statusesPostedBy('hanako')[0]!
    conversationId = ws.conversationOf(target.id)
  })
  afterEach(async () => {
    await ws.cleanup()
    await fake.close()
  })

  const approvedReply = async (text: string) => {
    await ws.as(ws.people.alex)
    await ws.ok('drafts.save', { conversationId, body: text })
    const { approval } = await ws.ok('approvals.submit', { conversationId })
    await ws.as(ws.people.sam)
    const { outboxItem } = await ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
    return outboxItem!
  }
  const outcomes = async () => (await ws.core.outboxEngine.runDue()).map((r) => r.outcome)

  it('goes out after the conversation was only tagged, assigned, noted, marked done and reopened', async () => {
    const queued = await approvedReply('Test rides in Tokyo start next month.')
    const tag = await ws.ok('tags.create', { name: 'test-ride' })
    await ws.ok('conversations.addTags', { ids: [conversationId], tagIds: [tag.id] })
    await ws.ok('conversations.assign', { ids: [conversationId], profileId: ws.people.alex })
    await ws.ok('notes.add', { conversationId, body: 'Asked the Tokyo shop; they confirm.' })
    await ws.ok('conversations.setStatus', { ids: [conversationId], status: 'done' })
    await ws.ok('conversations.setStatus', { ids: [conversationId], status: 'open' })
    // Each of these is a row in the thread (activity or note), after the reply's base.
    const internal = ws.core.db
      .prepare("SELECT count(*) AS n FROM messages WHERE conversation_id = ? AND direction IN ('activity', 'note')")
      .get(conversationId) as { n: number }
    expect(internal.n).toBeGreaterThanOrEqual(5)
    ws.clock.advance(10_000)
    expect(await outcomes()).toEqual(['sent'])
    expect(ws.repliesTo(target.id)).toHaveLength(1)
    expect((await ws.ok('outbox.list', { conversationId })).find((i) => i.id === queued.id)).toMatchObject({ state: 'sent', holdReason: null })
  })

  it('is held for a new inbound message', async () => {
    const queued = await approvedReply('Test rides start next month.')
    fake.addMention({ from: 'ines', text: 'Same question for Lisbon!', inReplyTo: target.id })
    ws.clock.advance(10_000)
    expect(await outcomes()).toEqual(['held'])
    expect((await ws.ok('outbox.list', { conversationId })).find((i) => i.id === queued.id)).toMatchObject({
      state: 'queued',
      holdReason: expect.stringMatching(/Someone wrote in this conversation/),
    })
    expect(ws.repliesTo(target.id)).toEqual([])
  })

  it('is held for a reply the brand posted from another tool meanwhile', async () => {
    const queued = await approvedReply('Test rides start next month.')
    const key = (ws.core.db.prepare('SELECT conversation_key AS k FROM conversations WHERE id = ?').get(conversationId) as { k: string }).k
    ws.core.stores.ingest.ingest(ws.accountId, [
      item({
        remoteId: '990000000000000001',
        conversationKey: key,
        direction: 'out',
        parentRemoteId: target.id,
        text: '@hanako@mstdn.jp Answered from the phone app: yes, Saturdays.',
        author: { remoteId: fake.brand.id, handle: '@lumenbikes', displayName: 'Lumen Bikes', avatarUrl: null, profileUrl: null },
        createdAt: ws.clock.now(),
      }),
    ])
    ws.clock.advance(10_000)
    expect(await outcomes()).toEqual(['held'])
    expect((await ws.ok('outbox.list', { conversationId })).find((i) => i.id === queued.id)?.holdReason).toMatch(/Someone wrote/)
    expect(ws.repliesTo(target.id)).toEqual([])
  })

  it('after a release, waits the undo window again and can still be cancelled', async () => {
    const queued = await approvedReply('Test rides start next month.')
    fake.addMention({ from: 'ines', text: 'Same question for Lisbon!', inReplyTo: target.id })
    ws.clock.advance(10_000)
    expect(await outcomes()).toEqual(['held'])
    const released = await ws.ok('outbox.release', { id: queued.id })
    expect(released).toMatchObject({ state: 'queued', holdReason: null, notBefore: ws.clock.now() + 10_000 })
    expect(await outcomes()).toEqual([])
    ws.clock.advance(5_000)
    expect(await ws.ok('outbox.cancel', { id: queued.id })).toMatchObject({ state: 'cancelled' })
    ws.clock.advance(60_000)
    expect(await outcomes()).toEqual([])
    expect(ws.repliesTo(target.id)).toEqual([])
  })
})
