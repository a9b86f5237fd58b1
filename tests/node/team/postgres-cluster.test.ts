import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresMissing, startPostgres, type PostgresCluster } from '../../support/postgres'

describe.skipIf(postgresMissing() !== null)('the throwaway PostgreSQL cluster', () => {
  let cluster: PostgresCluster
  beforeAll(async () => {
    cluster = await startPostgres()
  })
  afterAll(async () => {
    await cluster?.stop()
  })

  it('answers on loopback with a password, in a database of its own', async () => {
    const url = await cluster.createDatabase('cluster_probe')
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const { rows } = await client.query<{ v: string; db: string }>('SELECT current_setting($1) AS v, current_database() AS db', ['server_version_num'])
    await client.end()
    expect(Number(rows[0]!.v)).toBeGreaterThanOrEqual(150000)
    expect(rows[0]!.db).toBe('cluster_probe')
  })

  it('refuses a wrong password', async () => {
    const client = new pg.Client({ connectionString: cluster.url().replace('throwaway-test-password', 'wrong') })
    await expect(client.connect()).rejects.toThrow(/password authentication failed/)
  })
})
