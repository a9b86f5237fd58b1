import type { Db } from '../database'
import { hasColumn } from './has-column'
import { sqlUuid } from './sql-uuid'

/**
 * A stable uuid for the team's lists that have no natural key that survives a rename: canned replies,
 * saved views, rules, listening topics, and contact merges (an un-merge names the merge it undoes).
 * A laptop's integer ids differ from every other laptop's; a name changes with a rename, so an edit
 * made on one laptop while another renamed the row would find nothing. The uuid is given by the
 * laptop that made the row and taken by every laptop that applies its op. These rows are not in the
 * change log (nothing replicates them row by row): the team ops name them by this uuid. A row
 * inserted without one gets a fresh one from the trigger. Written for the schema found, so running
 * it again changes nothing.
 */
const tables = ['canned_replies', 'saved_views', 'rules', 'topics', 'contact_merges'] as const

export const sharedUuids = (db: Db): string =>
  tables
    .map(
      (t) => /* sql */ `
${hasColumn(db, t, 'uuid') ? '' : `ALTER TABLE ${t} ADD COLUMN uuid TEXT;`}
UPDATE ${t} SET uuid = ${sqlUuid} WHERE uuid IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS ${t}_uuid ON ${t}(uuid);
CREATE TRIGGER IF NOT EXISTS ${t}_uuid_fill AFTER INSERT ON ${t} WHEN new.uuid IS NULL BEGIN
  UPDATE ${t} SET uuid = ${sqlUuid} WHERE rowid = new.rowid;
END;`,
    )
    .join('\n')
