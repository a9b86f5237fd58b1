/**
 * The change-log triggers, written once for migration 9 (which created them) and migration 13 (which
 * lets the ingest writer log a batch itself). See 009-change-log.ts for what the change log is.
 */
import { sqlUuid } from './sql-uuid'

export interface Logged {
  table: string
  /** SQL for the entity name, with `r.` standing for old./new. */
  entity: string
  /** SQL matching the row `r` in its own table (rowid tables use rowid; WITHOUT ROWID ones their key). */
  key: string
  /** SQL for a new row's uuid when the insert gave none. */
  fill: string
}

const rowid: Pick<Logged, 'key'> = { key: 'rowid = r.rowid' }
export const logged: Logged[] = [
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

/**
 * The four triggers of one table. With `gate`, each also requires that condition (SQL), so a writer that
 * logs its own rows can switch the per-row triggers off inside its transaction.
 */
export function changeLogTriggers({ table, entity, key, fill }: Logged, gate?: string): string {
  const and = gate ? ` AND ${gate}` : ''
  const when = gate ? ` WHEN ${gate}` : ''
  return `
-- Two disjoint insert triggers, so the hot path (repositories give the uuid in the insert) is one append.
CREATE TRIGGER IF NOT EXISTS ${table}_change_insert AFTER INSERT ON ${table} WHEN new.uuid IS NOT NULL${and} BEGIN
  ${record(bind(entity, 'new'), 'new.uuid', 'insert')}
END;
-- An insert that gave no uuid gets one here (a second write of the row, part of the insert).
CREATE TRIGGER IF NOT EXISTS ${table}_change_fill AFTER INSERT ON ${table} WHEN new.uuid IS NULL BEGIN
  UPDATE ${table} SET uuid = ${fill} WHERE ${bind(key, 'new')};
  ${record(bind(entity, 'new'), `(SELECT uuid FROM ${table} WHERE ${bind(key, 'new')})`, 'insert')}
END;
-- old.uuid IS NULL only for the fill above, which is part of the insert.
CREATE TRIGGER IF NOT EXISTS ${table}_change_update AFTER UPDATE ON ${table} WHEN old.uuid IS NOT NULL${and} BEGIN
  ${record(bind(entity, 'new'), 'new.uuid', 'update')}
END;
CREATE TRIGGER IF NOT EXISTS ${table}_change_delete AFTER DELETE ON ${table}${when} BEGIN
  ${record(bind(entity, 'old'), 'old.uuid', 'delete')}
END;`
}
