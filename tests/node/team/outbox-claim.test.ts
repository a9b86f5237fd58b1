import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { textHash } from '../../../src/main/features/team/apply'
import type { MemberRow } from '../../../src/main/store/team-postgres/members'
import { claimOutboxItem, type ClaimedOutboxItem } from '../../../src/main/store/team-postgres/leases'
import { sendOneFromTeamQueue, type TeamOutboxApi, type TeamSender } from '../../../src/main/features/team/team-outbox'
import type { ReconcileResult } from '../../../src/main/model/connector'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { op, openTestTeam, type TestTeam } from '../../support/team-store'

/** A platform that keeps one post per idempotency key it was sent with, and can be asked about a key. */
class PlatformPosts implements TeamSender {
  readonly posts: { key: string; text: string; by: string }[] = []
  constructor(private readonly by: string, private readonly shared: PlatformPosts['posts'] = []) {
    this.posts = shared
  }
  async send(item: ClaimedOutboxItem): Promise<{ remoteId: string }> {
    this.posts.push({ key: item.idempotencyKey, text: item.text, by: this.by })
    return { remoteId: `post-${this.posts.length}` }
  }
  async reconcile(item: ClaimedOutboxItem): Promise<ReconcileResult> {
    const i = this.posts.findIndex((p) => p.key === item.idempotencyKey)
    return i < 0 ? { state: 'not_sent' } : { state: 'sent', remoteId: `post-${i + 1}`, permalink: null }
  }
}

