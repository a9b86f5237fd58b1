import type { Db } from '../database'
import { hasColumn } from './has-column'

/**
 * What the team store's laptop side needs to apply the team's ops here. team_members caches the
 * team's member list (names and roles, for acting as a remote member through the domain code and for
 * Settings → Team). team_op_log.applied_at marks a pulled op as applied to this workspace (in the
 * same transaction as its change, so a crash neither skips nor repeats it); apply_problem says in
 * plain words why an op could not be applied here. Written for the schema found, so running it again
 * changes nothing.
 */
export const teamApply = (db: Db): string => /* sql */ `
CREATE TABLE IF NOT EXISTS team_members (
  member_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  profile TEXT NOT NULL,
  role TEXT NOT NULL
);
${hasColumn(db, 'team_op_log', 'applied_at') ? '' : 'ALTER TABLE team_op_log ADD COLUMN applied_at INTEGER;'}
${hasColumn(db, 'team_op_log', 'apply_problem') ? '' : 'ALTER TABLE team_op_log ADD COLUMN apply_problem TEXT;'}
CREATE INDEX IF NOT EXISTS team_op_log_to_apply ON team_op_log(server_seq) WHERE applied_at IS NULL AND server_seq IS NOT NULL;
`
