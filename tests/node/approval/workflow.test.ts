import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { replyHash } from '../../../src/main/features/reply/hash'
import { addPeople, openApprovalCore, PASSPHRASES, type People } from '../../support/approval-workspace'
import { brandAccount, item } from '../../support/items'
import { tempDir } from '../../support/workspace'

type Ws = ReturnType<typeof openApprovalCore>

/** The workflow through the router, on a real SQLite file; nothing is sent (no outbox pass runs a network call). */
describe('approval workflow', () => {
  let t: ReturnType<typeof tempDir>
  let ws: Ws
  let people: People
  let conversationId: number
  let accountId: number

  const as = async (profileId: number): Promise<void> => {
    const passphrase = profileId === people.sam ? PASSPHRASES.sam : profileId === people.kim ? PASSPHRASES.kim : profileId === people.me ? PASSPHRASES.me : undefined
    await ws.ok('profiles.switch', { profileId, passphrase })
  }
  const kinds = (): string[] => (ws.core.db.prepare('SELECT kind FROM audit_events ORDER BY id').all() as { kind: string }[]).map((r) => r.kind)
  const needsApproval = async (): Promise<number> => (await ws.ok('views.counts', {})).views.needs_approval
  const draftAndSubmit = async (body: string, who = people.alex) => {
    await as(who)
    await ws.ok('drafts.save', { conversationId, body })
    return ws.ok('approvals.submit', { conversationId })
  }

  beforeEach(async () => {
    t = tempDir('parley-workflow-')
    ws = openApprovalCore(t.dir, { config: { outbox: { refreshBeforeSend: false } } })
    accountId = ws.core.stores.accounts.ensure(brandAccount, { isDemo: false, at: 1 })
    ws.core.stores.ingest.ingest(accountId, [item({ remoteId: '9001', conversationKey: 'thread-a', createdAt: ws.clock.now() - 60_000 })])
    conversationId = (ws.core.db.prepare("SELECT id FROM conversations WHERE conversation_key = 'thread-a'").get() as { id: number }).id
    people = await addPeople(ws.ok)
  })
  afterEach(async () => {
    await ws.client.close()
    t.cleanup()
  })

  describe('profiles', () => {
    it('starts as the first-run admin "Me"; only admins add people; supervisors need a passphrase', async () => {
      expect(await ws.ok('profiles.current', {})).toEqual({ id: people.me, name: 'Me', role: 'admin', hasPassphrase: true, locked: false })
      expect((await ws.ok('profiles.list', {})).map((p) => [p.name, p.role, p.hasPassphrase])).toEqual([
        ['Me', 'admin', true],
        ['Alex', 'agent', false],
        ['Sam', 'supervisor', true],
        ['Kim', 'supervisor', true],
      ])
      expect((await ws.raw('profiles.create', { name: 'Lee', role: 'supervisor' })) as unknown).toMatchObject({ ok: false, error: { code: 'bad_input', message: /needs a passphrase/ } })
      expect(await ws.raw('profiles.create', { name: 'sam', role: 'agent' })).toMatchObject({ ok: false, error: { code: 'conflict' } })
      await as(people.alex)
      expect(await ws.raw('profiles.create', { name: 'Lee', role: 'agent' })).toMatchObject({ ok: false, error: { code: 'unauthorized', message: /Only admins can add people; you are working as Alex \(agent\)/ } })
    })

    it('switching to a supervisor needs the right passphrase, stored only as a salted scrypt hash', async () => {
      await as(people.alex)
      const wrong = await ws.raw('profiles.switch', { profileId: people.sam, passphrase: 'not-it-at-all' })
      expect(wrong).toEqual({ ok: false, error: { code: 'unauthorized', message: 'That passphrase is not the one for Sam. You are still working as Alex.' } })
      expect(await ws.raw('profiles.switch', { profileId: people.sam })).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
      expect((await ws.ok('profiles.current', {})).name).toBe('Alex')
      await as(people.sam)
      expect((await ws.ok('app.info', {})).profile.name).toBe('Sam')
      // Back to Me: an admin's passphrase is asked every time.
      expect(await ws.raw('profiles.switch', { profileId: people.me })).toMatchObject({ ok: false, error: { code: 'unauthorized', message: /not the one for Me/ } })
      const hashes = ws.core.db.prepare('SELECT passphrase_hash AS h FROM profiles WHERE passphrase_hash IS NOT NULL').all() as { h: string }[]
      expect(hashes.map((r) => r.h)).toEqual([expect.stringMatching(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/), expect.stringMatching(/^scrypt\$/), expect.stringMatching(/^scrypt\$/)])
      expect(new Set(hashes.map((r) => r.h)).size).toBe(3)
      const bytes = ['parley.db', 'parley.db-wal'].map((f) => { try { return readFileSync(join(t.dir, f)).toString('latin1') } catch { return '' } }).join('')
      expect(bytes).not.toContain(PASSPHRASES.sam)
    })

    it('keeps one draft per conversation per profile, and profiles carry stable uids', async () => {
      await as(people.alex)
      await ws.ok('drafts.save', { conversationId, body: 'Alex writes' })
      await as(people.sam)
      expect(await ws.ok('drafts.get', { conversationId })).toBeNull()
      await ws.ok('drafts.save', { conversationId, body: 'Sam writes' })
      await as(people.alex)
      expect((await ws.ok('drafts.get', { conversationId }))?.body).toBe('Alex writes')
      const uids = (await ws.ok('profiles.list', {})).map((p) => p.uid)
      expect(new Set(uids).size).toBe(4)
      for (const uid of uids) expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    })
  })

  describe('policy', () => {
    it('is read by anyone, changed by admins only, and survives a restart', async () => {
      const policy = await ws.ok('policy.get', {})
      expect(policy).toEqual({ rules: [], roleDefaults: { agent: 'always', supervisor: 'never', admin: 'never' }, undoWindowMs: 10_000 })
      await as(people.sam)
      expect(await ws.raw('policy.set', { ...policy, undoWindowMs: 0 })).toMatchObject({ ok: false, error: { code: 'unauthorized', message: /Only admins can change the approval policy/ } })
      expect(await ws.raw('policy.set', { rules: [{ id: 'x', approval: 'never', secondStep: { group: [1], mode: 'any' } }] })).toMatchObject({ ok: false, error: { code: 'bad_input' } })
      await ws.client.close()
      ws = openApprovalCore(t.dir, { clock: ws.clock })
      // The restart opens on Sam, the last profile, locked: Me's passphrase is needed to change the policy.
      expect(await ws.raw('policy.set', { ...policy, undoWindowMs: 0 })).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
      await ws.ok('profiles.switch', { profileId: people.me, passphrase: PASSPHRASES.me })
      await ws.ok('policy.set', { rules: [{ id: 'refunds', label: 'Refunds', when: { keywords: ['refund'] }, approval: 'always' }], undoWindowMs: 5_000 })
      await ws.client.close()
      ws = openApprovalCore(t.dir, { clock: ws.clock })
      expect((await ws.ok('policy.get', {})).rules[0]).toMatchObject({ id: 'refunds', approval: 'always', secondStep: null })
      expect(await ws.ok('policy.evaluate', { conversationId, body: 'A refund is on its way' })).toMatchObject({ required: true, reason: 'Rule 1 "Refunds": a supervisor must approve.' })
    })
  })

  describe('submit and decide', () => {
    it('a submitted reply no longer shows its author as drafting: the supervisor is not sent looking for a second reply', async () => {
      await draftAndSubmit('Thanks for waiting!')
      // Its composer still holds the words; a supervisor reads "waiting for approval", not "Alex is drafting".
      expect(await ws.ok('presence.list', {})).toEqual([])
      await ws.ok('drafts.save', { conversationId, body: 'Thanks for waiting! One more thing.' })
      expect(await ws.ok('presence.list', {})).toEqual([{ conversationId, drafting: [expect.objectContaining({ profileId: people.alex })] }])
    })

    it('submit makes the draft pending: the queue shows author, text, target, wait and deadline; the count follows', async () => {
      await as(people.alex)
      for (const body of ['Th', 'Thanks', 'Thanks for waiting!']) await ws.ok('drafts.save', { conversationId, body })
      const submitted = await ws.ok('approvals.submit', { conversationId })
      expect(submitted.outboxItem).toBeNull()
      expect(submitted.verdict).toMatchObject({ required: true, reason: /agents need/ })
      expect(await needsApproval()).toBe(1)
      ws.clock.advance(90_000)
      const [queued, ...rest] = await ws.ok('approvals.list', {})
      expect(rest).toEqual([])
      expect(queued).toMatchObject({
        conversationId,
        accountId,
        inReplyTo: '9001',
        author: { id: people.alex, name: 'Alex', role: 'agent' },
        body: 'Thanks for waiting!',
        originalBody: null,
        status: 'pending',
        step: 1,
        steps: [{ kind: 'supervisor' }],
        waitedMs: 90_000,
        deadline: null,
        bodyHash: replyHash('Thanks for waiting!', { accountId, inReplyTo: '9001' }),
      })
      expect(queued!.id).toMatch(/^[0-9a-f-]{36}$/)
      // Submitting the same words again changes nothing.
      expect((await ws.ok('approvals.submit', { conversationId })).approval?.id).toBe(queued!.id)
      expect(kinds()).toEqual(['drafted', 'submitted'])
      const list = await ws.ok('conversations.list', { view: 'needs_approval', limit: 50 })
      expect(list.items.map((c) => c.id)).toEqual([conversationId])
    })

    it('approve queues the exact approved text with an undo window and a fresh idempotency key', async () => {
      const { approval } = await draftAndSubmit('We are on it.')
      await as(people.sam)
      const { approval: done, outboxItem } = await ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
      expect(done).toMatchObject({ status: 'approved', decidedBy: { name: 'Sam' }, decisions: [{ action: 'approved', step: 1, profile: { name: 'Sam' } }] })
      expect(outboxItem).toMatchObject({ state: 'queued', body: 'We are on it.', approvalId: approval!.id, authorId: people.alex, inReplyTo: '9001', notBefore: ws.clock.now() + 10_000, attempts: 0 })
      const key = ws.core.db.prepare('SELECT idempotency_key AS k FROM outbox_items').get() as { k: string }
      expect(key.k).toMatch(/^[0-9a-f-]{36}$/)
      expect(await needsApproval()).toBe(0)
      expect(kinds()).toEqual(['drafted', 'submitted', 'approved', 'queued'])
      expect(await ws.raw('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })).toMatchObject({ ok: false, error: { code: 'conflict', message: /already approved/ } })
    })

    it('refuses self-approval', async () => {
      await ws.ok('policy.set', { rules: [{ id: 'all', approval: 'always' }] })
      const { approval } = await draftAndSubmit('Our own words.', people.sam)
      expect(await ws.raw('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })).toEqual({
        ok: false,
        error: { code: 'unauthorized', message: 'Nobody approves or decides on their own reply; another supervisor has to.' },
      })
      await as(people.alex)
      expect(await ws.raw('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })).toMatchObject({ ok: false, error: { code: 'unauthorized', message: /Only a supervisor or an admin/ } })
      await as(people.kim)
      expect(await ws.raw('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })).toMatchObject({ ok: true })
    })

    it('an edit after submit voids the request: approving then is refused, and the count drops', async () => {
      const { approval } = await draftAndSubmit('First words.')
      await ws.ok('drafts.save', { conversationId, body: 'First words.' }) // the same text again changes nothing
      expect((await ws.ok('approvals.list', {})).length).toBe(1)
      await ws.ok('drafts.save', { conversationId, body: 'Second thoughts.' })
      expect(await needsApproval()).toBe(0)
      await as(people.sam)
      const refused = await ws.raw('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: /edited or withdrawn/ } })
      expect((await ws.ok('approvals.list', { conversationId, status: 'all' }))[0]!.status).toBe('void')
      expect(kinds()).toEqual(['drafted', 'submitted', 'edited', 'voided'])
    })

    it('an edit after approval takes the reply out of the outbox and voids the approval', async () => {
      const { approval } = await draftAndSubmit('Approved words.')
      await as(people.sam)
      const { outboxItem } = await ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
      await as(people.alex)
      await ws.ok('drafts.save', { conversationId, body: 'Approved words, and more.' })
      expect((await ws.ok('outbox.list', {}))[0]).toMatchObject({ id: outboxItem!.id, state: 'cancelled' })
      expect((await ws.ok('approvals.list', { conversationId, status: 'all' }))[0]!.status).toBe('void')
      expect(kinds()).toEqual(['drafted', 'submitted', 'approved', 'queued', 'edited', 'cancelled', 'voided'])
    })

    it('a stale hash is refused: the approver must have seen these exact words', async () => {
      const { approval } = await draftAndSubmit('Words.')
      await as(people.sam)
      expect(await ws.raw('approvals.approve', { approvalId: approval!.id, bodyHash: 'a'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'conflict', message: /changed since you opened it/ } })
    })

    it('edit and approve: the approver\'s words go out, the author keeps the diff base and sees the new text', async () => {
      const { approval } = await draftAndSubmit('We might refund you.')
      await as(people.sam)
      const { approval: done, outboxItem } = await ws.ok('approvals.editAndApprove', { approvalId: approval!.id, bodyHash: approval!.bodyHash, body: 'We will look into a refund today.' })
      expect(done).toMatchObject({ status: 'approved', body: 'We will look into a refund today.', originalBody: 'We might refund you.', editedBy: { name: 'Sam' } })
      expect(done.bodyHash).toBe(replyHash('We will look into a refund today.', { accountId, inReplyTo: '9001' }))
      expect(outboxItem).toMatchObject({ body: 'We will look into a refund today.' })
      await as(people.alex)
      expect((await ws.ok('drafts.get', { conversationId }))?.body).toBe('We will look into a refund today.')
      expect((await ws.ok('outbox.list', {}))[0]!.state).toBe('queued')
      expect(kinds()).toEqual(['drafted', 'submitted', 'edited', 'approved', 'queued'])
    })

    it('request changes and reject end the request with a note; submitting again starts a new one', async () => {
      const { approval } = await draftAndSubmit('Draft one.')
      await as(people.sam)
      const changes = await ws.ok('approvals.requestChanges', { approvalId: approval!.id, note: 'Say sorry first.' })
      expect(changes).toMatchObject({ status: 'changes_requested', decisionNote: 'Say sorry first.', decidedBy: { name: 'Sam' } })
      expect(await needsApproval()).toBe(0)
      const again = await draftAndSubmit('Sorry! Draft two.')
      expect(again.approval!.id).not.toBe(approval!.id)
      await as(people.kim)
      expect(await ws.ok('approvals.reject', { approvalId: again.approval!.id, note: 'Not on this channel.' })).toMatchObject({ status: 'rejected', decisionNote: 'Not on this channel.' })
      expect(await ws.raw('approvals.approve', { approvalId: again.approval!.id, bodyHash: again.approval!.bodyHash })).toMatchObject({ ok: false, error: { message: /rejected/ } })
      expect(await ws.raw('approvals.reject', { approvalId: again.approval!.id, note: '' })).toMatchObject({ ok: false, error: { code: 'bad_input' } })
    })

    it('a second step waits for the named group', async () => {
      await ws.ok('policy.set', { rules: [{ id: 'two', when: { keywords: ['press'] }, approval: 'always', secondStep: { group: [people.kim], mode: 'any' } }] })
      const { approval } = await draftAndSubmit('A statement for the press.')
      expect(approval!.steps).toEqual([{ kind: 'supervisor' }, { kind: 'group', group: [people.kim], mode: 'any' }])
      await as(people.sam)
      const first = await ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
      expect(first).toMatchObject({ approval: { status: 'pending', step: 2 }, outboxItem: null })
      expect(await needsApproval()).toBe(1)
      await as(people.kim)
      const second = await ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
      expect(second).toMatchObject({ approval: { status: 'approved', step: 2, decidedBy: { name: 'Kim' } }, outboxItem: { state: 'queued' } })
      expect(second.approval.decisions.map((d) => [d.profile.name, d.step])).toEqual([['Sam', 1], ['Kim', 2]])
    })

    it('approvals.changed says what happened, who wrote it, who decided, and the start of the reply', async () => {
      const seen: unknown[] = []
      const stop = ws.core.events.subscribe((name, payload) => {
        if (name === 'approvals.changed') seen.push(payload)
      })
      const long = `Thanks for waiting! ${'We looked into it. '.repeat(8)}`
      const { approval } = await draftAndSubmit(long)
      const summary = seen.at(-1) as { summary: string }
      expect(seen.at(-1)).toEqual({ conversationId, approvalId: approval!.id, kind: 'submitted', authorId: people.alex, decidedBy: null, summary: expect.stringMatching(/^Thanks for waiting! We looked into it\..*…$/) })
      expect(summary.summary.length).toBeLessThanOrEqual(80)
      await as(people.sam)
      await ws.ok('approvals.requestChanges', { approvalId: approval!.id, note: 'Shorter, please.' })
      expect(seen.at(-1)).toMatchObject({ approvalId: approval!.id, kind: 'changes_requested', authorId: people.alex, decidedBy: people.sam })
      const again = await draftAndSubmit('Short\n  and sweet.')
      expect(seen.at(-1)).toMatchObject({ approvalId: again.approval!.id, kind: 'submitted', summary: 'Short and sweet.' })
      await as(people.kim)
      await ws.ok('approvals.approve', { approvalId: again.approval!.id, bodyHash: again.approval!.bodyHash })
      expect(seen.filter((e) => (e as { approvalId: string }).approvalId === again.approval!.id).map((e) => (e as { kind: string }).kind)).toContain('approved')
      expect(seen.at(-1)).toMatchObject({ kind: 'approved', decidedBy: people.kim, authorId: people.alex })
      await as(people.alex)
      await ws.ok('drafts.save', { conversationId, body: 'Something else entirely.' })
      expect(seen.at(-1)).toMatchObject({ approvalId: again.approval!.id, kind: 'voided', authorId: people.alex })
      const third = await draftAndSubmit('A third try.')
      await as(people.sam)
      await ws.ok('approvals.reject', { approvalId: third.approval!.id, note: 'No.' })
      expect(seen.at(-1)).toMatchObject({ approvalId: third.approval!.id, kind: 'rejected', decidedBy: people.sam })
      stop()
    })

    it('a reply exempt by policy goes straight to the outbox', async () => {
      await as(people.sam)
      await ws.ok('drafts.save', { conversationId, body: 'Supervisor reply.' })
      const result = await ws.ok('approvals.submit', { conversationId })
      expect(result).toMatchObject({ verdict: { required: false }, approval: null, outboxItem: { state: 'queued', approvalId: null, authorId: people.sam } })
      expect(kinds()).toEqual(['drafted', 'submitted', 'queued'])
      expect(await ws.raw('approvals.submit', { conversationId: conversationId + 99 })).toMatchObject({ ok: false })
    })
  })

  describe('what the outbox refuses to send', () => {
    const runDue = () => ws.core.outboxEngine.runDue()

    it('a voided approval and an item without approval never go out', async () => {
      const { approval } = await draftAndSubmit('Words.')
      await as(people.sam)
      const { outboxItem } = await ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
      // Something voided the approval behind the outbox's back.
      ws.core.db.prepare("UPDATE approvals SET status = 'void' WHERE id = ?").run(approval!.id)
      ws.core.db
        .prepare(
          `INSERT INTO outbox_items(id, conversation_id, channel_account_id, body, body_hash, in_reply_to, idempotency_key, state, not_before, created_at, updated_at)
           VALUES ('rogue', ?, ?, 'Never approved', ?, '9001', 'k-rogue', 'queued', 0, ?, ?)`,
        )
        .run(conversationId, accountId, replyHash('Never approved', { accountId, inReplyTo: '9001' }), ws.clock.now() + 1, ws.clock.now() + 1)
      ws.clock.advance(10_000)
      expect(await runDue()).toEqual([
        { itemId: outboxItem!.id, accountId, outcome: 'failed' },
        { itemId: 'rogue', accountId, outcome: 'failed' },
      ])
      const items = await ws.ok('outbox.list', {})
      expect(items.find((i) => i.id === outboxItem!.id)).toMatchObject({ state: 'failed', attempts: 0, lastError: /approval of this reply no longer holds/ })
      expect(items.find((i) => i.id === 'rogue')).toMatchObject({ state: 'failed', attempts: 0, lastError: /never approved/ })
      // Retrying does not help: the check runs again.
      await ws.ok('outbox.retry', { id: outboxItem!.id })
      expect((await runDue())[0]).toMatchObject({ outcome: 'failed' })
    })

    it('the text of a queued reply cannot be rewritten, and a sent or cancelled reply stays so', async () => {
      const { approval } = await draftAndSubmit('Words.')
      await as(people.sam)
      const { outboxItem } = await ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
      expect(() => ws.core.db.prepare("UPDATE outbox_items SET body = 'Other words' WHERE id = ?").run(outboxItem!.id)).toThrow(/cannot be rewritten/)
      expect(() => ws.core.db.prepare("UPDATE approvals SET body = 'Other words' WHERE id = ?").run(approval!.id)).toThrow(/without its hash/)
      await ws.ok('outbox.cancel', { id: outboxItem!.id })
      expect(await ws.raw('outbox.cancel', { id: outboxItem!.id })).toMatchObject({ ok: false, error: { code: 'conflict', message: /cancelled/ } })
      expect(() => ws.core.db.prepare("UPDATE outbox_items SET state = 'queued' WHERE id = ?").run(outboxItem!.id)).toThrow(/cannot change state/)
      expect((await ws.ok('approvals.list', { conversationId, status: 'all' }))[0]!.status).toBe('void')
      expect(await ws.ok('audit.verify', {})).toMatchObject({ ok: true })
    })

    it('removing an account with its data takes its approvals and replies along; the audit trail stays', async () => {
      const { approval } = await draftAndSubmit('Words.')
      await as(people.sam)
      await ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
      await draftAndSubmit('More words.', people.kim)
      await ws.ok('accounts.remove', { id: accountId, deleteData: true })
      const count = (table: string): number => (ws.core.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
      expect([count('approvals'), count('approval_decisions'), count('outbox_items')]).toEqual([0, 0, 0])
      expect(count('audit_events')).toBeGreaterThan(0)
      expect(await needsApproval()).toBe(0)
      expect(await ws.ok('audit.verify', {})).toMatchObject({ ok: true })
    })

    it('only the author, a supervisor or an admin may act on a reply', async () => {
      await ws.ok('policy.set', { rules: [], roleDefaults: { agent: 'never', supervisor: 'never', admin: 'never' }, undoWindowMs: 10_000 })
      await as(people.kim)
      await ws.ok('drafts.save', { conversationId, body: 'Kim replies.' })
      const { outboxItem } = await ws.ok('approvals.submit', { conversationId })
      await as(people.alex)
      expect(await ws.raw('outbox.cancel', { id: outboxItem!.id })).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
      await as(people.sam)
      expect(await ws.ok('outbox.cancel', { id: outboxItem!.id })).toMatchObject({ state: 'cancelled' })
      expect(kinds().slice(-1)).toEqual(['cancelled'])
    })
  })
})
