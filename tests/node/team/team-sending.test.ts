import { beforeEach, describe, expect, it } from 'vitest'
import { postgresMissing } from '../../support/postgres'
import { teamServerForSuite } from '../../support/team-server'
import { isPost, sendingTeamForEach, type SendingLaptop } from '../../support/team-sending-laptops'

type Laptop = SendingLaptop


/**
 * Sending and polling on laptops of one team, both holding the Mastodon account's token: a reply
 * goes out only under the team's lease, once, with the key the team minted; a laptop cut off from
 * the team store sends nothing; one laptop at a time polls each stream.
 */
describe.skipIf(postgresMissing() !== null)('a team sends each approved reply once and polls each stream from one laptop', () => {
  let a: Laptop
  let b: Laptop

  const suite = teamServerForSuite('team_sending')
  const crew = sendingTeamForEach(suite)

  beforeEach(async () => {
    a = await crew.laptop('Alex', 'agent', 'laptop-a')
    b = await crew.laptop('Sam', 'supervisor', 'laptop-b')
  })

  const conversationOf = (l: Laptop): number => (l.core.db.prepare('SELECT conversation_id AS id FROM messages WHERE remote_id = ?').get(crew.target.id) as { id: number }).id

  /** Alex answers on A and submits; Sam approves on B (not yet shared); the undo window passes on both laptops. */
  async function approvedOnB(text: string) {
    await a.core.sync.pollOnce([a.accountId])
    const conversationId = conversationOf(a)
    await a.ok('drafts.save', { conversationId, body: text })
    const { approval } = await a.ok('approvals.submit', { conversationId })
    await a.core.team.syncOnce()
    await b.core.team.syncOnce()
    const { outboxItem } = await b.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
    b.clock.advance(15_000)
    return { approval: approval!, item: outboxItem! }
  }

  it('no lease before the approval is shared; then B sends once with the team key, and A finds it sent instead of sending again', async () => {
    const { approval, item } = await approvedOnB('Test rides start next month.')
    // B's approval has not reached the team store: no team row, no lease, no send.
    expect(await b.core.outboxEngine.runDue()).toEqual([{ itemId: item.id, accountId: b.accountId, outcome: 'waiting' }])
    expect(crew.fake.requests.filter(isPost)).toHaveLength(0)

    await b.core.team.syncOnce()
    const shared = await suite.service.outboxByApproval(crew.admin, approval.id)
    expect(shared).toMatchObject({ state: 'queued' })
    b.clock.advance(60_000)
    expect(await b.core.outboxEngine.runDue()).toEqual([{ itemId: item.id, accountId: b.accountId, outcome: 'sent' }])
    const posts = crew.fake.requests.filter(isPost)
    expect(posts).toHaveLength(1)
    // The platform saw the key the team minted at approval, not B's local one.
    expect(posts[0]!.headers['idempotency-key']).toBe(shared!.idempotencyKey)
    expect(await suite.service.outboxByApproval(crew.admin, approval.id)).toMatchObject({ state: 'sent' })

    // A receives Sam's approval, queues the reply through its own workflow, and finds the team's row sent.
    await a.core.team.syncOnce()
    const onA = a.core.db.prepare("SELECT id FROM outbox_items WHERE approval_id = ? AND state <> 'cancelled'").get(approval.id) as { id: string }
    a.clock.advance(60_000)
    expect(await a.core.outboxEngine.runDue()).toEqual([{ itemId: onA.id, accountId: a.accountId, outcome: 'sent' }])
    expect(crew.fake.requests.filter(isPost)).toHaveLength(1)
    expect(crew.fake.statusesPostedBy('brand').filter((s) => s.inReplyToId === crew.target.id)).toHaveLength(1)
  })

  it('a laptop whose decision lost to an edit does not take the edited send for its own words; it ends with the team\'s words sent once', async () => {
    const c = await crew.laptop('Kim', 'supervisor', 'laptop-c')
    try {
      await a.core.sync.pollOnce([a.accountId])
      const conversationId = conversationOf(a)
      await a.ok('drafts.save', { conversationId, body: 'Your parcel left the depot.' })
      const { approval } = await a.ok('approvals.submit', { conversationId })
      await a.core.team.syncOnce()
      await b.core.team.syncOnce()
      await c.core.team.syncOnce()
      // Sam approves Alex's words on B while Kim edits and approves on C; Kim's decision reaches the team first.
      const { outboxItem: onB } = await b.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
      const edited = await c.ok('approvals.editAndApprove', { approvalId: approval!.id, bodyHash: approval!.bodyHash, body: `${approval!.body} (checked by Kim)` })
      expect((await c.core.team.syncOnce()).contested).toEqual([])
      for (const l of [b, c]) l.clock.advance(60_000)
      expect(await c.core.outboxEngine.runDue()).toEqual([{ itemId: edited.outboxItem!.id, accountId: c.accountId, outcome: 'sent' }])
      const posted = crew.fake.statusesPostedBy('brand').filter((s) => s.inReplyToId === crew.target.id)
      expect(posted).toHaveLength(1)

      // B's engine runs before B has heard of Kim's decision: the team's row is sent, but with other
      // words than B queued, so B's reply waits instead of being recorded as that send.
      expect(await b.core.outboxEngine.runDue()).toEqual([{ itemId: onB!.id, accountId: b.accountId, outcome: 'waiting' }])
      expect((await b.core.team.syncOnce()).contested).toEqual([{ operation: 'approvals.approve', outcome: 'lost', message: 'already decided by Kim (approved)' }])
      b.clock.advance(60_000)
      await b.core.outboxEngine.runDue()
      expect(crew.fake.requests.filter(isPost)).toHaveLength(1)

      // Every laptop ends with one reply for the approval: Kim's words, sent, with the one post's id.
      await a.core.team.syncOnce()
      a.clock.advance(60_000)
      await a.core.outboxEngine.runDue()
      for (const l of [a, b, c]) {
        const rows = l.core.db.prepare("SELECT state, body, remote_id AS remoteId FROM outbox_items WHERE approval_id = ? AND state <> 'cancelled'").all(approval!.id)
        expect(rows, l === a ? 'A' : l === b ? 'B' : 'C').toEqual([{ state: 'sent', body: edited.approval.body, remoteId: posted[0]!.id }])
      }
    } finally {
      await c.cleanup()
    }
  })

  it('a reply another laptop holds waits on its own; the replies behind it still go', async () => {
    const first = await approvedOnB('Your first order ships today.')
    crew.target = crew.fake.addMention({ from: 'hanako', text: 'And the second order?' })
    const second = await approvedOnB('The second one ships tomorrow.')
    await b.core.team.syncOnce()
    // Another laptop holds the first reply (say its claim's answer was lost on the way back).
    const { idempotencyKey } = (await suite.service.outboxByApproval(crew.admin, first.approval.id))!
    const a0 = b.core.db.prepare('SELECT platform, base_url, handle FROM channel_accounts WHERE id = ?').get(b.accountId) as { platform: string; base_url: string; handle: string }
    const held = await suite.service.claimOutboxItem(crew.admin, { channelAccounts: [`${a0.platform}|${a0.base_url}|${a0.handle}`], device: 'laptop-x', leaseMs: 60_000, approvalId: first.approval.id })
    expect(held?.idempotencyKey).toBe(idempotencyKey)
    b.clock.advance(60_000)
    expect(await b.core.outboxEngine.runDue()).toEqual([
      { itemId: first.item.id, accountId: b.accountId, outcome: 'waiting' },
      { itemId: second.item.id, accountId: b.accountId, outcome: 'sent' },
    ])
    expect(crew.fake.requests.filter(isPost)).toHaveLength(1)
  })

  /** What B's own claim of the reply does on the service, as B's laptop would ask for it (member Sam, device laptop-b). */
  async function claimAsB(approvalId: string) {
    const sam = (await suite.service.members(crew.admin)).find((m) => m.name === 'Sam')!
    const acc = b.core.db.prepare('SELECT platform, base_url, handle FROM channel_accounts WHERE id = ?').get(b.accountId) as { platform: string; base_url: string; handle: string }
    return suite.service.claimOutboxItem(sam, { channelAccounts: [`${acc.platform}|${acc.base_url}|${acc.handle}`], device: 'laptop-b', leaseMs: 120_000, approvalId })
  }

  it('a laptop whose claim answer was lost takes its own lease back at once: it asks the platform, then sends once', async () => {
    const { approval, item } = await approvedOnB('Your refund is on its way.')
    await b.core.team.syncOnce()
    // B's claim reached the service, its answer never reached B: the row is B's for two minutes.
    const lost = await claimAsB(approval.id)
    expect(lost).toMatchObject({ fence: 1, takeover: false })
    b.clock.advance(60_000)
    expect(await b.core.outboxEngine.runDue()).toEqual([{ itemId: item.id, accountId: b.accountId, outcome: 'sent' }])
    expect(crew.fake.statusesPostedBy('brand').filter((s) => s.inReplyToId === crew.target.id).map((s) => s.text)).toEqual([approval.body])
    // A takeover of its own lease (a new fence), so it asked the platform first: nothing was there, one post.
    const row = (await suite.service.outboxByApproval(crew.admin, approval.id))!
    expect(await suite.service.outboxItem(crew.admin, row.id)).toMatchObject({ state: 'sent', fence: 2 })
    expect(crew.fake.requests.filter(isPost)).toHaveLength(1)
  })

  it('a laptop restarted after a crash between post and mark-sent finds its post by the team key and marks the team row sent', async () => {
    const { approval, item } = await approvedOnB('We have fixed the link.')
    await b.core.team.syncOnce()
    // What the crash left: B claimed the row, marked its item sending, posted with the team's key, and died.
    const claimed = (await claimAsB(approval.id))!
    b.core.db.prepare("UPDATE outbox_items SET state = 'sending', attempts = attempts + 1 WHERE id = ?").run(item.id)
    const posted = await fetch(`${crew.fake.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${crew.fake.token}`, 'Idempotency-Key': claimed.idempotencyKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: approval.body, in_reply_to_id: crew.target.id, visibility: 'public' }),
    })
    expect(posted.status).toBe(200)
    const remoteId = ((await posted.json()) as { id: string }).id

    // The restart's reconcile: B takes its own lease back, finds the post, and settles both sides now, not in two minutes.
    expect(await b.core.outboxEngine.recover()).toEqual([{ itemId: item.id, accountId: b.accountId, outcome: 'sent' }])
    expect(await suite.service.outboxItem(crew.admin, claimed.id)).toMatchObject({ state: 'sent', remoteId, fence: 2 })
    expect(b.core.db.prepare('SELECT state, remote_id AS remoteId FROM outbox_items WHERE id = ?').get(item.id)).toEqual({ state: 'sent', remoteId })

    // A receives Sam's approval and finds the team's row sent: still the one post.
    await a.core.team.syncOnce()
    a.clock.advance(60_000)
    await a.core.outboxEngine.runDue()
    expect(a.core.db.prepare("SELECT state, remote_id AS remoteId FROM outbox_items WHERE approval_id = ? AND state <> 'cancelled'").all(approval.id)).toEqual([{ state: 'sent', remoteId }])
    expect(crew.fake.requests.filter(isPost)).toHaveLength(1)
  })

  it('a reply left unconfirmed on one laptop is recorded sent once the team shows another laptop sent it', async () => {
    const { approval, item } = await approvedOnB('Your parcel is on its way.')
    await b.core.team.syncOnce()
    await a.core.team.syncOnce()
    const onA = a.core.db.prepare("SELECT id FROM outbox_items WHERE approval_id = ? AND state <> 'cancelled'").get(approval.id) as { id: string }
    // A's try ended without an answer and the platform could not be asked (a 429 on the question): unconfirmed on A.
    a.core.db.prepare("UPDATE outbox_items SET state = 'unconfirmed', attempts = 1 WHERE id = ?").run(onA.id)
    b.clock.advance(60_000)
    expect(await b.core.outboxEngine.runDue()).toEqual([{ itemId: item.id, accountId: b.accountId, outcome: 'sent' }])
    const remoteId = (b.core.db.prepare('SELECT remote_id AS r FROM outbox_items WHERE id = ?').get(item.id) as { r: string }).r
    a.clock.advance(60_000)
    expect(await a.core.outboxEngine.runDue()).toEqual([{ itemId: onA.id, accountId: a.accountId, outcome: 'sent' }])
    expect(a.core.db.prepare('SELECT state, remote_id AS remoteId FROM outbox_items WHERE id = ?').get(onA.id)).toEqual({ state: 'sent', remoteId })
    expect(crew.fake.requests.filter(isPost)).toHaveLength(1)
  })

  it('a laptop cut off from the team store sends nothing from the team queue', async () => {
    const { item } = await approvedOnB('We will look into it.')
    await b.core.team.syncOnce()
    // The team service is unreachable from B from now on.
    b.core.db.prepare("UPDATE team_membership SET server_url = 'http://127.0.0.1:9'").run()
    b.clock.advance(60_000)
    expect(await b.core.outboxEngine.runDue()).toEqual([{ itemId: item.id, accountId: b.accountId, outcome: 'blocked' }])
    expect(crew.fake.requests.filter(isPost)).toHaveLength(0)
    expect((b.core.db.prepare('SELECT state FROM outbox_items WHERE id = ?').get(item.id) as { state: string }).state).toBe('queued')
  })

  it('the poll scheduler polls a stream from the laptop holding its lease; the other skips it', async () => {
    const polledA = await a.core.sync.runDue()
    expect(polledA.length).toBeGreaterThan(0)
    const polledB = await b.core.sync.runDue()
    expect(polledB).toEqual([])
    const leases = await suite.service.pollLeases(crew.admin)
    expect(new Set(leases.map((l) => l.device))).toEqual(new Set(['laptop-a']))
    expect(leases.map((l) => l.stream).sort()).toEqual(polledA.map((p) => p.stream).sort())
  })
})
