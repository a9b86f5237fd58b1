import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addPeople, openApprovalCore, PASSPHRASES, type People } from '../../support/approval-workspace'
import { brandAccount, item } from '../../support/items'
import { tempDir } from '../../support/workspace'

/** Undo right after approving: the approver takes the approval back and the request waits in Needs approval again. */
describe('taking an approval back inside the undo window', () => {
  let t: ReturnType<typeof tempDir>
  let ws: ReturnType<typeof openApprovalCore>
  let people: People
  let conversationId: number

  const as = async (profileId: number): Promise<void> => {
    const passphrase = profileId === people.sam ? PASSPHRASES.sam : profileId === people.kim ? PASSPHRASES.kim : undefined
    await ws.ok('profiles.switch', { profileId, passphrase })
  }
  const kinds = (): string[] => (ws.core.db.prepare('SELECT kind FROM audit_events ORDER BY id').all() as { kind: string }[]).map((r) => r.kind)
  const needsApproval = async (): Promise<number> => (await ws.ok('views.counts', {})).views.needs_approval

  beforeEach(async () => {
    t = tempDir('parley-undo-approval-')
    ws = openApprovalCore(t.dir, { config: { outbox: { refreshBeforeSend: false } } })
    const accountId = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
    ws.core.stores.ingest.ingest(accountId, [item({ remoteId: '9001', conversationKey: 'thread-a', createdAt: ws.clock.now() - 60_000 })])
    conversationId = (ws.core.db.prepare("SELECT id FROM conversations WHERE conversation_key = 'thread-a'").get() as { id: number }).id
    people = await addPeople(ws.ok)
    await as(people.alex)
    await ws.ok('drafts.save', { conversationId, body: 'Thanks for waiting!' })
    await ws.ok('approvals.submit', { conversationId })
  })
  afterEach(async () => {
    await ws.client.close()
    t.cleanup()
  })

  it('puts the request back to pending, so the same approver can approve it again and it is queued once more', async () => {
    await as(people.sam)
    const [pending] = await ws.ok('approvals.list', {})
    const { outboxItem } = await ws.ok('approvals.approve', { approvalId: pending!.id, bodyHash: pending!.bodyHash })
    expect(await needsApproval()).toBe(0)

    expect(await ws.ok('outbox.cancel', { id: outboxItem!.id, reopenApproval: true })).toMatchObject({ state: 'cancelled' })
    const [again] = await ws.ok('approvals.list', {})
    expect(again).toMatchObject({ id: pending!.id, status: 'pending', decidedBy: null, decisions: [] })
    expect(await needsApproval()).toBe(1)

    const second = await ws.ok('approvals.approve', { approvalId: again!.id, bodyHash: again!.bodyHash })
    expect(second.approval.status).toBe('approved')
    expect(second.outboxItem).toMatchObject({ state: 'queued', body: 'Thanks for waiting!' })
    expect(second.outboxItem!.id).not.toBe(outboxItem!.id)
    expect(kinds().slice(-6)).toEqual(['approved', 'queued', 'cancelled', 'reopened', 'approved', 'queued'])
    expect(await ws.ok('audit.verify', {})).toMatchObject({ ok: true })
  })

  it('is only for the person who approved: anyone else cancels, and a plain cancel still voids', async () => {
    await as(people.sam)
    const [pending] = await ws.ok('approvals.list', {})
    const { outboxItem } = await ws.ok('approvals.approve', { approvalId: pending!.id, bodyHash: pending!.bodyHash })
    await as(people.kim)
    expect(await ws.raw('outbox.cancel', { id: outboxItem!.id, reopenApproval: true })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: /Only the person who approved this reply can take the approval back/ },
    })
    expect((await ws.ok('outbox.list', {}))[0]).toMatchObject({ state: 'queued' })
    await ws.ok('outbox.cancel', { id: outboxItem!.id })
    expect((await ws.ok('approvals.list', { conversationId, status: 'all' }))[0]!.status).toBe('void')
    expect(await needsApproval()).toBe(0)
  })
})
