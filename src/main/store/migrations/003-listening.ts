/**
 * Listening (tracked topics), per-message signals (sentiment, needs reply) and what rules did.
 * Reports read these columns too. The listening work may add tables here until it ships.
 */
export const listeningSchema = /* sql */ `
ALTER TABLE messages ADD COLUMN sentiment TEXT CHECK (sentiment IN ('negative','neutral','positive'));
ALTER TABLE messages ADD COLUMN needs_reply INTEGER;

CREATE TABLE topics (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  query TEXT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
-- One row per topic and message: an alert fires once per item even when it is polled twice.
CREATE TABLE topic_matches (
  topic_id INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
  message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  matched_at INTEGER NOT NULL,
  PRIMARY KEY (topic_id, message_id)
) WITHOUT ROWID;
CREATE INDEX topic_matches_time ON topic_matches(matched_at);
`
