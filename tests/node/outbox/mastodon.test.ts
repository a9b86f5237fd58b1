import type { ServerResponse } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startMastodonFake, type FakeStatus, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import { sendJson, type RecordedRequest } from '../../../src/main/features/connectors/testing/fake-http'
import { mastodonApprovalWorkspace, PASSPHRASES } from '../../support/approval-workspace'
import { runCrashWorker } from '../../support/crash-worker'

type Ws = Awaited<ReturnType<typeof mastodonApprovalWorkspace>>

const isPost = (r: RecordedRequest): boolean => r.method === 'POST' && r.path === '/api/v1/statuses'

describe('the outbox against the Mastodon fake', () => {
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

  /** Alex drafts and submits, Sam approves: the reply is queued with its undo window. */
  const approvedReply = async (text: string) => {
    await ws.as(ws.people.alex)
    await ws.ok('drafts.save', { conversationId, body: text })
    const { approval } = await ws.ok('approvals.submit', { conversationId })
    await ws.as(ws.people.sam)
    const { outboxItem } = await ws.ok('approvals.approve', { approvalId: approval!.id, bodyHash: approval!.bodyHash })
    return outboxItem!
  }
  const runDue = () => ws.core.outboxEngine.runDue()
  const item = async (id: string) => (await ws.ok('outbox.list', { conversationId })).find((i) => i.id === id)!
  const auditKinds = (): string[] => (ws.core.db.prepare('SELECT kind FROM audit_events WHERE conversation_id = ? ORDER BY id').all(conversationId) as { kind: string }[]).map((r) => r.kind)

  it('an approved reply arrives exactly once, in reply to the right post, and shows in the thread with its permalink', async () => {
    const queued = await approvedReply('Yes! Test rides in Tokyo start next month 🚲')
    expect(await runDue()).toEqual([])
    ws.clock.advance(10_000)
    expect(await runDue()).toEqual([{ itemId: queued.id, accountId: ws.accountId, outcome: 'sent' }])
    const replies = ws.repliesTo(target.id)
    expect(replies).toHaveLength(1)
    expect(replies[0]!.text).toBe('@hanako@mstdn.jp Yes! Test rides in Tokyo start next month 🚲')
    const sent = await item(queued.id)
    expect(sent).toMatchObject({ state: 'sent', remoteId: replies[0]!.id, permalink: expect.stringContaining(replies[0]!.id), attempts: 1, lastError: null })
    const { messages } = await ws.ok('conversations.get', { id: conversationId })
    const out = messages.filter((m) => m.direction === 'out')
    expect(out).toEqual([expect.objectContaining({ remoteId: replies[0]!.id, permalink: sent.permalink, parentRemoteId: target.id })])
    expect(ws.core.db.prepare('SELECT profile_id AS p FROM messages WHERE remote_id = ?').get(replies[0]!.id)).toEqual({ p: ws.people.alex })
    // The draft went out, so it is gone; polling again stores the reply once.
    await ws.as(ws.people.alex)
    expect(await ws.ok('drafts.get', { conversationId })).toBeNull()
    await ws.core.sync.pollOnce([ws.accountId])
    expect((await ws.ok('conversations.get', { id: conversationId })).messages.filter((m) => m.direction === 'out')).toHaveLength(1)
    ws.clock.advance(60_000)
    expect(await runDue()).toEqual([])
    expect(fake.requests.filter(isPost)).toHaveLength(1)
    expect(auditKinds()).toEqual(['drafted', 'submitted', 'approved', 'queued', 'sending', 'sent'])
    expect(await ws.ok('audit.verify', {})).toMatchObject({ ok: true })
    expect(await ws.raw('outbox.cancel', { id: queued.id })).toMatchObject({ ok: false, error: { code: 'conflict', message: /already been sent/ } })
  })

  it('undo within the window cancels: nothing reaches the platform', async () => {
    const queued = await approvedReply('Oops, wrong thread.')
    ws.clock.advance(5_000)
    expect(await ws.ok('outbox.cancel', { id: queued.id })).toMatchObject({ state: 'cancelled' })
    ws.clock.advance(60_000)
    expect(await runDue()).toEqual([])
    expect(ws.repliesTo(target.id)).toEqual([])
    expect(fake.requests.filter(isPost)).toEqual([])
    expect((await ws.ok('approvals.list', { conversationId, status: 'all' }))[0]!.status).toBe('void')
    // The words are still the author's draft (as submitted, with the mention Mastodon needs), to fix and submit again.
    await ws.as(ws.people.alex)
    expect((await ws.ok('drafts.get', { conversationId }))?.body).toBe('@hanako@mstdn.jp Oops, wrong thread.')
  })

  it('holds the send when someone wrote in the thread since the draft, until the user releases it', async () => {
    const queued = await approvedReply('Test rides start next month.')
    fake.addMention({ from: 'ines', text: 'Same question for Lisbon!', inReplyTo: target.id })
    ws.clock.advance(10_000)
    expect(await runDue()).toEqual([{ itemId: queued.id, accountId: ws.accountId, outcome: 'held' }])
    expect(await item(queued.id)).toMatchObject({ state: 'queued', attempts: 0, holdReason: expect.stringMatching(/Someone wrote in this conversation/) })
    expect(ws.repliesTo(target.id)).toEqual([])
    ws.clock.advance(60_000)
    expect(await runDue()).toEqual([])
    const released = await ws.ok('outbox.release', { id: queued.id })
    // "Send anyway" keeps the undo window: the reply waits it out again and can still be cancelled.
    expect(released).toMatchObject({ holdReason: null, state: 'queued', notBefore: ws.clock.now() + 10_000 })
    expect(await runDue()).toEqual([])
    ws.clock.advance(9_999)
    expect(await runDue()).toEqual([])
    ws.clock.advance(1)
    expect((await runDue()).map((r) => r.outcome)).toEqual(['sent'])
    expect(ws.repliesTo(target.id)).toHaveLength(1)
    expect(auditKinds()).toContain('held')
    expect(auditKinds()).toContain('released')
  })

  it('a 5xx during send retries with the same idempotency key; the platform keeps one post', async () => {
    const queued = await approvedReply('We will check and come back to you.')
    // The instance stores the post, then fails before answering: the worst case for a retry.
    fake.inject(isPost, (req: RecordedRequest, res: ServerResponse) => {
      const body = JSON.parse(req.body) as { status: string; in_reply_to_id: string; visibility: 'public' }
      const status = fake.state.createStatus({ accountId: fake.brand.id, text: body.status, inReplyToId: body.in_reply_to_id, visibility: body.visibility }, fake.brand.id)
      fake.state.idempotency.set(`${fake.brand.id}:${String(req.headers['idempotency-key'])}`, { statusId: status.id, at: Date.now() })
      sendJson(res, 502, { error: 'Bad gateway' })
    })
    fake.inject(isPost, (_req, res) => sendJson(res, 503, { error: 'Service unavailable' }))
    ws.clock.advance(10_000)
    expect((await runDue()).map((r) => r.outcome)).toEqual(['requeued'])
    expect(await item(queued.id)).toMatchObject({ state: 'queued', attempts: 1, lastError: expect.stringMatching(/had a problem \(502\); trying again soon/) })
    ws.clock.advance(1_000)
    expect((await runDue()).map((r) => r.outcome)).toEqual(['requeued'])
    expect((await item(queued.id)).attempts).toBe(2)
    expect(await runDue()).toEqual([]) // backing off: not due yet
    ws.clock.advance(2_000)
    expect((await runDue()).map((r) => r.outcome)).toEqual(['sent'])
    const posts = fake.requests.filter(isPost)
    expect(posts).toHaveLength(3)
    expect(new Set(posts.map((p) => p.headers['idempotency-key'])).size).toBe(1)
    expect(ws.repliesTo(target.id)).toHaveLength(1)
    expect(await item(queued.id)).toMatchObject({ state: 'sent', remoteId: ws.repliesTo(target.id)[0]!.id, attempts: 3 })
  })

  it('a permanent error fails with the platform\'s message in plain words', async () => {
    // Parley refuses an over-long reply at submit now, so the platform's refusal is injected.
    const queued = await approvedReply('Thanks for your patience.')
    fake.inject(isPost, (_req, res) => sendJson(res, 422, { error: 'Validation failed: Text character limit of 500 exceeded' }))
    ws.clock.advance(10_000)
    expect((await runDue()).map((r) => r.outcome)).toEqual(['failed'])
    expect(await item(queued.id)).toMatchObject({ state: 'failed', lastError: 'Mastodon did not accept it: Text character limit of 500 exceeded.' })
    expect(ws.repliesTo(target.id)).toEqual([])
    // Dismissing a failed reply is a cancel.
    expect(await ws.ok('outbox.cancel', { id: queued.id })).toMatchObject({ state: 'cancelled' })
  })

  it('rate limited, the reply waits until the platform says and then goes out by itself', async () => {
    const queued = await approvedReply('Thanks for your patience.')
    fake.inject(isPost, (_req, res) => sendJson(res, 429, { error: 'Too many requests' }, { 'Retry-After': '30' }))
    ws.clock.advance(10_000)
    expect((await runDue()).map((r) => r.outcome)).toEqual(['requeued'])
    const waiting = await item(queued.id)
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1, lastError: expect.stringMatching(/slow down/) })
    expect(waiting.notBefore).toBeGreaterThan(ws.clock.now() + 20_000)
    expect(await runDue()).toEqual([])
    ws.clock.advance(35_000)
    expect((await runDue()).map((r) => r.outcome)).toEqual(['sent'])
    expect(ws.repliesTo(target.id)).toHaveLength(1)
    expect(new Set(fake.requests.filter(isPost).map((p) => p.headers['idempotency-key'])).size).toBe(1)
  })

  it('offline, the reply is not attempted; it goes out once the network is back', async () => {
    const queued = await approvedReply('Thanks for your patience.')
    let down = true
    fake.inject(() => down, (_req, res) => void res.destroy(), 1_000)
    ws.clock.advance(10_000)
    // The fresh read of the thread found the network gone: no attempt.
    expect((await runDue()).map((r) => r.outcome)).toEqual(['blocked'])
    ws.clock.advance(31_000)
    expect((await runDue()).map((r) => r.outcome)).toEqual(['blocked'])
    expect(await item(queued.id)).toMatchObject({ state: 'queued', attempts: 0 })
    expect(fake.requests.filter(isPost)).toEqual([])
    down = false
    // The sync engine probes and finds the network back (in the app, its 'sync.online' event wakes the outbox).
    await ws.core.sync.pollOnce([ws.accountId])
    expect((await runDue()).map((r) => r.outcome)).toEqual(['sent'])
    expect(ws.repliesTo(target.id)).toHaveLength(1)
  })

  it('a network failure during the send retries with the same key', async () => {
    const queued = await approvedReply('Back soon.')
    fake.inject(isPost, (_req, res) => void res.destroy())
    ws.clock.advance(10_000)
    expect((await runDue()).map((r) => r.outcome)).toEqual(['requeued'])
    expect(await item(queued.id)).toMatchObject({ state: 'queued', attempts: 1, lastError: expect.stringMatching(/Could not reach/) })
    ws.clock.advance(31_000)
    expect((await runDue()).map((r) => r.outcome)).toEqual(['sent'])
    expect(ws.repliesTo(target.id)).toHaveLength(1)
  })

  describe('after a crash between the attempt mark and the answer', () => {
    /** The child sends through the outbox, the post reaches the fake, and the child is killed before it records that. */
    const crashAfterPosting = async (): Promise<string> => {
      await ws.as(ws.people.me)
      await ws.ok('policy.set', { rules: [], roleDefaults: { agent: 'always', supervisor: 'never', admin: 'never' }, undoWindowMs: 0 })
      await ws.client.close()
      const run = await runCrashWorker({
        args: ['--data-dir', ws.dir, '--agent', String(ws.people.alex), '--supervisor', String(ws.people.sam), '--conversations', String(conversationId), '--stall-after-send'],
        env: { PARLEY_CRASH_TOKEN: fake.token, PARLEY_CRASH_PASSPHRASE: PASSPHRASES.sam },
        onLine: (line) => ({ kill: line === 'posted' }),
      })
      expect(run.signal, run.stderr).toBe('SIGKILL')
      expect(run.lines).toContain('posted')
      expect(ws.repliesTo(target.id)).toHaveLength(1)
      const approved = run.lines.find((l) => l.startsWith('approved '))!
      return approved.split(' ')[3]!
    }

    it('while one process is sending, another cannot open the workspace, and learns which process has it', async () => {
      await ws.as(ws.people.me)
      await ws.ok('policy.set', { rules: [], roleDefaults: { agent: 'always', supervisor: 'never', admin: 'never' }, undoWindowMs: 0 })
      await ws.client.close()
      let second = ''
      const run = await runCrashWorker({
        args: ['--data-dir', ws.dir, '--agent', String(ws.people.alex), '--supervisor', String(ws.people.sam), '--conversations', String(conversationId), '--stall-after-send'],
        env: { PARLEY_CRASH_TOKEN: fake.token, PARLEY_CRASH_PASSPHRASE: PASSPHRASES.sam },
        onLine: (line) => {
          if (line !== 'posted') return
          // This test's process is the second one: it would run the same outbox beside the first.
          try {
            ws.reopen().open()
            second = 'opened'
          } catch (error) {
            second = (error as Error).message
          }
          return { kill: true }
        },
      })
      expect(run.signal, run.stderr).toBe('SIGKILL')
      expect(second).toMatch(/"parley dev-crash-worker" \(process \d+\) is using this workspace right now\. Wait for it to finish or quit it/)
      // The kernel dropped the lock with the killed process: the workspace opens, and the reply went out once.
      const restarted = ws.reopen().open()
      try {
        await restarted.core.outboxEngine.recover()
        expect(ws.repliesTo(target.id)).toHaveLength(1)
        expect(fake.requests.filter(isPost)).toHaveLength(1)
      } finally {
        await restarted.client.close()
      }
    })

    it('reconcile finds the post at start-up: sent, and never posted twice', async () => {
      const itemId = await crashAfterPosting()
      const restarted = ws.reopen().open()
      try {
        const before = restarted.core.db.prepare('SELECT state, attempts FROM outbox_items WHERE id = ?').get(itemId)
        expect(before).toEqual({ state: 'sending', attempts: 1 })
        expect(await restarted.core.outboxEngine.recover()).toEqual([{ itemId, accountId: ws.accountId, outcome: 'sent' }])
        expect(await restarted.core.outboxEngine.runDue()).toEqual([])
        const after = (await restarted.ok('outbox.list', {})).find((i) => i.id === itemId)!
        expect(after).toMatchObject({ state: 'sent', remoteId: ws.repliesTo(target.id)[0]!.id })
        expect(ws.repliesTo(target.id)).toHaveLength(1)
        expect(fake.requests.filter(isPost)).toHaveLength(1)
        expect(await restarted.ok('audit.verify', {})).toMatchObject({ ok: true })
      } finally {
        await restarted.client.close()
      }
    })

    it('when the platform cannot be asked, the reply becomes unconfirmed and the user decides', async () => {
      const itemId = await crashAfterPosting()
      await fake.close()
      const restarted = ws.reopen().open()
      try {
        expect(await restarted.core.outboxEngine.recover()).toEqual([{ itemId, accountId: ws.accountId, outcome: 'unconfirmed' }])
        expect(await restarted.core.outboxEngine.runDue()).toEqual([])
        const unsure = (await restarted.ok('outbox.list', { states: ['unconfirmed'] }))[0]!
        expect(unsure).toMatchObject({ id: itemId, lastError: expect.stringMatching(/could not find out whether this reply reached Mastodon/) })
        // The restart opens locked: the supervisor enters the passphrase again before deciding.
        await restarted.ok('profiles.switch', { profileId: ws.people.sam, passphrase: PASSPHRASES.sam })
        expect(await restarted.raw('outbox.cancel', { id: itemId })).toMatchObject({ ok: false, error: { code: 'conflict' } })
        expect(await restarted.ok('outbox.resolveUnconfirmed', { id: itemId, resolution: 'sent' })).toMatchObject({ state: 'sent' })
        expect(await restarted.ok('audit.verify', {})).toMatchObject({ ok: true })
      } finally {
        await restarted.client.close()
      }
    })
  })
})
