import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MemberRow } from '../../../src/main/store/team-postgres/members'
import { TeamService } from '../../../src/main/features/team/service'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { op, testKey } from '../../support/team-store'

/** Several sync services on one database: nothing relies on a service's own state. */
describe.skipIf(postgresMissing() !== null)('several sync services against one PostgreSQL', () => {
  let cluster: PostgresCluster
  let services: TeamService[] = []

  beforeAll(async () => {
    cluster = await startPostgres()
  })
  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()))
    await cluster?.stop()
  })

  it('migrate the schema once when they start together, and number ops without gaps or repeats', async () => {
    const url = await cluster.createDatabase('team_several')
    services = await Promise.all([TeamService.open(url), TeamService.open(url), TeamService.open(url)])
    const [one, two, three] = services as [TeamService, TeamService, TeamService]
    const { member: admin } = await one.createTeam({ name: 'Brand', memberId: randomUUID(), memberName: 'Ada', profile: 'ada', key: testKey(1) })
    const joinVia = async (s: TeamService, name: string, n: number): Promise<MemberRow> =>
      (await s.join({ code: await one.invite(admin, 'agent', name), memberId: randomUUID(), profile: name, key: testKey(n) })).member
    const members = [admin, await joinVia(two, 'bea', 2), await joinVia(three, 'cai', 3)]

    // Each member pushes through its own service at the same time, one op per push.
    await Promise.all(
      members.map(async (m, i) => {
        for (let k = 0; k < 25; k++) await services[i]!.push(m, [op(m, 'tags.create', { name: `${m.profile}-${k}` })])
      }),
    )
    const { ops, lastSeq } = await two.pull(admin, 0, 5_000)
    expect(lastSeq).toBe(75)
    expect(ops.map((o) => o.seq)).toEqual(Array.from({ length: 75 }, (_, i) => i + 1))
    // Each member's ops keep the order they were pushed in.
    for (const m of members) {
      const names = ops.filter((o) => o.memberId === m.id).map((o) => (o.input as { name: string }).name)
      expect(names).toEqual(Array.from({ length: 25 }, (_, k) => `${m.profile}-${k}`))
    }
    const pool = (one as unknown as { pool: import('pg').Pool }).pool
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM team_schema')
    expect(rows[0].n).toBe(1)
  })
})
