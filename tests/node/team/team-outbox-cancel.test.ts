import { beforeEach, describe, expect, it } from 'vitest'
import { postgresMissing } from '../../support/postgres'
import { teamServerForSuite } from '../../support/team-server'
import { isPost, sendingTeamForEach, type SendingLaptop } from '../../support/team-sending-laptops'

type Laptop = SendingLaptop


/**
 * Cancelling an approved reply in a team: both laptops hold the Mastodon account's token, so either
 * could send it. A cancel on one laptop stops it on every laptop (the team's row is cancelled and no
 * claim takes it), taking the approval back makes it a request again everywhere, and a cancel that
 * comes after another laptop sent the reply loses and says so.
 */
describe.skipIf(postgresMissing() !== null)('a reply cancelled on one laptop is sent by none', () => {
  let a: Laptop
  let b: Laptop

  const suite = teamServerForSuite('team_outbox_cancel')
  const crew = sendingTeamForEach(suite)

  beforeEach(async () => {
    a = await crew.laptop('Alex', 'agent', 'laptop-a')
    b = await crew.laptop('Sam', 'supervisor', 'laptop-b')
  })

  const conversationOf = (l: Laptop): number => (l.core.db.prepare('SELECT conversation_id AS id FROM messages WHERE remote_id = ?').get(crew.target.id) as { id: number }).id
  const localItems = (l: Laptop, approvalId: string) => l.core.db.prepare('SELECT id, state FROM outbox_items WHERE approval_id = ?').all(approvalId) as { id: string; state: string }[]

  /** Alex submits on A; Sam approves on B; both laptops have the approval and a queued copy of the reply, past the undo window. */
  async function approvedEverywhere(text: string) {
    await a.core.sync.pollOnce([a.accountId])
    const conversationId = conversationOf(a)
    await a.ok('drafts.save', { conversationId, body: text })
    const { approval } = await a.ok('approvals.submit', { conversationId })
    await a.core.team.syncOnce()
    await b.core.team.syncOnce()
    const { outboxItem } = await b.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
    await b.core.team.syncOnce()
    await a.core.team.syncOnce()
    expect(localItems(a, approval!.id).map((i) => i.state)).toEqual(['queued'])
    expect(await suite.service.outboxByApproval(crew.admin, approval!.id)).toMatchObject({ state: 'queued' })
    return { approval: approval!, item: outboxItem! }
  }

  it('Sam cancels on B; A, which has not heard of the cancel yet, cannot send it, and cancels its copy once it has', async () => {
    const { approval, item } = await approvedEverywhere('A new saddle ships today.')
    await b.ok('outbox.cancel', { id: item.id })
    await b.core.team.syncOnce()
    expect(await suite.service.outboxByApproval(crew.admin, approval.id)).toMatchObject({ state: 'cancelled' })

    // A still holds its queued copy (it has not pulled the cancel): its outbox asks the team for the lease and gets none.
    a.clock.advance(60_000)
    b.clock.advance(60_000)
    const [onA] = localItems(a, approval.id)
    expect(await a.core.outboxEngine.runDue()).toEqual([{ itemId: onA!.id, accountId: a.accountId, outcome: 'waiting' }])
    expect(await b.core.outboxEngine.runDue()).toEqual([])
    expect(crew.fake.requests.filter(isPost)).toHaveLength(0)

    await a.core.team.syncOnce()
    expect(localItems(a, approval.id).map((i) => i.state)).toEqual(['cancelled'])
    a.clock.advance(60_000)
    expect(await a.core.outboxEngine.runDue()).toEqual([])
    expect(crew.fake.requests.filter(isPost)).toHaveLength(0)
    expect(a.core.team.status().applyProblems).toEqual([])
  })

  it('Sam takes his approval back on B: the request waits for a decision on both laptops; approved again, it goes out once', async () => {
    const { approval, item } = await approvedEverywhere('Your order is on its way.')
    await b.ok('outbox.cancel', { id: item.id, reopenApproval: true })
    await b.core.team.syncOnce()
    await a.core.team.syncOnce()
    for (const l of [a, b]) expect((await l.ok('approvals.list', { conversationId: conversationOf(l), status: 'all', limit: 5 }))[0]!.status).toBe('pending')
    expect(localItems(a, approval.id).map((i) => i.state)).toEqual(['cancelled'])

    const pending = (await b.ok('approvals.list', { conversationId: conversationOf(b), status: 'pending', limit: 5 }))[0]!
    await b.ok('approvals.approve', { approvalId: approval.id, bodyHash: pending.bodyHash })
    await b.core.team.syncOnce()
    expect(b.core.team.status().contested).toEqual([])
    await a.core.team.syncOnce()
    a.clock.advance(60_000)
    b.clock.advance(60_000)
    await a.core.outboxEngine.runDue()
    await b.core.outboxEngine.runDue()
    await a.core.team.syncOnce()
    await b.core.team.syncOnce()
    expect(crew.fake.requests.filter(isPost)).toHaveLength(1)
    expect(await suite.service.outboxByApproval(crew.admin, approval.id)).toMatchObject({ state: 'sent' })
  })

  it('a cancel made after A sent the reply loses with "already sent by Alex"; B\'s copy is then recorded sent, as on A', async () => {
    const { approval, item } = await approvedEverywhere('Thanks, we will look into it.')
    a.clock.advance(60_000)
    const [onA] = localItems(a, approval.id)
    expect(await a.core.outboxEngine.runDue()).toEqual([{ itemId: onA!.id, accountId: a.accountId, outcome: 'sent' }])
    // B has not heard of the send: its copy is still queued, and Sam cancels it there.
    await b.ok('outbox.cancel', { id: item.id })
    const report = await b.core.team.syncOnce()
    expect(report.contested).toEqual([{ operation: 'outbox.cancel', outcome: 'lost', message: 'already sent by Alex' }])
    expect(await suite.service.outboxByApproval(crew.admin, approval.id)).toMatchObject({ state: 'sent' })
    await a.core.team.syncOnce()
    expect(localItems(a, approval.id).map((i) => i.state)).toEqual(['sent'])
    // B's copy, cancelled by Sam's click, waits for the team again and is recorded sent without a post.
    expect(localItems(b, approval.id).map((i) => i.state)).toEqual(['cancelled', 'queued'])
    b.clock.advance(60_000)
    expect(await b.core.outboxEngine.runDue()).toEqual([{ itemId: localItems(b, approval.id)[1]!.id, accountId: b.accountId, outcome: 'sent' }])
    expect(localItems(b, approval.id).map((i) => i.state)).toEqual(['cancelled', 'sent'])
    expect((await b.ok('approvals.list', { conversationId: conversationOf(b), status: 'all', limit: 5 }))[0]!.status).toBe('approved')
    expect(crew.fake.requests.filter(isPost)).toHaveLength(1)
  })
})
