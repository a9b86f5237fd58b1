import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MemberRow } from '../../../src/main/store/team-postgres/members'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { openTestTeam, type TestTeam } from '../../support/team-store'

describe.skipIf(postgresMissing() !== null)('poll leases: one laptop polls each stream at a time', () => {
  let cluster: PostgresCluster
  let team: TestTeam
  let bea: MemberRow
  let cai: MemberRow

  beforeAll(async () => {
    cluster = await startPostgres()
    team = await openTestTeam(cluster, 'leases')
    bea = await team.join('Bea', 'supervisor')
    cai = await team.join('Cai', 'agent')
  })
  afterAll(async () => {
    await team?.service.close()
    await cluster?.stop()
  })

  const stream = { channelAccount: 'acct-1', stream: 'mentions' }
  const db = () => (team.service as unknown as { pool: import('pg').Pool }).pool

  it('the holder keeps and renews its lease; another laptop is told who holds it', async () => {
    const first = await team.service.claimPollLease(bea, { ...stream, device: 'B', ttlMs: 60_000 })
    expect(first).toMatchObject({ granted: true, lease: { holder: bea.id, device: 'B', fence: 1 } })
    const other = await team.service.claimPollLease(cai, { ...stream, device: 'C', ttlMs: 60_000 })
    expect(other).toMatchObject({ granted: false, lease: { holder: bea.id, device: 'B' } })
    const renewed = await team.service.claimPollLease(bea, { ...stream, device: 'B', ttlMs: 60_000 })
    expect(renewed).toMatchObject({ granted: true, lease: { fence: 1 } })
    // Another stream of the same account is a separate lease.
    expect((await team.service.claimPollLease(cai, { channelAccount: 'acct-1', stream: 'dms', device: 'C', ttlMs: 60_000 })).granted).toBe(true)
    expect((await team.service.pollLeases(bea)).map((l) => `${l.stream}:${l.device}`)).toEqual(['dms:C', 'mentions:B'])
  })

  it('when the holder goes quiet another laptop takes over after the lease expires, with a higher fence', async () => {
    // The lease ran out (moved back in the database rather than waited for).
    await db().query("UPDATE team_poll_leases SET expires_at = now() - interval '1 second' WHERE channel_account = 'acct-1' AND stream = 'mentions'")
    const taken = await team.service.claimPollLease(cai, { ...stream, device: 'C', ttlMs: 60_000 })
    expect(taken).toMatchObject({ granted: true, lease: { holder: cai.id, device: 'C', fence: 2 } })
    expect((await team.service.claimPollLease(bea, { ...stream, device: 'B', ttlMs: 60_000 })).granted).toBe(false)
  })

  it('a released lease is free at once', async () => {
    await team.service.releasePollLease(cai, { ...stream, device: 'C' })
    expect(await team.service.claimPollLease(bea, { ...stream, device: 'B', ttlMs: 60_000 })).toMatchObject({ granted: true, lease: { fence: 3 } })
  })
})
