import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { ParleyError } from '../../../../shared/contract'
import { TeamService } from '../../../features/team/service'
import { startTeamServer, checkTeamBind } from '../../team/http'
import { parsePort, portProblem } from '../port'
import { err, out, UsageError } from '../output'

/** Secrets never travel in argv: a connection string with a password must come from a file or the environment. */
export function connectionString(flag: string | undefined, file: string | undefined, env: string | undefined): string {
  if (flag !== undefined && file !== undefined) throw new UsageError('Give the database with --db or --db-file, not both.')
  let text = flag
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8').split(/\r?\n/)[0]!.trim()
    } catch (error) {
      throw new ParleyError('unavailable', `The connection string file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`)
    }
  }
  text ??= env?.trim() || undefined
  if (!text) throw new UsageError('Name the PostgreSQL database: --db postgres://USER@HOST/DB, --db-file FILE or PARLEY_TEAM_DB.')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError('The database must be a connection string such as postgres://parley@db.example.com/parley.')
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new UsageError(`The database must be a postgres:// connection string, not ${url.protocol}//…`)
  if (flag !== undefined && (url.password || url.searchParams.has('password'))) {
    throw new UsageError(
      'The connection string in --db holds a password, which other users of this machine could read in the process list. ' +
        'Put it in a file readable only by you and pass --db-file FILE, or set PARLEY_TEAM_DB.',
    )
  }
  return text
}

export async function teamServe(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      'db-file': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      'allow-remote': { type: 'boolean', default: false },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
    },
    strict: true,
  })
  const port = parsePort(values.port)
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) throw new UsageError('Give both --tls-cert and --tls-key, or neither.')
  // Refuse an unsafe address before connecting to anything.
  checkTeamBind(values.host, values['allow-remote'], values['tls-cert'] !== undefined)
  const db = connectionString(values.db, values['db-file'], process.env.PARLEY_TEAM_DB)
  const tls = values['tls-cert'] !== undefined ? { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']!) } : undefined

  const service = await TeamService.open(db).catch((error: unknown) => {
    throw new ParleyError('unavailable', `The team database cannot be reached or prepared: ${(error as Error).message}`)
  })
  try {
    const server = await startTeamServer({ service, host: values.host, port, allowRemote: values['allow-remote'], ...(tls ? { tls } : {}) }).catch((error: unknown) => {
      throw portProblem(error, values.host, port) ?? error
    })
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    out(`Parley team service is ready at ${server.url}`)
    await stopped
    err('Stopping the team service…')
    await server.close()
    return 0
  } finally {
    await service.close()
  }
}
