import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../../src/main/base/clock'
import { realTimers } from '../../../src/main/base/timers'
import { TeamService } from '../../../src/main/features/team/service'
import { TeamSyncSchedule } from '../../../src/main/features/team/team-schedule'
import { openVault } from '../../../src/main/features/vault/open-vault'
import { startTeamServer, type RunningTeamServer } from '../../../src/main/hosts/team/http'
import { inProcessCore } from '../../../src/main/hosts/worker/in-process'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { tempDir, typed } from '../../support/workspace'

/** Far longer than the test's deadlines, so a change can only travel by the push and the long-poll. */
const ROUND_MS = 600_000

describe.skipIf(postgresMissing() !== null)('a joined workspace syncs by itself while Parley runs', () => {
  let cluster: PostgresCluster
  let service: TeamService
  let server: RunningTeamServer
  const a = tempDir('parley-team-sched-a-')
  const b = tempDir('parley-team-sched-b-')
  const open = (dir: string) => inProcessCore({ dataDir: dir, version: '0.0.0-test', clock: systemClock, vault: openVault({ kind: 'file', dataDir: dir, passphrase: 'schedule test vault' }) })

  beforeAll(async () => {
    cluster = await startPostgres()
    service = await TeamService.open(await cluster.createDatabase('team_schedule'))
    server = await startTeamServer({ service, host: '127.0.0.1', port: 0, allowRemote: false })
  })
  afterAll(async () => {
    await server?.close()
    await service?.close()
    await cluster?.stop()
    a.cleanup()
    b.cleanup()
  })

  it('pushes a change at once and the other laptop, long-polling, has it without waiting for a round; stop ends the long-poll', async () => {
    const coreA = open(a.dir)
    const coreB = open(b.dir)
    try {
      await coreA.core.team.init({ serverUrl: server.url, teamName: 'Brand', memberName: 'Ada', profile: coreA.core.profiles.currentProfile().name, passphrase: 'ada pass' })
      const code = await coreA.core.team.invite('supervisor', 'Bea')
      await coreB.core.team.join({ serverUrl: server.url, code, profile: coreB.core.profiles.currentProfile().name, passphrase: 'bea pass' })
      // Real timers and rounds ten minutes apart: only the push after a change and the long-poll can bring it over.
      // How fast that is belongs to the bench (team visibility p95); here the deadline only has to be far below the round.
      const scheduleA = new TeamSyncSchedule(coreA.core.team, realTimers, ROUND_MS)
      const scheduleB = new TeamSyncSchedule(coreB.core.team, realTimers, ROUND_MS)
      scheduleA.start()
      scheduleB.start()
      await expect.poll(() => coreB.core.team.status().membership?.lastSyncAt ?? null).not.toBeNull()
      await expect.poll(() => coreA.core.team.status().membership?.lastSyncAt ?? null).not.toBeNull()
      await new Promise((r) => setTimeout(r, 200))

      for (const name of ['refund', 'shipping', 'warranty']) {
        expect((await typed(coreA)('tags.create', { name })).ok).toBe(true)
        await expect.poll(() => coreB.core.db.prepare('SELECT count(*) AS n FROM tags WHERE name = ?').get(name), { timeout: 20_000, interval: 20 }).toEqual({ n: 1 })
        expect(coreA.core.team.status().unpushed).toBe(0)
      }

      // An op the team store decides against stays visible on the laptop that made it.
      const profile = coreB.core.profiles.currentProfile().name
      coreB.core.team.record('notes.add', { noteId: '8f1c2f7e-0b7a-4d8e-9d2a-4b1e6c3a9f00', conversationId: '1d2c3b4a-5e6f-4a8b-9c0d-112233445566', body: 'first' }, () => profile)
      coreB.core.team.record('notes.add', { noteId: '8f1c2f7e-0b7a-4d8e-9d2a-4b1e6c3a9f00', conversationId: '1d2c3b4a-5e6f-4a8b-9c0d-112233445566', body: 'rewritten' }, () => profile)
      await expect.poll(() => coreB.core.team.status().contested).toEqual([
        { operation: 'notes.add', outcome: 'rejected', message: 'That note already exists; notes are never changed, add a new one instead.' },
      ])

      // Both laptops hold a long-poll open; stopping does not wait for it to run out.
      const waiters = (service as unknown as { waiters: { byTeam: Map<string, Set<unknown>> } }).waiters.byTeam
      await expect.poll(() => [...waiters.values()].reduce((n, set) => n + set.size, 0)).toBe(2)
      const stopping = performance.now()
      await Promise.all([scheduleA.stop(), scheduleB.stop()])
      // Well under the 25 s the long-poll would otherwise hold.
      expect(performance.now() - stopping).toBeLessThan(5_000)
      await expect.poll(() => [...waiters.values()].reduce((n, set) => n + set.size, 0)).toBe(0)
    } finally {
      await coreA.close()
      await coreB.close()
    }
  }, 90_000)
})
