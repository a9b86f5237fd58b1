import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { textHash } from '../../../src/main/features/team/apply'
import type { MemberRow } from '../../../src/main/store/team-postgres/members'
import { draftsOf, notesOf, registers, tagsOf } from '../../../src/main/store/team-postgres/state'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { hlcAt, op, openTestTeam, type TestTeam } from '../../support/team-store'

/** Each conflict rule of the team store, applied by the sync service in real PostgreSQL transactions. */
describe.skipIf(postgresMissing() !== null)('team store conflict rules', () => {
  let cluster: PostgresCluster
  let team: TestTeam
  let agent: MemberRow
  let bea: MemberRow
  let cai: MemberRow

  beforeAll(async () => {
    cluster = await startPostgres()
    team = await openTestTeam(cluster, 'rules')
    agent = await team.join('Dan', 'agent')
    bea = await team.join('Bea', 'supervisor')
    cai = await team.join('Cai', 'supervisor')
  })
  afterAll(async () => {
    await team?.service.close()
    await cluster?.stop()
  })

  const db = () => (team.service as unknown as { pool: import('pg').Pool }).pool

  async function submitted(text = 'Thanks, a replacement is on its way.'): Promise<{ approvalId: string; hash: string }> {
    const approvalId = randomUUID()
    const [r] = await team.service.push(agent, [op(agent, 'approvals.submit', { approvalId, conversationId: randomUUID(), channelAccount: 'acct-1', text })])
    expect(r!.outcome).toBe('applied')
    return { approvalId, hash: textHash(text) }
  }

  it('approval decisions are compare-and-set: the first wins, the other hears who decided', async () => {
    const { approvalId, hash } = await submitted()
    // Both supervisors read the same text and decide at once, from two laptops.
    const [b, c] = await Promise.all([
      team.service.push(bea, [op(bea, 'approvals.approve', { approvalId, textHash: hash })]),
      team.service.push(cai, [op(cai, 'approvals.reject', { approvalId, textHash: hash, reason: 'tone' })]),
    ])
    const outcomes = [b[0]!, c[0]!]
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['applied', 'lost'])
    const winner = outcomes[0]!.outcome === 'applied' ? 'Bea' : 'Cai'
    const loser = outcomes.find((o) => o.outcome === 'lost')!
    expect(loser.message).toMatch(new RegExp(`^already decided by ${winner} \\((approved|rejected)\\)$`))
    // Only an approval makes a shared outbox row, and only one.
    const outbox = await team.service.outboxByApproval(bea, approvalId)
    expect(outbox === null).toBe(winner === 'Cai')
  })

  it('a decision on a text that changed since it was read loses', async () => {
    const { approvalId, hash } = await submitted('First wording')
    const [edit] = await team.service.push(bea, [op(bea, 'approvals.editAndApprove', { approvalId, textHash: hash, text: 'Better wording' })])
    expect(edit!.outcome).toBe('applied')
    const [late] = await team.service.push(cai, [op(cai, 'approvals.approve', { approvalId, textHash: hash })])
    expect(late).toMatchObject({ outcome: 'lost', message: 'already decided by Bea (approved)' })
    const outbox = await team.service.outboxByApproval(bea, approvalId)
    const { rows } = await db().query('SELECT text, text_hash FROM team_outbox WHERE id = $1', [outbox!.id])
    expect(rows[0]).toEqual({ text: 'Better wording', text_hash: textHash('Better wording') })
  })

  it('an agent may not decide, and a retried push is answered from the log without applying twice', async () => {
    const { approvalId, hash } = await submitted()
    const [refused] = await team.service.push(agent, [op(agent, 'approvals.approve', { approvalId, textHash: hash })])
    expect(refused).toMatchObject({ outcome: 'rejected' })
    expect(refused!.message).toMatch(/only a supervisor or an admin may approve/)
    const approve = op(bea, 'approvals.approve', { approvalId, textHash: hash })
    const [first] = await team.service.push(bea, [approve])
    const [again] = await team.service.push(bea, [approve])
    expect(again).toEqual({ ...first, duplicate: true })
    const { rows } = await db().query('SELECT count(*)::int AS n FROM team_outbox WHERE approval_id = $1', [approvalId])
    expect(rows[0].n).toBe(1)
  })

  it('drafts are per profile: two people drafting one conversation keep their own text', async () => {
    const conversationId = randomUUID()
    await team.service.push(bea, [op(bea, 'drafts.save', { conversationId, text: 'Bea draft' })])
    await team.service.push(cai, [op(cai, 'drafts.save', { conversationId, text: 'Cai draft' })])
    // An older save of Bea's arriving late (she was offline) does not replace her newer one.
    const [late] = await team.service.push(bea, [op(bea, 'drafts.save', { conversationId, text: 'Bea older' }, { hlc: hlcAt(1) })])
    expect(late!.outcome).toBe('superseded')
    expect(await draftsOf(db(), team.admin.teamId, conversationId)).toEqual({ bea: 'Bea draft', cai: 'Cai draft' })
    // And nobody writes another profile's draft.
    const [forged] = await team.service.push(cai, [{ ...op(cai, 'drafts.save', { conversationId, text: 'x' }), profile: 'bea' }])
    expect(forged!.outcome).toBe('rejected')
  })

  it('status, assignee and snooze are last-writer-wins by clock, both changes kept in the log', async () => {
    const conversationId = randomUUID()
    // Cai's change was made later (clock 600) but reaches the service first; Bea's (clock 500) arrives after.
    const [c] = await team.service.push(cai, [op(cai, 'conversations.setStatus', { conversationIds: [conversationId], status: 'closed', snoozeUntil: null }, { hlc: hlcAt(600) })])
    const [b] = await team.service.push(bea, [op(bea, 'conversations.setStatus', { conversationIds: [conversationId], status: 'open', snoozeUntil: 99 }, { hlc: hlcAt(500) })])
    expect([c!.outcome, b!.outcome]).toEqual(['applied', 'superseded'])
    await team.service.push(bea, [op(bea, 'conversations.assign', { conversationIds: [conversationId], assignee: 'bea' }, { hlc: hlcAt(700) })])
    expect(await registers(db(), team.admin.teamId, conversationId)).toEqual({ status: 'closed', snoozeUntil: null, assignee: 'bea' })
    const { ops } = await team.service.pull(bea, 0, 5_000)
    expect(ops.filter((o) => o.operation === 'conversations.setStatus' && o.entities.length === 0 && (o.input as { conversationIds: string[] }).conversationIds[0] === conversationId)).toHaveLength(2)
  })

  it('tags are add-wins: a removal takes away only the adds its author had seen', async () => {
    const conversationId = randomUUID()
    const [added] = await team.service.push(bea, [op(bea, 'conversations.addTags', { conversationIds: [conversationId], tags: ['refund'] })])
    const seenByCai = added!.seq
    // Concurrently: Bea adds "refund" again (Cai has not seen it) while Cai removes the one he saw.
    await team.service.push(bea, [op(bea, 'conversations.addTags', { conversationIds: [conversationId], tags: ['refund', 'vip'] })])
    await team.service.push(cai, [op(cai, 'conversations.removeTags', { conversationIds: [conversationId], tags: ['refund', 'vip'] }, { baseSeq: seenByCai })])
    expect(await tagsOf(db(), team.admin.teamId, conversationId)).toEqual(['refund', 'vip'])
    // Once Cai has seen everything, his removal removes.
    const { lastSeq } = await team.service.pull(cai, 0, 1)
    await team.service.push(cai, [op(cai, 'conversations.removeTags', { conversationIds: [conversationId], tags: ['refund'] }, { baseSeq: lastSeq })])
    expect(await tagsOf(db(), team.admin.teamId, conversationId)).toEqual(['vip'])
  })

  it('notes are append-only', async () => {
    const conversationId = randomUUID()
    const noteId = randomUUID()
    await team.service.push(bea, [op(bea, 'notes.add', { noteId, conversationId, body: 'Called the customer' })])
    await team.service.push(cai, [op(cai, 'notes.add', { noteId: randomUUID(), conversationId, body: 'Refund issued' })])
    const [rewrite] = await team.service.push(cai, [op(cai, 'notes.add', { noteId, conversationId, body: 'Rewritten' })])
    expect(rewrite!.outcome).toBe('rejected')
    expect((await notesOf(db(), team.admin.teamId, conversationId)).map((n) => n.body)).toEqual(['Called the customer', 'Refund issued'])
  })

  it('inbound items are idempotent by (channel account, remote id) across laptops', async () => {
    const first = randomUUID()
    const [a] = await team.service.push(bea, [op(bea, 'items.ingest', { itemId: first, channelAccount: 'acct-1', remoteId: '1099' })])
    const [b] = await team.service.push(cai, [op(cai, 'items.ingest', { itemId: randomUUID(), channelAccount: 'acct-1', remoteId: '1099' })])
    const [c] = await team.service.push(cai, [op(cai, 'items.ingest', { itemId: randomUUID(), channelAccount: 'acct-2', remoteId: '1099' })])
    expect([a!.outcome, b!.outcome, c!.outcome]).toEqual(['applied', 'superseded', 'applied'])
    expect(b!.message).toBe(`already in the team store as item ${first}`)
  })

  it('a cancelled reply is claimed by no laptop; a reply being sent or sent cannot be cancelled; a retry makes a waiting one due now', async () => {
    const approved = async (): Promise<string> => {
      const { approvalId, hash } = await submitted()
      const [r] = await team.service.push(bea, [op(bea, 'approvals.approve', { approvalId, textHash: hash })])
      expect(r!.outcome).toBe('applied')
      return approvalId
    }
    const claim = (approvalId: string) => team.service.claimOutboxItem(cai, { channelAccounts: ['acct-1'], device: 'laptop-c', leaseMs: 60_000, approvalId })

    const cancelled = await approved()
    const [cancel] = await team.service.push(agent, [op(agent, 'outbox.cancel', { approvalId: cancelled, reopenApproval: false })])
    expect(cancel!.outcome).toBe('applied')
    expect(await team.service.outboxByApproval(bea, cancelled)).toMatchObject({ state: 'cancelled' })
    expect(await claim(cancelled)).toBeNull()
    // A retry does not bring a cancelled reply back.
    const [retry] = await team.service.push(agent, [op(agent, 'outbox.retry', { approvalId: cancelled })])
    expect(retry!.outcome).toBe('applied')
    expect(await claim(cancelled)).toBeNull()

    const sending = await approved()
    const leased = await claim(sending)
    expect(leased).not.toBeNull()
    const [late] = await team.service.push(bea, [op(bea, 'outbox.cancel', { approvalId: sending })])
    expect(late).toMatchObject({ outcome: 'lost', message: 'another laptop is sending it right now (or may have sent it); it cannot be taken back' })
    expect(await team.service.markOutboxSent(cai, { id: leased!.id, fence: leased!.fence, remoteId: 'post-1' })).toBe(true)
    const [after] = await team.service.push(bea, [op(bea, 'outbox.cancel', { approvalId: sending })])
    expect(after).toMatchObject({ outcome: 'lost', message: 'already sent by Cai' })

    const later = await approved()
    await db().query("UPDATE team_outbox SET due_at = now() + interval '1 hour' WHERE approval_id = $1", [later])
    expect(await claim(later)).toBeNull()
    await team.service.push(agent, [op(agent, 'outbox.retry', { approvalId: later })])
    expect(await claim(later)).not.toBeNull()

    // Taking the approval back: only its approver may; the request is pending again and a new approval mints a new row and key.
    const reopened = await approved()
    const { idempotencyKey } = (await team.service.outboxByApproval(bea, reopened))!
    const [notMine] = await team.service.push(cai, [op(cai, 'outbox.cancel', { approvalId: reopened, reopenApproval: true })])
    expect(notMine).toMatchObject({ outcome: 'rejected', message: 'Only the member who approved this reply can take the approval back; cancel it instead.' })
    const [mine] = await team.service.push(bea, [op(bea, 'outbox.cancel', { approvalId: reopened, reopenApproval: true })])
    expect(mine!.outcome).toBe('applied')
    expect(await team.service.outboxByApproval(bea, reopened)).toBeNull()
    const [again] = await team.service.push(cai, [op(cai, 'approvals.approve', { approvalId: reopened, textHash: textHash('Thanks, a replacement is on its way.') })])
    expect(again!.outcome).toBe('applied')
    expect((await team.service.outboxByApproval(bea, reopened))!.idempotencyKey).not.toBe(idempotencyKey)
  })

  it('input the team store does not understand is refused in plain words, and the log keeps going', async () => {
    const [bad] = await team.service.push(bea, [op(bea, 'approvals.approve', { approvalId: 'not-a-uuid', textHash: 'x' })])
    expect(bad!.outcome).toBe('rejected')
    expect(bad!.message).toMatch(/^The input of approvals.approve is not what the team store expects/)
    const [other] = await team.service.push(bea, [op(bea, 'preferences.set', { theme: 'dark' })])
    expect(other!.outcome).toBe('applied')
    expect(other!.seq).toBe(bad!.seq + 1)
  })
})
