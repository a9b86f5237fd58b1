import { afterAll, beforeAll } from 'vitest'
import { TeamService } from '../../src/main/features/team/service'
import { startTeamServer, type RunningTeamServer } from '../../src/main/hosts/team/http'
import { startPostgres, type PostgresCluster } from './postgres'

/** A throwaway PostgreSQL, the team service on a database of it, and the service's HTTP server on loopback. */
export interface SuiteTeamServer {
  readonly cluster: PostgresCluster
  readonly service: TeamService
  readonly server: RunningTeamServer
}

/**
 * Starts them for the calling describe block (beforeAll) and stops them after it (afterAll); the
 * parts are read once the block's tests run.
 */
export function teamServerForSuite(database: string): SuiteTeamServer {
  let cluster: PostgresCluster | undefined
  let service: TeamService | undefined
  let server: RunningTeamServer | undefined
  beforeAll(async () => {
    cluster = await startPostgres()
    service = await TeamService.open(await cluster.createDatabase(database))
    server = await startTeamServer({ service, host: '127.0.0.1', port: 0, allowRemote: false })
  })
  afterAll(async () => {
    await server?.close()
    await service?.close()
    await cluster?.stop()
  })
  return {
    get cluster() {
      return cluster!
    },
    get service() {
      return service!
    },
    get server() {
      return server!
    },
  }
}
