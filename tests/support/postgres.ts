import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'

const run = promisify(execFile)

/** Debian's PostgreSQL 15 (package postgresql-15, pulled in by `postgresql` in scripts/setup.sh). */
const BIN = '/usr/lib/postgresql/15/bin'

/**
 * A throwaway PostgreSQL cluster in a temporary folder, started by the tests and never as a
 * service: initdb, then pg_ctl start listening on 127.0.0.1 on a free port (the unix socket in
 * the same folder). PostgreSQL refuses to run as root, so both run as the `postgres` user.
 * Loopback connections need a password (scram-sha-256), as a production cluster would.
 */
export interface PostgresCluster {
  dir: string
  port: number
  /** Connection string for the superuser on the given database (default the test database). */
  url(database?: string): string
  /** A fresh, empty database on this cluster; its connection string. */
  createDatabase(name: string): Promise<string>
  stop(): Promise<void>
}

const SUPERUSER = 'parley_test'
const PASSWORD = 'throwaway-test-password'

export function postgresMissing(): string | null {
  for (const bin of ['initdb', 'pg_ctl']) {
    if (!existsSync(join(BIN, bin))) return `${BIN}/${bin} is missing: run scripts/setup.sh to install postgresql.`
  }
  if (process.getuid?.() !== 0) return 'The team store tests start PostgreSQL as the postgres user, which needs root.'
  return null
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function asPostgres(command: string, args: string[]): Promise<void> {
  await run('runuser', ['-u', 'postgres', '--', join(BIN, command), ...args], { timeout: 60_000 })
}

export async function startPostgres(): Promise<PostgresCluster> {
  const missing = postgresMissing()
  if (missing) throw new Error(missing)
  const dir = mkdtempSync(join(tmpdir(), 'parley-pg-'))
  const data = join(dir, 'data')
  const socketDir = join(dir, 'socket')
  mkdirSync(data)
  mkdirSync(socketDir)
  // mkdtemp makes the folder 0700 for root; the postgres user must reach its data and socket inside.
  const { uid, gid } = await postgresIds()
  for (const path of [dir, data, socketDir]) chownSync(path, uid, gid)
  const pwfile = join(dir, 'pwfile')
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 })
  chownSync(pwfile, uid, gid)

  await asPostgres('initdb', [
    '-D', data, '-U', SUPERUSER, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256',
    '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions',
  ])
  rmSync(pwfile)
  const port = await freePort()
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${socketDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
  await asPostgres('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '30', 'start'])

  const url = (database = 'postgres'): string =>
    `postgres://${SUPERUSER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${database}`
  return {
    dir,
    port,
    url,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`)
      const client = new pg.Client({ connectionString: url() })
      await client.connect()
      try {
        await client.query(`CREATE DATABASE ${name}`)
      } finally {
        await client.end()
      }
      return url(name)
    },
    async stop() {
      await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run('id', ['-u', 'postgres'])
  const { stdout: gid } = await run('id', ['-g', 'postgres'])
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) }
}