describe.skipIf(postgresMissing() !== null)('sending exactly once from the shared outbox', () => {
  let cluster: PostgresCluster
  let team: TestTeam
  let agent: MemberRow
  let bea: MemberRow
  let cai: MemberRow

  beforeAll(async () => {
    cluster = await startPostgres()
    team = await openTestTeam(cluster, 'outbox')
    agent = await team.join('Dan', 'agent')
    bea = await team.join('Bea', 'supervisor')
    cai = await team.join('Cai', 'supervisor')
  })
  afterAll(async () => {
    await team?.service.close()
    await cluster?.stop()
  })

  const db = () => (team.service as unknown as { pool: import('pg').Pool }).pool
  const api = (m: MemberRow): TeamOutboxApi => ({
    claim: (c) => team.service.claimOutboxItem(m, c),
    markSent: (s) => team.service.markOutboxSent(m, s),
    release: (r) => team.service.releaseOutboxItem(m, r),
  })
  const options = { device: 'laptop', leaseMs: 60_000, sendTimeoutMs: 30_000, retryInMs: 0 }

  async function approved(channelAccount: string, text = `Reply ${randomUUID()}`): Promise<string> {
    const approvalId = randomUUID()
    await team.service.push(agent, [op(agent, 'approvals.submit', { approvalId, conversationId: randomUUID(), channelAccount, text })])
    const [r] = await team.service.push(bea, [op(bea, 'approvals.approve', { approvalId, textHash: textHash(text) })])
    expect(r!.outcome).toBe('applied')
    return (await team.service.outboxByApproval(bea, approvalId))!.id
  }
  /** The lease ran out (the holder vanished): moved back in the database rather than waited for. */
  const expireLease = (id: string) => db().query("UPDATE team_outbox SET lease_expires_at = now() - interval '1 second' WHERE id = $1", [id])

  it('two laptops claiming at once never take the same item, and each item is sent once', async () => {
    const ids = new Set<string>()
    for (let i = 0; i < 12; i++) ids.add(await approved('acct-race'))
    const posts: PlatformPosts['posts'] = []
    const laptop = async (m: MemberRow, name: string) => {
      const sender = new PlatformPosts(name, posts)
      const outcomes = []
      for (;;) {
        const o = await sendOneFromTeamQueue(api(m), sender, { ...options, device: name, channelAccounts: ['acct-race'] })
        if (o.kind === 'idle') return outcomes
        outcomes.push(o)
      }
    }
    const [b, c] = await Promise.all([laptop(bea, 'B'), laptop(cai, 'C')])
    expect([...b, ...c].every((o) => o.kind === 'sent')).toBe(true)
    expect(new Set([...b, ...c].map((o) => 'id' in o && o.id))).toEqual(ids)
    expect(posts).toHaveLength(12)
    expect(new Set(posts.map((p) => p.key)).size).toBe(12)
    const { rows } = await db().query("SELECT count(*)::int AS n FROM team_outbox WHERE channel_account = 'acct-race' AND state = 'sent'")
    expect(rows[0].n).toBe(12)
  })

  it('a claim skips a row another laptop is claiming instead of waiting for it or taking it too', async () => {
    const first = await approved('acct-locked')
    const second = await approved('acct-locked')
    const x = await db().connect()
    const y = await db().connect()
    try {
      // Laptop X's claim is caught mid-transaction, holding its row.
      await x.query('BEGIN')
      const claimX = await claimOutboxItem(x, team.admin.teamId, { channelAccounts: ['acct-locked'], holder: bea.id, device: 'X', leaseMs: 60_000 })
      const claimY = claimOutboxItem(y, team.admin.teamId, { channelAccounts: ['acct-locked'], holder: cai.id, device: 'Y', leaseMs: 60_000 })
      // Y either answers (skipping X's row) or blocks on X's lock; only once one of these has happened does X commit.
      let settled = false
      void claimY.finally(() => (settled = true))
      const pid = (y as unknown as { processID: number }).processID
      for (;;) {
        if (settled) break
        const { rows } = await db().query("SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1", [pid])
        if (rows[0]?.wait_event_type === 'Lock') break
        await new Promise((r) => setImmediate(r))
      }
      const waited = !settled
      await x.query('COMMIT')
      const ySettled = (await claimY)?.id
      expect(waited).toBe(false)
      expect(new Set([claimX?.id, ySettled])).toEqual(new Set([first, second]))
    } finally {
      await x.query('ROLLBACK').catch(() => undefined)
      x.release()
      y.release()
    }
  })

  it('only a laptop holding the account claims its sends', async () => {
    const id = await approved('acct-only-on-c')
    const sender = new PlatformPosts('B')
    expect(await sendOneFromTeamQueue(api(bea), sender, { ...options, channelAccounts: ['acct-other'] })).toEqual({ kind: 'idle' })
    expect(await sendOneFromTeamQueue(api(cai), sender, { ...options, channelAccounts: ['acct-only-on-c'] })).toMatchObject({ kind: 'sent', id })
  })

  it('a takeover of an expired sending item reconciles first: the post is recorded, not sent again', async () => {
    const id = await approved('acct-crash')
    const posts: PlatformPosts['posts'] = []
    // B claims and posts, then dies before mark-sent.
    const claimB = await team.service.claimOutboxItem(bea, { channelAccounts: ['acct-crash'], device: 'B', leaseMs: 60_000 })
    await new PlatformPosts('B', posts).send(claimB!)
    await expireLease(id)
    const taken = await sendOneFromTeamQueue(api(cai), new PlatformPosts('C', posts), { ...options, device: 'C', channelAccounts: ['acct-crash'] })
    expect(taken).toEqual({ kind: 'reconciled', id, remoteId: 'post-1' })
    expect(posts).toHaveLength(1)
    // B comes back and tries to mark its old claim: the fence has moved on.
    expect(await team.service.markOutboxSent(bea, { id, fence: claimB!.fence, remoteId: 'post-1' })).toBe(false)
    expect(await team.service.outboxItem(bea, id)).toMatchObject({ state: 'sent', remoteId: 'post-1', fence: claimB!.fence + 1 })
  })

  it('without reconcile-on-takeover the same scenario posts twice (what the rule prevents)', async () => {
    const id = await approved('acct-crash-2')
    const posts: PlatformPosts['posts'] = []
    const claimB = await team.service.claimOutboxItem(bea, { channelAccounts: ['acct-crash-2'], device: 'B', leaseMs: 60_000 })
    await new PlatformPosts('B', posts).send(claimB!)
    await expireLease(id)
    const taken = await sendOneFromTeamQueue(api(cai), new PlatformPosts('C', posts), { ...options, device: 'C', channelAccounts: ['acct-crash-2'], reconcileOnTakeover: false })
    expect(taken.kind).toBe('sent')
    expect(posts.map((p) => p.key)).toEqual([claimB!.idempotencyKey, claimB!.idempotencyKey])
  })

  it('a send that timed out is reconciled by whoever claims it next, even after a release', async () => {
    const id = await approved('acct-timeout')
    const posts: PlatformPosts['posts'] = []
    // The platform took the post but the answer never came back in time.
    const slow: TeamSender = {
      send: async (item, signal) => {
        posts.push({ key: item.idempotencyKey, text: item.text, by: 'B' })
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('timed out'))))
      },
      reconcile: async () => ({ state: 'unknown' }),
    }
    const first = await sendOneFromTeamQueue(api(bea), slow, { ...options, device: 'B', sendTimeoutMs: 50, channelAccounts: ['acct-timeout'] })
    expect(first).toMatchObject({ kind: 'retry', id })
    const second = await sendOneFromTeamQueue(api(cai), new PlatformPosts('C', posts), { ...options, device: 'C', channelAccounts: ['acct-timeout'] })
    expect(second).toMatchObject({ kind: 'reconciled', id })
    expect(posts).toHaveLength(1)
  })

  it('a live lease is not taken over, and a cut-off laptop sends nothing', async () => {
    const id = await approved('acct-live')
    const claimB = await team.service.claimOutboxItem(bea, { channelAccounts: ['acct-live'], device: 'B', leaseMs: 60_000 })
    expect(claimB?.id).toBe(id)
    expect(await team.service.claimOutboxItem(cai, { channelAccounts: ['acct-live'], device: 'C', leaseMs: 60_000 })).toBeNull()
    const offline: TeamOutboxApi = {
      claim: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1')
      },
      markSent: async () => false,
      release: async () => false,
    }
    const posts: PlatformPosts['posts'] = []
    await expect(sendOneFromTeamQueue(offline, new PlatformPosts('C', posts), { ...options, channelAccounts: ['acct-live'] })).rejects.toThrow(/ECONNREFUSED/)
    expect(posts).toEqual([])
  })

  it('the idempotency key is minted once at approval and audited with the send', async () => {
    const id = await approved('acct-audit')
    const { rows } = await db().query('SELECT idempotency_key FROM team_outbox WHERE id = $1', [id])
    const chain = await team.service.auditChain(bea)
    const approval = chain.find((e) => (e.detail as { outboxId?: string }).outboxId === id)!
    expect(approval).toMatchObject({ action: 'approval.approved', detail: { idempotencyKey: rows[0].idempotency_key } })
    await sendOneFromTeamQueue(api(cai), new PlatformPosts('C'), { ...options, channelAccounts: ['acct-audit'] })
    const after = await team.service.auditChain(bea)
    expect(after.at(-1)).toMatchObject({ action: 'outbox.sent', memberId: cai.id, detail: { outboxId: id } })
  })

  it('a laptop takes back its own unexpired lease on the reply it asks for, as a takeover; nobody else can, nor a general claim', async () => {
    const approvalId = randomUUID()
    const text = `Reply ${randomUUID()}`
    await team.service.push(agent, [op(agent, 'approvals.submit', { approvalId, conversationId: randomUUID(), channelAccount: 'acct-own', text })])
    await team.service.push(bea, [op(bea, 'approvals.approve', { approvalId, textHash: textHash(text) })])
    const claim = (m: MemberRow, device: string, targeted = true) => team.service.claimOutboxItem(m, { channelAccounts: ['acct-own'], device, leaseMs: 60_000, ...(targeted ? { approvalId } : {}) })
    const first = await claim(bea, 'laptop-b')
    expect(first).toMatchObject({ fence: 1, takeover: false })
    // The lease has not run out: another member, the same member on another device, and an untargeted claim get nothing.
    expect(await claim(cai, 'laptop-c')).toBeNull()
    expect(await claim(bea, 'laptop-x')).toBeNull()
    expect(await claim(bea, 'laptop-b', false)).toBeNull()
    // B's claim answer was lost, or B restarted: B asks for its reply again and gets it back as a takeover (ask the platform first).
    const again = await claim(bea, 'laptop-b')
    expect(again).toMatchObject({ id: first!.id, fence: 2, takeover: true, idempotencyKey: first!.idempotencyKey })
    // The first claim's fence is dead: only the newest holder marks it sent.
    expect(await team.service.markOutboxSent(bea, { id: first!.id, fence: 1, remoteId: 'late' })).toBe(false)
    expect(await team.service.markOutboxSent(bea, { id: first!.id, fence: 2, remoteId: 'post-1' })).toBe(true)
    expect(await claim(bea, 'laptop-b')).toBeNull()
  })

  it('a removed member signs in no more, and its send and poll leases pass to the others at once, as a takeover', async () => {
    const eve = await team.join('Eve', 'supervisor')
    const id = await approved('mastodon|https://m.example|@brand-removal')
    const held = await team.service.claimOutboxItem(eve, { channelAccounts: ['mastodon|https://m.example|@brand-removal'], device: 'laptop-e', leaseMs: 600_000 })
    expect(held?.id).toBe(id)
    expect((await team.service.claimPollLease(eve, { channelAccount: 'mastodon|https://m.example|@brand-removal', stream: 'mentions', device: 'laptop-e', ttlMs: 600_000 })).granted).toBe(true)
    await expect(team.service.removeMember(bea, 'Eve')).rejects.toThrow(/Only an admin of the team may remove members/)

    expect(await team.service.removeMember(team.admin, 'eve')).toMatchObject({ name: 'Eve', role: 'supervisor' })
    expect(await team.service.authenticate(eve.id, Buffer.alloc(32, 0))).toBeNull()
    expect((await team.service.members(team.admin)).map((m) => m.name)).not.toContain('Eve')
    // Eve's lease on the reply ran out with her: Cai takes it over (and asks the platform first), not after ten minutes.
    const taken = await team.service.claimOutboxItem(cai, { channelAccounts: ['mastodon|https://m.example|@brand-removal'], device: 'laptop-c', leaseMs: 60_000 })
    expect(taken).toMatchObject({ id, takeover: true, fence: held!.fence + 1 })
    expect((await team.service.claimPollLease(cai, { channelAccount: 'mastodon|https://m.example|@brand-removal', stream: 'mentions', device: 'laptop-c', ttlMs: 60_000 })).granted).toBe(true)
    await expect(team.service.removeMember(team.admin, 'Eve')).rejects.toThrow(/no member named "Eve"/)
  })
})
