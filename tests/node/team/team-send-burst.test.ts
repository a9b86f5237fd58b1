import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMastodonFake, type MastodonFake } from '../../../src/main/features/connectors/mastodon/fake-server'
import type { RecordedRequest } from '../../../src/main/features/connectors/testing/fake-http'
import { TeamService } from '../../../src/main/features/team/service'
import { startTeamServer, type RunningTeamServer } from '../../../src/main/hosts/team/http'
import type { MemberRow } from '../../../src/main/store/team-postgres/members'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { isPost, sendingLaptop, type SendingLaptop } from '../../support/team-sending-laptops'

type Laptop = SendingLaptop

const BURST = 12
const bearer = (r: RecordedRequest): string => String(r.headers.authorization ?? '').replace(/^Bearer /, '')

/**
 * A burst of approved replies in a team, on the shipped outbox options (a fresh read before a first
 * try). Mastodon allows 300 requests in five minutes per token: at two or three requests of reading
 * per reply on every laptop, the proving test's 200 replies ran through it and the rest waited for
 * the window to turn. The sending laptop reads the account once for the burst, and a laptop that
 * finds a reply sent by another asks Mastodon nothing (the post reaches it through the team's log).
 */
describe.skipIf(postgresMissing() !== null)('a team sends a burst of approved replies without reading the account per reply', () => {
  let cluster: PostgresCluster
  let service: TeamService
  let server: RunningTeamServer
  let fake: MastodonFake
  let admin: MemberRow
  const laptops: Laptop[] = []

  beforeAll(async () => {
    cluster = await startPostgres()
    service = await TeamService.open(await cluster.createDatabase('team_send_burst'))
    server = await startTeamServer({ service, host: '127.0.0.1', port: 0, allowRemote: false })
    fake = await startMastodonFake()
    admin = (await service.createTeam({ name: 'Brand support', memberId: randomUUID(), memberName: 'Ada', profile: 'ada', key: randomBytes(32) })).member
  })
  afterAll(async () => {
    for (const l of laptops) await l.cleanup()
    await fake?.close()
    await server?.close()
    await service?.close()
    await cluster?.stop()
  })

  /** A laptop joined to the team, holding the Mastodon account with a token of its own (so the fake tells the laptops apart), on the shipped outbox options. */
  async function laptop(member: 'Alex' | 'Sam', device: string): Promise<Laptop> {
    const l = await sendingLaptop({ service, serverUrl: server.url, admin, fake }, member, member === 'Sam' ? 'supervisor' : 'agent', device, { shippedOutbox: true, ownToken: `${device}-token` })
    laptops.push(l)
    return l
  }

  it('the sender reads the account once for the burst; the other laptop records the sends without asking Mastodon', async () => {
    const a = await laptop('Alex', 'laptop-a')
    const b = await laptop('Sam', 'laptop-b')
    const mentions = Array.from({ length: BURST }, (_, i) => fake.addMention({ from: 'hanako', text: `Where is my order R-${1000 + i}?` }))
    await a.core.sync.pollOnce([a.accountId])
    for (const [i, m] of mentions.entries()) {
      const conversationId = (a.core.db.prepare('SELECT conversation_id AS id FROM messages WHERE remote_id = ?').get(m.id) as { id: number }).id
      await a.ok('drafts.save', { conversationId, body: `Order R-${1000 + i} ships tomorrow.` })
      await a.ok('approvals.submit', { conversationId })
    }
    await a.core.team.syncOnce()
    await b.core.team.syncOnce()
    // B has read the account before (its cursors are set) but not lately: the burst's first reply reads it afresh.
    await b.core.sync.pollOnce([b.accountId])
    const pending = await b.ok('approvals.list', { status: 'pending', limit: 200 })
    expect(pending).toHaveLength(BURST)
    for (const x of pending) await b.ok('approvals.approve', { approvalId: x.id, bodyHash: x.bodyHash })
    // The team's rows are queued; A hears Sam's decisions and queues the replies too.
    await b.core.team.syncOnce()
    await a.core.team.syncOnce()
    for (const l of [a, b]) l.clock.advance(60_000)

    const beforeB = fake.requests.length
    expect((await b.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(Array(BURST).fill('sent'))
    const byB = fake.requests.slice(beforeB).filter((r) => bearer(r) === b.token)
    expect(byB.filter(isPost)).toHaveLength(BURST)
    // One fresh read of the account (its direct-message stream asked once), not one per reply.
    expect(byB.filter((r) => r.method === 'GET' && r.path === '/api/v1/conversations')).toHaveLength(1)
    expect(byB.filter((r) => r.method === 'GET' && r.path === '/api/v1/notifications').length).toBeLessThanOrEqual(2)
    for (const m of mentions) expect(fake.statusesPostedBy('brand').filter((s) => s.inReplyToId === m.id)).toHaveLength(1)

    // A finds each reply sent by B: recorded sent, with no request to Mastodon at all.
    const beforeA = fake.requests.length
    expect((await a.core.outboxEngine.runDue()).map((r) => r.outcome)).toEqual(Array(BURST).fill('sent'))
    // The platform's copies arrive through the team's log instead (B stored each post it made).
    await b.core.team.syncOnce()
    await a.core.team.syncOnce()
    expect(fake.requests.slice(beforeA).filter((r) => bearer(r) === a.token)).toEqual([])
    const outgoing = a.core.db.prepare("SELECT count(*) AS n FROM messages WHERE direction = 'out' AND parent_remote_id IN (SELECT value FROM json_each(?))").get(JSON.stringify(mentions.map((m) => m.id))) as { n: number }
    expect(outgoing.n).toBe(BURST)
  })
})
