import { beforeEach, describe, expect, it } from 'vitest'
import { item } from '../../support/items'
import { postgresMissing } from '../../support/postgres'
import { teamServerForSuite } from '../../support/team-server'
import { isPost, sendingTeamForEach, type SendingLaptop } from '../../support/team-sending-laptops'

type Laptop = SendingLaptop


/**
 * What every laptop of a team ends with once a reply has gone out, whichever laptop sent it: the
 * outbox item sent (also where it was left unconfirmed), the author's draft ended, a note in the same
 * place against the reply; and what may hold a reply at all (only the customer writing again).
 * Alex (agent) on A, Sam on B, Kim on C, all holding the Mastodon account's token.
 */
describe.skipIf(postgresMissing() !== null)('the laptops of a team settle on one outcome of each sent reply', () => {
  let a: Laptop
  let b: Laptop
  let c: Laptop

  const suite = teamServerForSuite('team_settling')
  const crew = sendingTeamForEach(suite)

  beforeEach(async () => {
    a = await crew.laptop('Alex', 'agent', 'laptop-a')
    b = await crew.laptop('Sam', 'supervisor', 'laptop-b')
    c = await crew.laptop('Kim', 'supervisor', 'laptop-c')
  })

  const conversationOf = (l: Laptop): number => (l.core.db.prepare('SELECT conversation_id AS id FROM messages WHERE remote_id = ?').get(crew.target.id) as { id: number }).id
  const syncAll = async (): Promise<void> => {
    for (const l of [a, b, c]) await l.core.team.syncOnce()
  }
  const itemOf = (l: Laptop, approvalId: string) =>
    l.core.db.prepare("SELECT id, state, body, remote_id AS remoteId, hold_reason AS holdReason FROM outbox_items WHERE approval_id = ? AND state <> 'cancelled'").get(approvalId) as
      | { id: string; state: string; body: string; remoteId: string | null; holdReason: string | null }
      | undefined
  const alexDraft = (l: Laptop): string | null =>
    (l.core.db.prepare('SELECT body FROM drafts WHERE conversation_id = ? AND profile_id = ?').get(conversationOf(l), l.people.alex) as { body: string } | undefined)?.body ?? null

  /** Alex answers the crew.target on A and submits; every laptop has the request. */
  async function alexSubmits(text: string) {
    await a.core.sync.pollOnce([a.accountId])
    await a.ok('drafts.save', { conversationId: conversationOf(a), body: text })
    const { approval } = await a.ok('approvals.submit', { conversationId: conversationOf(a) })
    await syncAll()
    return approval!
  }

  /** Every laptop pulls, and runs its outbox once the undo window has passed. */
  async function everyLaptopSettles(): Promise<void> {
    await syncAll()
    for (const l of [a, b, c]) {
      l.clock.advance(60_000)
      await l.core.outboxEngine.runDue()
    }
  }

  it('a reply left unconfirmed on one laptop is recorded sent once the team\'s row is sent, without a second post', async () => {
    const approval = await alexSubmits('Your order left the warehouse.')
    const { outboxItem } = await b.ok('approvals.approve', { approvalId: approval.id, bodyHash: approval.bodyHash })
    await b.core.team.syncOnce()
    // B's send ended without an answer and it could not find out whether it arrived (as toUnconfirmed leaves it).
    b.core.db
      .prepare("UPDATE outbox_items SET state = 'unconfirmed', attempts = 1, last_error = 'Parley could not find out whether this reply reached Mastodon.' WHERE id = ?")
      .run(outboxItem!.id)
    // The team has not sent it yet: B's item stays unconfirmed.
    b.clock.advance(60_000)
    expect(await b.core.outboxEngine.runDue()).toEqual([])
    expect(itemOf(b, approval.id)?.state).toBe('unconfirmed')

    // A takes the reply from the team's queue and posts it.
    await a.core.team.syncOnce()
    a.clock.advance(60_000)
    const onA = itemOf(a, approval.id)!
    expect(await a.core.outboxEngine.runDue()).toEqual([{ itemId: onA.id, accountId: a.accountId, outcome: 'sent' }])
    const posted = crew.fake.statusesPostedBy('brand').filter((s) => s.inReplyToId === crew.target.id)
    expect(posted).toHaveLength(1)

    // B asks the team again (after its retry interval, or a sync round) and records A's post as its reply.
    b.clock.advance(60_000)
    expect(await b.core.outboxEngine.runDue()).toEqual([{ itemId: outboxItem!.id, accountId: b.accountId, outcome: 'sent' }])
    expect(itemOf(b, approval.id)).toMatchObject({ state: 'sent', remoteId: posted[0]!.id })
    expect(crew.fake.requests.filter(isPost)).toHaveLength(1)
  })

  it('teammates\' notes and triage, and a message Alex had seen, never hold an approved reply; the customer writing again does', async () => {
    // An earlier comment of the thread reaches A late (stored after the newer one, dated before it); Alex has both when answering.
    await a.core.sync.pollOnce([a.accountId])
    await syncAll()
    const key = (a.core.db.prepare('SELECT conversation_key AS k FROM conversations WHERE id = ?').get(conversationOf(a)) as { k: string }).k
    a.core.stores.ingest.ingest(a.accountId, [item({ remoteId: 'hanako-earlier-1', conversationKey: key, text: 'Also, the box was wet.', html: null, createdAt: crew.target.createdAt - 60_000 })])
    const approval = await alexSubmits('A new wheel is on its way.')
    const { outboxItem } = await b.ok('approvals.approve', { approvalId: approval.id, bodyHash: approval.bodyHash })
    // Meanwhile Kim writes a note and triages on C.
    const onC = conversationOf(c)
    await c.ok('notes.add', { conversationId: onC, body: 'Checked with the warehouse.' })
    await c.ok('conversations.setStatus', { ids: [onC], status: 'pending' })
    await c.ok('conversations.assign', { ids: [onC], profileId: c.people.sam })
    await c.core.team.syncOnce()
    await b.core.team.syncOnce()
    const onB = conversationOf(b)
    const kinds = b.core.db.prepare('SELECT direction FROM messages WHERE conversation_id = ? AND id > (SELECT base_message_id FROM outbox_items WHERE id = ?)').all(onB, outboxItem!.id)
    expect(kinds.map((k) => (k as { direction: string }).direction)).toEqual(expect.arrayContaining(['activity', 'note']))

    b.clock.advance(60_000)
    expect(await b.core.outboxEngine.runDue()).toEqual([{ itemId: outboxItem!.id, accountId: b.accountId, outcome: 'sent' }])

    // The customer writes again before the next reply goes: that one is held for Sam to read.
    crew.target = crew.fake.addMention({ from: 'hanako', text: 'And the saddle?' })
    const second = await alexSubmits('The saddle ships with it.')
    const queued = (await b.ok('approvals.approve', { approvalId: second.id, bodyHash: second.bodyHash })).outboxItem!
    await b.core.team.syncOnce()
    const conversation = conversationOf(a)
    a.core.stores.ingest.ingest(a.accountId, [
      item({ remoteId: 'hanako-again-1', conversationKey: (a.core.db.prepare('SELECT conversation_key AS k FROM conversations WHERE id = ?').get(conversation) as { k: string }).k, parentRemoteId: crew.target.id, text: 'Actually, make it blue.', html: null, createdAt: Date.now() }),
    ])
    await a.core.team.syncOnce()
    await b.core.team.syncOnce()
    b.clock.advance(60_000)
    expect(await b.core.outboxEngine.runDue()).toEqual([{ itemId: queued.id, accountId: b.accountId, outcome: 'held' }])
    expect(crew.fake.requests.filter(isPost)).toHaveLength(1)
  })

  it('the author\'s draft of a sent reply ends on every laptop, also where an edit lost', async () => {
    const approval = await alexSubmits('Your frame ships on Monday.')
    // Sam edits and approves on B while Kim approves Alex's words on C; Kim's decision reaches the team first.
    await b.ok('approvals.editAndApprove', { approvalId: approval.id, bodyHash: approval.bodyHash, body: 'Your frame ships on Tuesday.' })
    await c.ok('approvals.approve', { approvalId: approval.id, bodyHash: approval.bodyHash })
    await c.core.team.syncOnce()
    // Before the send, Alex's draft reads the submitted words (the mention included) on every laptop.
    await syncAll()
    expect([a, b, c].map(alexDraft)).toEqual([approval.body, approval.body, approval.body])

    await everyLaptopSettles()
    await everyLaptopSettles()
    expect(crew.fake.statusesPostedBy('brand').filter((s) => s.inReplyToId === crew.target.id)).toHaveLength(1)
    for (const l of [a, b, c]) expect(itemOf(l, approval.id)?.state).toBe('sent')
    expect([a, b, c].map(alexDraft)).toEqual([null, null, null])
  })

  it('a note written before the reply was sent stands before it on every laptop, however late it arrives', async () => {
    const approval = await alexSubmits('We have fixed the link.')
    // Kim writes a note on C, which shares it only after the reply has gone out and reached A and B.
    await c.ok('notes.add', { conversationId: conversationOf(c), body: 'Customer asked twice.' })
    await b.ok('approvals.approve', { approvalId: approval.id, bodyHash: approval.bodyHash })
    await b.core.team.syncOnce()
    b.clock.advance(60_000)
    await b.core.outboxEngine.runDue()
    expect(crew.fake.statusesPostedBy('brand').filter((s) => s.inReplyToId === crew.target.id)).toHaveLength(1)
    await b.core.team.syncOnce()
    await a.core.team.syncOnce()
    // Now C shares its note (and takes the reply); A and B file the note after the reply has reached them.
    await c.core.team.syncOnce()
    await a.core.team.syncOnce()
    await b.core.team.syncOnce()

    const stream = async (l: Laptop): Promise<string[]> => {
      const { messages } = await l.ok('conversations.get', { id: conversationOf(l) })
      return messages.filter((m) => m.direction === 'note' || m.direction === 'out').map((m) => `${m.direction} ${m.text}`)
    }
    const onC = await stream(c)
    expect(onC).toHaveLength(2)
    expect(onC[0]).toBe('note Customer asked twice.')
    expect(await stream(a)).toEqual(onC)
    expect(await stream(b)).toEqual(onC)
  })
})
