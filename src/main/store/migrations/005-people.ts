/**
 * People and working-surface tables: saved views, contact merges (so an un-merge can restore
 * exactly what a merge moved) and canned replies.
 */
export const peopleSchema = /* sql */ `
CREATE TABLE saved_views (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  position INTEGER NOT NULL,
  created_by INTEGER REFERENCES profiles(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX saved_views_position ON saved_views(position, id);

-- One row per merge; identity_ids and conversation_ids are what the merge moved from source to target.
CREATE TABLE contact_merges (
  id INTEGER PRIMARY KEY,
  target_id INTEGER NOT NULL REFERENCES contacts(id),
  source_id INTEGER NOT NULL REFERENCES contacts(id),
  identity_ids TEXT NOT NULL,
  conversation_ids TEXT NOT NULL,
  merged_by INTEGER REFERENCES profiles(id),
  merged_at INTEGER NOT NULL,
  unmerged_by INTEGER REFERENCES profiles(id),
  unmerged_at INTEGER
);
CREATE INDEX contact_merges_target ON contact_merges(target_id, id);
CREATE INDEX contact_merges_source ON contact_merges(source_id, id);
CREATE INDEX contacts_name ON contacts(display_name COLLATE NOCASE);

CREATE TABLE canned_replies (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
`
