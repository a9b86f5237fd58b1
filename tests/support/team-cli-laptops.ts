import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { systemClock } from '../../src/main/base/clock'
import { openVault } from '../../src/main/features/vault/open-vault'
import { inProcessCore } from '../../src/main/hosts/worker/in-process'
import type { Role } from '../../src/shared/contract'
import { caller } from './approval-workspace'
import { startPostgres, type PostgresCluster } from './postgres'
import { parleyCli, teamServeProcess, type CliRun, type TeamServiceProcess } from './team-processes'
import { tempDir } from './workspace'

/**
 * A team set up the way people set one up from a terminal: a throwaway PostgreSQL, `parley team serve`
 * (its connection string from a file), an admin's workspace that runs `team init` and `team invite`, and
 * laptops that each `team join` with a code. Secrets go through files readable only by their owner.
 */
export const CLI_VAULT = 'team cli vault passphrase'
/** The first-run admin's passphrase on every laptop. */
export const FIRST_ADMIN = 'me-first-admin-1'

export interface CliTeam {
  cluster: PostgresCluster
  db: string
  service: TeamServiceProcess
  /** A folder for secrets and texts, outside the workspaces. */
  files: string
  /** A file holding text, readable only by its owner. */
  file(name: string, text: string): string
  /** `parley …` with the file vault's passphrase in the environment. */
  parley(args: string[]): Promise<CliRun>
  /** Creates the team on an admin's workspace and prints one code per invited person. */
  invite(people: { name: string; role: Role }[]): Promise<string[]>
  stop(): Promise<void>
}

export async function startCliTeam(database: string): Promise<CliTeam> {
  const cluster = await startPostgres()
  const db = await cluster.createDatabase(database)
  const files = tempDir('parley-team-cli-files-')
  const admin = tempDir('parley-team-cli-admin-')
  const file = (name: string, text: string): string => {
    const path = join(files.dir, name)
    writeFileSync(path, text, { mode: 0o600 })
    return path
  }
  const service = await teamServeProcess(file('team-db', `${db}\n`))
  const parley = (args: string[]): Promise<CliRun> => parleyCli(args, { PARLEY_VAULT_PASSPHRASE: CLI_VAULT })
  return {
    cluster,
    db,
    service,
    files: files.dir,
    file,
    parley,
    async invite(people) {
      const init = await parley(['team', 'init', '--server', service.url, '--name', 'Brand support', '--passphrase-file', file('pass-admin', 'admin team passphrase\n'), '--data-dir', admin.dir, '--vault', 'file', '--device', 'admin-laptop'])
      if (init.code !== 0) throw new Error(`team init failed: ${init.stderr}`)
      const codes: string[] = []
      for (const p of people) {
        const invite = await parley(['team', 'invite', '--role', p.role, '--name', p.name, '--data-dir', admin.dir])
        if (invite.code !== 0) throw new Error(`team invite failed: ${invite.stderr}`)
        codes.push(invite.stdout.trim())
      }
      return codes
    },
    async stop() {
      await service.stop()
      await cluster.stop()
      files.cleanup()
      admin.cleanup()
    },
  }
}

export interface CliLaptopPerson {
  name: string
  role: Role
  /** Needed for a supervisor or admin. */
  passphrase?: string
  /** This laptop's token for the shared Mastodon account (the fake tells laptops apart by it). */
  token: string
}

/**
 * First run on a fresh laptop, as its admin "Me" does it once in the app: no undo window (an approved
 * reply is due at once), the Mastodon account connected, the person's profile added and chosen. Then
 * the person joins the team with the CLI. Returns the data folder.
 */
export async function setUpCliLaptop(team: CliTeam, person: CliLaptopPerson, code: string, mastodonUrl: string, device: string): Promise<string> {
  const dir = join(team.files, device)
  const client = inProcessCore({ dataDir: dir, version: '0.0.0-test', clock: systemClock, vault: openVault({ kind: 'file', dataDir: dir, passphrase: CLI_VAULT }) })
  const { ok } = caller(client)
  try {
    const me = await ok('profiles.current', {})
    await ok('profiles.setPassphrase', { profileId: me.id, passphrase: FIRST_ADMIN })
    await ok('policy.set', { ...(await ok('policy.get', {})), undoWindowMs: 0 })
    await ok('accounts.add', { platform: 'mastodon', fields: { instance: mastodonUrl, token: person.token } })
    const created = await ok('profiles.create', { name: person.name, role: person.role, ...(person.passphrase ? { passphrase: person.passphrase } : {}) })
    await ok('profiles.switch', { profileId: created.id, ...(person.passphrase ? { passphrase: person.passphrase } : {}) })
  } finally {
    await client.close()
  }
  const joined = await team.parley(['team', 'join', '--server', team.service.url, '--code', code, '--passphrase-file', team.file(`team-pass-${device}`, `${person.name} team passphrase\n`), '--data-dir', dir, '--vault', 'file', '--device', device])
  if (joined.code !== 0) throw new Error(`team join on ${device} failed: ${joined.stderr}`)
  return dir
}
