import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemClock } from '../../../src/main/base/clock'
import type { Timers } from '../../../src/main/base/timers'
import { TeamService } from '../../../src/main/features/team/service'
import { TeamSyncSchedule } from '../../../src/main/features/team/team-schedule'
import { openVault } from '../../../src/main/features/vault/open-vault'
import { startTeamServer, type RunningTeamServer } from '../../../src/main/hosts/team/http'
import { inProcessCore } from '../../../src/main/hosts/worker/in-process'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { tempDir, typed } from '../../support/workspace'

/** Timers the test fires by hand: the schedule's next round runs when the test says so. */
class HandTimers implements Timers {
  pending: (() => void)[] = []
  set(fn: () => void): unknown {
    this.pending.push(fn)
    return fn
  }
  clear(handle: unknown): void {
    this.pending = this.pending.filter((f) => f !== handle)
  }
  fire(): void {
    const due = this.pending
    this.pending = []
    for (const fn of due) fn()
  }
}

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

  it('pushes a change on one laptop and pulls it on the other, round after round', async () => {
    const coreA = open(a.dir)
    const coreB = open(b.dir)
    try {
      await coreA.core.team.init({ serverUrl: server.url, teamName: 'Brand', memberName: 'Ada', profile: coreA.core.profiles.currentProfile().name, passphrase: 'ada pass' })
      const code = await coreA.core.team.invite('supervisor', 'Bea')
      await coreB.core.team.join({ serverUrl: server.url, code, profile: coreB.core.profiles.currentProfile().name, passphrase: 'bea pass' })
      const timersA = new HandTimers()
      const timersB = new HandTimers()
      const scheduleA = new TeamSyncSchedule(coreA.core.team, timersA)
      const scheduleB = new TeamSyncSchedule(coreB.core.team, timersB)
      scheduleA.start()
      scheduleB.start()

      expect((await typed(coreA)('tags.create', { name: 'refund' })).ok).toBe(true)
      expect(coreA.core.team.status().unpushed).toBe(1)
      const round = async (t: HandTimers, s: TeamSyncSchedule) => {
        t.fire()
        await (s as unknown as { running: Promise<void> | null }).running
      }
      await round(timersA, scheduleA)
      expect(coreA.core.team.status().unpushed).toBe(0)
      await round(timersB, scheduleB)
      expect(coreB.core.team.status().membership?.lastPulledSeq).toBe(1)
      // The next round is scheduled again after each one.
      expect(timersA.pending).toHaveLength(1)

      // An op the team store decides against stays visible on the laptop that made it.
      const profile = coreB.core.profiles.currentProfile().name
      coreB.core.team.record('notes.add', { noteId: '8f1c2f7e-0b7a-4d8e-9d2a-4b1e6c3a9f00', conversationId: '1d2c3b4a-5e6f-4a8b-9c0d-112233445566', body: 'first' }, () => profile)
      coreB.core.team.record('notes.add', { noteId: '8f1c2f7e-0b7a-4d8e-9d2a-4b1e6c3a9f00', conversationId: '1d2c3b4a-5e6f-4a8b-9c0d-112233445566', body: 'rewritten' }, () => profile)
      await round(timersB, scheduleB)
      expect(coreB.core.team.status().contested).toEqual([
        { operation: 'notes.add', outcome: 'rejected', message: 'That note already exists; notes are never changed, add a new one instead.' },
      ])
      await scheduleA.stop()
      await scheduleB.stop()
      expect(timersA.pending).toHaveLength(0)
    } finally {
      await coreA.close()
      await coreB.close()
    }
  })
})
