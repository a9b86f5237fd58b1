import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openVault } from '../../../src/main/features/vault/open-vault'
import { inProcessCore } from '../../../src/main/hosts/worker/in-process'
import { systemClock } from '../../../src/main/base/clock'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'
import { parleyCli, teamServeProcess, type CliRun, type TeamServiceProcess } from '../../support/team-processes'
import { tempDir, typed } from '../../support/workspace'

/**
 * The team set-up as people run it: `parley team serve` against a real PostgreSQL in its own
 * process, two laptops' workspaces joining it with the CLI, a change made on one reaching the other.
 */
const VAULT = 'team cli vault passphrase'

const parley = (args: string[], env: Record<string, string> = {}): Promise<CliRun> => parleyCli(args, { PARLEY_VAULT_PASSPHRASE: VAULT, ...env })
const teamServe = (db: string): Promise<TeamServiceProcess> => teamServeProcess(null, { env: { PARLEY_TEAM_DB: db } })

describe.skipIf(postgresMissing() !== null)('parley team on the command line', () => {
  let cluster: PostgresCluster
  let db: string
  let service: Awaited<ReturnType<typeof teamServe>>
  const a = tempDir('parley-team-a-')
  const b = tempDir('parley-team-b-')
  // Outside the workspaces, as a user keeps them; removed with the rest.
  const files = tempDir('parley-team-files-')
  const passA = join(files.dir, 'pass-a')
  const passB = join(files.dir, 'pass-b')

  beforeAll(async () => {
    cluster = await startPostgres()
    db = await cluster.createDatabase('team_cli')
    service = await teamServe(db)
    writeFileSync(passA, 'ada team passphrase\n', { mode: 0o600 })
    writeFileSync(passB, 'bea team passphrase\n', { mode: 0o600 })
  }, 60_000)
  afterAll(async () => {
    await service?.stop()
    await cluster?.stop()
    a.cleanup()
    b.cleanup()
    files.cleanup()
  })

  it('refuses a password in --db (it would show in the process list) and a remote address without TLS', async () => {
    const withPassword = await parley(['team', 'serve', '--db', db])
    expect(withPassword.code).toBe(2)
    expect(withPassword.stderr).toMatch(/holds a password.*--db-file FILE, or set PARLEY_TEAM_DB/s)
    const remote = await parley(['team', 'serve', '--host', '0.0.0.0'], { PARLEY_TEAM_DB: db })
    expect(remote.code).toBe(2)
    expect(remote.stderr).toMatch(/^Refusing to listen on 0\.0\.0\.0 without TLS/)
    // The connection string with its password from a file readable only by its owner.
    const file = join(files.dir, 'team-db')
    writeFileSync(file, `${db}\n`, { mode: 0o600 })
    const fromFile = await teamServeProcess(file)
    await fromFile.stop()
    expect(fromFile.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  }, 60_000)

  it('init, invite, join: two laptops in one team, a change on one reaches the other', async () => {
    const init = await parley(['team', 'init', '--server', service.url, '--name', 'Brand support', '--passphrase-file', passA, '--data-dir', a.dir, '--vault', 'file', '--device', 'laptop-a'])
    expect(init.stderr).toBe('')
    expect(init.stdout).toMatch(/^Created the team "Brand support" at http:\/\/127\.0\.0\.1:\d+; .+ is its admin\./)
    const invite = await parley(['team', 'invite', '--role', 'supervisor', '--name', 'Bea', '--data-dir', a.dir])
    expect(invite.code).toBe(0)
    const code = invite.stdout.trim()
    expect(code).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){7}$/)
    const joined = await parley(['team', 'join', '--server', service.url, '--code', code, '--passphrase-file', passB, '--data-dir', b.dir, '--vault', 'file', '--device', 'laptop-b'])
    expect(joined.stdout).toBe('Joined the team "Brand support" as Bea (supervisor).\n')
    const again = await parley(['team', 'join', '--server', service.url, '--code', code, '--passphrase-file', passB, '--data-dir', join(files.dir, 'third'), '--vault', 'file'])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/join code is unknown, already used or expired/)

    // Laptop A makes a change through the router, offline from the team until it syncs.
    const coreA = inProcessCore({ dataDir: a.dir, version: '0.0.0-test', clock: systemClock, vault: openVault({ kind: 'file', dataDir: a.dir, passphrase: VAULT }) })
    expect((await typed(coreA)('tags.create', { name: 'refund' })).ok).toBe(true)
    expect((await typed(coreA)('tags.list', {})).ok).toBe(true)
    await coreA.close()
    const waiting = JSON.parse((await parley(['team', 'status', '--json', '--data-dir', a.dir])).stdout) as { waitingToPush: number; members: { name: string }[] }
    expect(waiting.waitingToPush).toBe(1)

    expect((await parley(['team', 'sync', '--once', '--data-dir', a.dir])).stdout).toMatch(/^Shared 1 change, received \d+; the team log is at 1\./)
    expect((await parley(['team', 'sync', '--once', '--data-dir', b.dir])).stdout).toBe('Shared 0 changes, received 1; the team log is at 1.\n')
    const logB = new Database(join(b.dir, 'parley.db'), { readonly: true })
    const ops = logB.prepare('SELECT operation, input, origin, server_seq, outcome FROM team_op_log').all()
    logB.close()
    // The tag travels with the uuid A gave it, so a later rename finds it on B whatever it is called there.
    expect(ops).toEqual([{ operation: 'tags.create', input: expect.any(String), origin: 'remote', server_seq: 1, outcome: 'applied' }])
    expect(JSON.parse((ops[0] as { input: string }).input)).toEqual({ name: 'refund', color: null, tagId: expect.stringMatching(/^[0-9a-f-]{36}$/) })

    const status = JSON.parse((await parley(['team', 'status', '--json', '--data-dir', b.dir])).stdout) as Record<string, unknown>
    expect(status).toMatchObject({ joined: true, team: 'Brand support', member: 'Bea', role: 'supervisor', waitingToPush: 0, lastPulledSeq: 1, auditChain: { ok: true }, problem: null })
    expect((status.members as { name: string; role: string }[]).map((m) => m.role)).toEqual(['admin', 'supervisor'])
  }, 180_000)

  it('an admin removes a member: that laptop can no longer sync, the team keeps an admin, and only an admin removes', async () => {
    // Bea (a supervisor) may not remove anyone; nor may the last admin go.
    const notAdmin = await parley(['team', 'remove', '--name', 'Ada', '--data-dir', b.dir])
    expect(notAdmin.code).toBe(1)
    expect(notAdmin.stderr).toMatch(/Only an admin of the team may remove members\./)
    const admin = (JSON.parse((await parley(['team', 'status', '--json', '--data-dir', a.dir])).stdout) as { member: string }).member
    const lastAdmin = await parley(['team', 'remove', '--name', admin, '--data-dir', a.dir])
    expect(lastAdmin.code).toBe(1)
    expect(lastAdmin.stderr).toMatch(/is the team's last admin: invite another admin first/)
    const nobody = await parley(['team', 'remove', '--name', 'Zoe', '--data-dir', a.dir])
    expect(nobody.stderr).toMatch(/The team has no member named "Zoe"/)

    const removed = await parley(['team', 'remove', '--name', 'bea', '--data-dir', a.dir])
    expect(removed.stderr).toBe('')
    expect(removed.stdout).toMatch(/^Removed Bea \(supervisor\) from the team: their laptops can no longer sync/)
    // Bea's laptop is signed out of the team, in plain words, and keeps what it has.
    const signedOut = await parley(['team', 'sync', '--once', '--data-dir', b.dir])
    expect(signedOut.code).toBe(1)
    expect(signedOut.stderr).toMatch(/not signed in to the team \(unknown or removed member/)
    const status = JSON.parse((await parley(['team', 'status', '--json', '--data-dir', a.dir])).stdout) as { members: { name: string }[]; auditChain: { ok: boolean } }
    expect(status.members.map((m) => m.name)).toEqual([admin])
    // The removal is in the team's audit chain, which still verifies.
    expect(status.auditChain).toMatchObject({ ok: true })
    const client = new pg.Client({ connectionString: db })
    await client.connect()
    const audit = await client.query<{ action: string; detail: { name: string } }>("SELECT action, detail FROM team_audit WHERE action = 'member.removed'")
    await client.end()
    expect(audit.rows).toEqual([{ action: 'member.removed', detail: { name: 'Bea', role: 'supervisor' } }])
  }, 120_000)

  it('a laptop that cannot reach the service keeps its changes and says so', async () => {
    await service.stop()
    const offline = await parley(['team', 'sync', '--once', '--data-dir', b.dir])
    expect(offline.code).toBe(1)
    expect(offline.stderr).toMatch(/The team service at http:\/\/127\.0\.0\.1:\d+ cannot be reached\. Local changes are kept/)
  }, 60_000)
})
