import type { Pool } from 'pg'
import { teamMigrations } from './migrations'

/**
 * Brings the team store's schema up to date. Several sync services may start against one database
 * at once: a transaction-scoped advisory lock makes them take turns, and each migration commits
 * with its version so a crash midway leaves a clean, resumable state.
 */
export async function migrateTeamStore(pool: Pool): Promise<number> {
  const client = await pool.connect()
  try {
    let applied = 0
    for (const migration of teamMigrations) {
      await client.query('BEGIN')
      try {
        await client.query("SELECT pg_advisory_xact_lock(hashtext('parley team schema'))")
        // Inside the lock: two services creating it at once would collide on the catalog.
        await client.query(
          'CREATE TABLE IF NOT EXISTS team_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
        )
        const done = await client.query('SELECT 1 FROM team_schema WHERE version = $1', [migration.version])
        if (done.rowCount === 0) {
          await client.query(migration.sql)
          await client.query('INSERT INTO team_schema(version, name) VALUES ($1, $2)', [migration.version, migration.name])
          applied++
        }
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
    }
    return applied
  } finally {
    client.release()
  }
}
