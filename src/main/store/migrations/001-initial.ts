/**
 * Initial schema. Chosen for a million messages: integer keys, conversation
 * rows denormalised for the list, partial indexes per built-in view, counts
 * maintained by triggers, FTS5 as an external-content table.
 */
export const initialSchema = /* sql */ `
CREATE TABLE profiles (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('agent','supervisor','admin')),
  passphrase_hash TEXT,
  created_at INTEGER NOT NULL
);

CREATE TABLE channel_accounts (
  id INTEGER PRIMARY KEY,
  -- Stable random id: names the account's keychain entries, survives id reuse.
  uid TEXT NOT NULL UNIQUE,
  platform TEXT NOT NULL,
  display_name TEXT NOT NULL,
  handle TEXT NOT NULL,
  base_url TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','paused','needs_reconnect','removed')),
  status_message TEXT,
  auth_failures INTEGER NOT NULL DEFAULT 0,
  is_demo INTEGER NOT NULL DEFAULT 0,
  settings TEXT NOT NULL DEFAULT '{}',
  -- Names of the secrets kept in the vault for this account (never the values).
  secret_names TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  UNIQUE (platform, base_url, handle)
);

CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  merged_into INTEGER REFERENCES contacts(id),
  created_at INTEGER NOT NULL
);

-- One identity per person per channel account (Chatwoot's contact_inboxes).
CREATE TABLE identities (
  id INTEGER PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts(id),
  channel_account_id INTEGER NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  remote_id TEXT NOT NULL,
  handle TEXT NOT NULL,
  display_name TEXT NOT NULL,
  avatar_url TEXT,
  profile_url TEXT,
  UNIQUE (channel_account_id, remote_id)
);
CREATE INDEX identities_contact ON identities(contact_id);

CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  channel_account_id INTEGER NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  conversation_key TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('dm','comment','mention','feed')),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','pending','snoozed','done')),
  snoozed_until INTEGER,
  assignee_id INTEGER REFERENCES profiles(id),
  contact_id INTEGER REFERENCES contacts(id),
  subject TEXT,
  author_name TEXT NOT NULL DEFAULT '',
  author_handle TEXT NOT NULL DEFAULT '',
  preview TEXT NOT NULL DEFAULT '',
  unread INTEGER NOT NULL DEFAULT 1,
  message_count INTEGER NOT NULL DEFAULT 0,
  waiting_since INTEGER,
  first_reply_at INTEGER,
  last_activity_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (channel_account_id, conversation_key)
);
CREATE INDEX conv_view_inbox ON conversations(last_activity_at DESC, id DESC)
  WHERE status IN ('open','pending');
CREATE INDEX conv_view_unassigned ON conversations(last_activity_at DESC, id DESC)
  WHERE status IN ('open','pending') AND assignee_id IS NULL;
CREATE INDEX conv_view_assignee ON conversations(assignee_id, last_activity_at DESC, id DESC)
  WHERE status IN ('open','pending');
CREATE INDEX conv_view_done ON conversations(last_activity_at DESC, id DESC)
  WHERE status = 'done';
CREATE INDEX conv_account ON conversations(channel_account_id, last_activity_at DESC, id DESC);
CREATE INDEX conv_snoozed ON conversations(snoozed_until) WHERE status = 'snoozed';
CREATE INDEX conv_contact ON conversations(contact_id);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  channel_account_id INTEGER NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  remote_id TEXT,
  parent_remote_id TEXT,
  direction TEXT NOT NULL CHECK (direction IN ('in','out','note','activity')),
  identity_id INTEGER REFERENCES identities(id),
  profile_id INTEGER REFERENCES profiles(id),
  author_name TEXT NOT NULL,
  author_handle TEXT NOT NULL DEFAULT '',
  author_profile_url TEXT,
  -- A feed entry's title or an e-mail's subject: searchable with the text.
  subject TEXT,
  text TEXT NOT NULL,
  html TEXT,
  is_context INTEGER NOT NULL DEFAULT 0,
  permalink TEXT,
  created_at INTEGER NOT NULL,
  edited_at INTEGER,
  deleted_at INTEGER,
  raw TEXT
);
-- Upsert key: polling again never duplicates. Local notes and activity have no remote id.
CREATE UNIQUE INDEX messages_remote ON messages(channel_account_id, remote_id) WHERE remote_id IS NOT NULL;
CREATE INDEX messages_conversation ON messages(conversation_id, created_at);

CREATE VIRTUAL TABLE messages_fts USING fts5(
  text, author_name, subject,
  content='messages', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts(rowid, text, author_name, subject) VALUES (new.id, new.text, new.author_name, new.subject);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, text, author_name, subject) VALUES ('delete', old.id, old.text, old.author_name, old.subject);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF text, author_name, subject ON messages
WHEN old.text IS NOT new.text OR old.author_name IS NOT new.author_name OR old.subject IS NOT new.subject BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, text, author_name, subject) VALUES ('delete', old.id, old.text, old.author_name, old.subject);
  INSERT INTO messages_fts(rowid, text, author_name, subject) VALUES (new.id, new.text, new.author_name, new.subject);
END;

CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  color TEXT NOT NULL DEFAULT '#7c8594'
);
CREATE TABLE conversation_tags (
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (conversation_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX conversation_tags_tag ON conversation_tags(tag_id, conversation_id);

-- One draft per conversation per profile.
CREATE TABLE drafts (
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  profile_id INTEGER NOT NULL REFERENCES profiles(id),
  body TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, profile_id)
) WITHOUT ROWID;

-- Stable text ids so approval records can later sync between laptops.
CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES profiles(id),
  body TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','approved','changes_requested','rejected','void')),
  decided_by INTEGER REFERENCES profiles(id),
  decision_note TEXT,
  created_at INTEGER NOT NULL,
  decided_at INTEGER
);
CREATE INDEX approvals_pending ON approvals(created_at) WHERE status = 'pending';

CREATE TABLE outbox_items (
  id TEXT PRIMARY KEY,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  channel_account_id INTEGER NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  approval_id TEXT REFERENCES approvals(id),
  kind TEXT NOT NULL DEFAULT 'reply',
  body TEXT NOT NULL,
  in_reply_to TEXT,
  idempotency_key TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('queued','sending','sent','failed','unconfirmed','cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before INTEGER NOT NULL,
  remote_id TEXT,
  permalink TEXT,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX outbox_due ON outbox_items(not_before) WHERE state = 'queued';

-- Append-only, hash-chained.
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  profile_id INTEGER REFERENCES profiles(id),
  conversation_id INTEGER,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_conversation ON audit_events(conversation_id, id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;

-- One row per channel account and stream: the cursor plus the health the Channels screen shows.
CREATE TABLE sync_cursors (
  channel_account_id INTEGER NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  stream TEXT NOT NULL,
  cursor TEXT,
  updated_at INTEGER NOT NULL,
  next_poll_at INTEGER NOT NULL DEFAULT 0,
  last_attempt_at INTEGER,
  last_success_at INTEGER,
  last_fetched INTEGER NOT NULL DEFAULT 0,
  total_fetched INTEGER NOT NULL DEFAULT 0,
  error_count INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  last_error_at INTEGER,
  cooldown_until INTEGER,
  gap_at INTEGER,
  PRIMARY KEY (channel_account_id, stream)
) WITHOUT ROWID;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Sidebar counts, maintained by triggers so they are read, never recounted.
CREATE TABLE view_counts (
  key TEXT PRIMARY KEY,
  n INTEGER NOT NULL
) WITHOUT ROWID;
`
