/**
 * The change log: the seam a team store replicates. Every replicated entity gets a stable `uuid` beside
 * its integer key, and every insert, update and delete of one of its rows appends exactly one
 * change_log row (entity, uuid, operation, hybrid logical clock stamp, profile). Triggers write it, so
 * no code path can forget; they read the stamp and the profile from the one-row change_context, which
 * the unit of work sets at the start of each transaction. A rolled-back transaction takes its rows with it.
 *
 * Approvals and outbox items already have random text ids: their uuid is that id. Notes are messages
 * with direction 'note' and are logged as entity 'note'. Tagging a conversation is a conversation_tag row.
 * Each statement's write of a row is one change row: two writes of one row in a transaction are two
 * rows with the same stamp (a replica keeps the last). A write outside the unit of work carries the
 * stamp of the last transaction that set the context.
 */
import type { Db } from '../database'
import { changeLogTriggers, logged, type Logged } from './change-log-triggers'
import { hasColumn } from './has-column'

function changeLogFor(table: Logged, hasUuid: boolean): string {
  // Existing rows of approvals and outbox items take their id; everything else a fresh random uuid.
  const backfill = table.fill === 'new.id' ? 'id' : table.fill
  return `
${hasUuid ? '' : `ALTER TABLE ${table.table} ADD COLUMN uuid TEXT;`}
UPDATE ${table.table} SET uuid = ${backfill} WHERE uuid IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS ${table.table}_uuid ON ${table.table}(uuid);
${changeLogTriggers(table)}`
}

/**
 * Written for the schema found, so running it again over its own result (a workspace whose version was
 * set back) changes nothing: SQLite has no ADD COLUMN IF NOT EXISTS.
 */
export const changeLog = (db: Db): string => /* sql */ `
CREATE TABLE IF NOT EXISTS change_log (
  seq INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  entity_uuid TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('insert','update','delete')),
  hlc TEXT NOT NULL,
  profile_uid TEXT,
  at INTEGER NOT NULL
);
-- What the transaction being written stands for: set by the unit of work, read by the triggers.
CREATE TABLE IF NOT EXISTS change_context (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  hlc TEXT NOT NULL,
  profile_uid TEXT,
  at INTEGER NOT NULL
);
INSERT OR IGNORE INTO change_context(id, hlc, profile_uid, at) VALUES (1, '000000000000000-000000', NULL, 0);
${logged.map((l) => changeLogFor(l, hasColumn(db, l.table, 'uuid'))).join('\n')}
`
