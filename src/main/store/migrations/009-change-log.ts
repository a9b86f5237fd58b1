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
import { sqlUuid } from './sql-uuid'

interface Logged {
  table: string
  /** SQL for the entity name, with `r.` standing for old./new. */
  entity: string
  /** SQL matching the row `r` in its own table (rowid tables use rowid; WITHOUT ROWID ones their key). */
  key: string
  /** SQL for a new row's uuid when the insert gave none. */
  fill: string
}

const rowid: Pick<Logged, 'key'> = { key: 'rowid = r.rowid' }
const logged: Logged[] = [
  { table: 'conversations', entity: "'conversation'", ...rowid, fill: sqlUuid },
  { table: 'messages', entity: "CASE r.direction WHEN 'note' THEN 'note' ELSE 'message' END", ...rowid, fill: sqlUuid },
  { table: 'contacts', entity: "'contact'", ...rowid, fill: sqlUuid },
  { table: 'identities', entity: "'identity'", ...rowid, fill: sqlUuid },
  { table: 'drafts', entity: "'draft'", key: 'conversation_id = r.conversation_id AND profile_id = r.profile_id', fill: sqlUuid },
  { table: 'approvals', entity: "'approval'", ...rowid, fill: 'new.id' },
  { table: 'outbox_items', entity: "'outbox_item'", ...rowid, fill: 'new.id' },
  { table: 'tags', entity: "'tag'", ...rowid, fill: sqlUuid },
  { table: 'conversation_tags', entity: "'conversation_tag'", key: 'conversation_id = r.conversation_id AND tag_id = r.tag_id', fill: sqlUuid },
]

const bind = (sql: string, row: 'old' | 'new'): string => sql.replaceAll('r.', `${row}.`)

function record(entity: string, uuid: string, op: 'insert' | 'update' | 'delete'): string {
  return `INSERT INTO change_log(entity, entity_uuid, op, hlc, profile_uid, at)
    SELECT ${entity}, ${uuid}, '${op}', hlc, profile_uid, at FROM change_context WHERE id = 1;`
}

function changeLogFor({ table, entity, key, fill }: Logged, hasUuid: boolean): string {
  // Existing rows of approvals and outbox items take their id; everything else a fresh random uuid.
  const backfill = fill === 'new.id' ? 'id' : fill
  return `
${hasUuid ? '' : `ALTER TABLE ${table} ADD COLUMN uuid TEXT;`}
UPDATE ${table} SET uuid = ${backfill} WHERE uuid IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS ${table}_uuid ON ${table}(uuid);
-- Two disjoint insert triggers, so the hot path (repositories give the uuid in the insert) is one append.
CREATE TRIGGER IF NOT EXISTS ${table}_change_insert AFTER INSERT ON ${table} WHEN new.uuid IS NOT NULL BEGIN
  ${record(bind(entity, 'new'), 'new.uuid', 'insert')}
END;
-- An insert that gave no uuid gets one here (a second write of the row, part of the insert).
CREATE TRIGGER IF NOT EXISTS ${table}_change_fill AFTER INSERT ON ${table} WHEN new.uuid IS NULL BEGIN
  UPDATE ${table} SET uuid = ${fill} WHERE ${bind(key, 'new')};
  ${record(bind(entity, 'new'), `(SELECT uuid FROM ${table} WHERE ${bind(key, 'new')})`, 'insert')}
END;
-- old.uuid IS NULL only for the fill above, which is part of the insert.
CREATE TRIGGER IF NOT EXISTS ${table}_change_update AFTER UPDATE ON ${table} WHEN old.uuid IS NOT NULL BEGIN
  ${record(bind(entity, 'new'), 'new.uuid', 'update')}
END;
CREATE TRIGGER IF NOT EXISTS ${table}_change_delete AFTER DELETE ON ${table} BEGIN
  ${record(bind(entity, 'old'), 'old.uuid', 'delete')}
END;`
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

const hasColumn = (db: Db, table: string, column: string): boolean =>
  (db.pragma(`table_info(${table})`) as { name: string }[]).some((c) => c.name === column)
