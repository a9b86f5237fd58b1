/**
 * Listening (tracked topics), per-message signals (sentiment, needs reply), rules and what they did,
 * spam marks, and moderation actions in the outbox. Reports read messages.sentiment, messages.needs_reply,
 * topic_matches and activity rows with a ruleId. The listening work may add tables here until it ships.
 */
export const listeningSchema = /* sql */ `
ALTER TABLE messages ADD COLUMN sentiment TEXT CHECK (sentiment IN ('negative','neutral','positive'));
ALTER TABLE messages ADD COLUMN needs_reply INTEGER;
-- The latest inbound message's signals, for the list row's mark without a per-row subquery.
ALTER TABLE conversations ADD COLUMN sentiment TEXT;
ALTER TABLE conversations ADD COLUMN needs_reply INTEGER;
-- Backfill finds unscored inbound messages without scanning the rest.
CREATE INDEX messages_unscored ON messages(id) WHERE sentiment IS NULL AND direction = 'in';

CREATE TABLE topics (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  query TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
-- Desktop notification per new match (the badge and digest count matches either way).
ALTER TABLE topics ADD COLUMN alert INTEGER NOT NULL DEFAULT 1;
-- One row per topic and message: an alert fires once per item even when it is polled twice.
CREATE TABLE topic_matches (
  topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  matched_at INTEGER NOT NULL,
  PRIMARY KEY (topic_id, message_id)
) WITHOUT ROWID;
CREATE INDEX topic_matches_time ON topic_matches(matched_at);

-- Every matching enabled rule applies, in position order (the user sees and changes it).
CREATE TABLE rules (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  position INTEGER NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 0,
  conditions TEXT NOT NULL DEFAULT '{}',
  actions TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- A rule runs once per message, however often the message is polled.
CREATE TABLE rule_runs (
  rule_id INTEGER NOT NULL REFERENCES rules(id) ON DELETE CASCADE,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  PRIMARY KEY (rule_id, message_id)
) WITHOUT ROWID;
-- What each rule did, for the timeline, undo and reports. rule_id stays when the rule is deleted.
CREATE TABLE rule_actions (
  id INTEGER PRIMARY KEY,
  rule_id INTEGER NOT NULL,
  rule_name TEXT NOT NULL,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
  action TEXT NOT NULL,
  -- Previous values an undo restores (local actions only), or the outbox item of a platform action.
  undo TEXT,
  outbox_item_id TEXT,
  activity_message_id INTEGER,
  at INTEGER NOT NULL,
  undone_at INTEGER
);
CREATE INDEX rule_actions_conversation ON rule_actions(conversation_id, at);
CREATE INDEX rule_actions_rule ON rule_actions(rule_id, at);

-- Spam: the signals seen on a message, and conversations marked as spam (by a person or a rule).
CREATE TABLE spam_signals (
  message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  score INTEGER NOT NULL,
  reasons TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX spam_signals_conversation ON spam_signals(conversation_id);
-- Text fingerprints (links, handles and numbers removed) to see the same words across conversations.
CREATE TABLE spam_signals_prints (
  print TEXT NOT NULL,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  conversation_id INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX spam_signals_prints_lookup ON spam_signals_prints(print, at);
CREATE TABLE spam_marks (
  conversation_id INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
  rule_id INTEGER,
  profile_id INTEGER REFERENCES profiles(id),
  at INTEGER NOT NULL
);

-- Platform moderation (hide, delete, block) rides the outbox: kind 'moderation', the action as JSON.
ALTER TABLE outbox_items ADD COLUMN action TEXT;
`
