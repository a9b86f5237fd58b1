/**
 * The team store's local side. team_op_log holds every team-relevant operation this laptop made
 * (origin 'local', server_seq NULL until pushed) and those pulled from the team (origin 'remote'),
 * so a laptop works offline and shares later. team_membership is the one team this workspace has
 * joined; the member's key is in the vault, never here. IF NOT EXISTS: safe to run again on a
 * workspace whose version was wound back (as the upgrade tests do).
 */
export const teamOpLogSchema = /* sql */ `
CREATE TABLE IF NOT EXISTS team_membership (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  server_url TEXT NOT NULL,
  team_id TEXT NOT NULL,
  team_name TEXT NOT NULL,
  member_id TEXT NOT NULL,
  member_name TEXT NOT NULL,
  role TEXT NOT NULL,
  profile TEXT NOT NULL,
  device TEXT NOT NULL,
  last_pulled_seq INTEGER NOT NULL DEFAULT 0,
  last_sync_at INTEGER,
  last_sync_problem TEXT,
  joined_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS team_op_log (
  id TEXT PRIMARY KEY,
  hlc TEXT NOT NULL,
  profile TEXT NOT NULL,
  operation TEXT NOT NULL,
  input TEXT NOT NULL,
  entities TEXT NOT NULL DEFAULT '[]',
  base_seq INTEGER NOT NULL DEFAULT 0,
  origin TEXT NOT NULL CHECK (origin IN ('local', 'remote')),
  member_id TEXT,
  server_seq INTEGER UNIQUE,
  outcome TEXT,
  message TEXT,
  recorded_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS team_op_log_unpushed ON team_op_log(origin) WHERE server_seq IS NULL;
`
