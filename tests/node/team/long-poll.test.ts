import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TeamClient } from '../../../src/main/features/team/client'
import { TeamService } from '../../../src/main/features/team/service'
import { startTeamServer, type RunningTeamServer } from '../../../src/main/hosts/team/http'
import type { MemberRow } from '../../../src/main/store/team-postgres/members'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { op, openTestTeam, testKey, type TestTeam } from '../../support/team-store'

/** `GET /v1/ops?wait=`: a pull that waits for the team's next op, woken through PostgreSQL LISTEN/NOTIFY. */
describe.skipIf(postgresMissing() !== null)('long-poll pulls', () => {
  let cluster: PostgresCluster
  let team: TestTeam
  let other: TeamService
  let bea: MemberRow
  let server: RunningTeamServer
  let beaClient: TeamClient

  beforeAll(async () => {
    cluster = await startPostgres()
    team = await openTestTeam(cluster, 'longpoll')
    bea = await team.join('Bea', 'supervisor')
    // A second service instance on the same database, as behind a load balancer.
    other = await TeamService.open(team.url)
    server = await startTeamServer({ service: other, host: '127.0.0.1', port: 0, allowRemote: false, log: () => undefined })
    beaClient = new TeamClient(server.url, bea.id, testKey(2))
  })
  afterAll(async () => {
    await server?.close()
    await other?.close()
    await team?.service.close()
    await cluster?.stop()
  })

  it('answers as soon as an op commits through another service instance', async () => {
    const after = (await other.pull(bea, 0, 1)).lastSeq
    const started = performance.now()
    const waiting = beaClient.waitForOps(after, 100, 20)
    await new Promise((r) => setTimeout(r, 300))
    const [pushed] = await team.service.push(team.admin, [op(team.admin, 'tags.create', { name: 'refund' })])
    const answer = await waiting
    const tookMs = performance.now() - started
    expect(answer.ops.map((o) => o.seq)).toEqual([pushed!.seq])
    // Woken by the notification, not by the end of the 20 s wait.
    expect(tookMs).toBeLessThan(3_000)
    expect(tookMs).toBeGreaterThanOrEqual(300)
  })

  it('answers at once when there is already something newer, and empty when the wait ends', async () => {
    const started = performance.now()
    expect((await beaClient.waitForOps(0, 1, 20)).ops).toHaveLength(1)
    // Far below the 20 s it would wait: the bound only tells "at once" from "at the end of the wait" on a busy machine.
    expect(performance.now() - started).toBeLessThan(5_000)
    const last = (await other.pull(bea, 0, 1)).lastSeq
    const quiet = performance.now()
    const answer = await beaClient.waitForOps(last, 10, 1)
    expect(answer).toEqual({ ops: [], lastSeq: last })
    expect(performance.now() - quiet).toBeGreaterThanOrEqual(900)
  })

  it('stops waiting when the laptop hangs up, and refuses a wait that is not a number', async () => {
    const last = (await other.pull(bea, 0, 1)).lastSeq
    const abort = new AbortController()
    const waiting = beaClient.waitForOps(last, 10, 30, abort.signal)
    await new Promise((r) => setTimeout(r, 200))
    const waiters = (other as unknown as { waiters: { byTeam: Map<string, Set<unknown>> } }).waiters.byTeam
    expect(waiters.get(bea.teamId)?.size).toBe(1)
    abort.abort()
    await expect(waiting).rejects.toThrow(/cannot be reached/)
    await expect.poll(() => waiters.get(bea.teamId)?.size ?? 0).toBe(0)
    const res = await fetch(`${server.url}/v1/ops?after=0&wait=soon`, { headers: { Authorization: `Bearer ${bea.id}.${testKey(2).toString('base64url')}` } })
    expect(res.status).toBe(400)
  })
})

/** A laptop against a service from before long-polls: `wait` is ignored, the empty answer comes at once. */
describe('a service without long-polls', () => {
  let server: Server
  let base: string
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ ok: true, value: { ops: [], lastSeq: 7 } }))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('is answered at once; the workspace reads that as "go back to rounds"', async () => {
    const client = new TeamClient(base, randomUUID(), testKey(9))
    const started = performance.now()
    expect(await client.waitForOps(7, 1, 25)).toEqual({ ops: [], lastSeq: 7 })
    expect(performance.now() - started).toBeLessThan(5_000)
  })
})
