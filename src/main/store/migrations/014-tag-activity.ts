/**
 * Each tagged conversation's last activity beside its tag, in tag order then newest first, so a saved
 * view with `tag:` walks one tag's conversations newest first and stops at a page, instead of collecting
 * every conversation with the tag and sorting them (linear in the workspace: 15 ms at 1M messages, 77 ms
 * at 4M, BENCHMARKS.md). Derived from conversation_tags and conversations by triggers, like view_counts:
 * no change log, nothing for the team store, and rebuilt here from what is there.
 */
export const tagActivitySchema = /* sql */ `
CREATE TABLE IF NOT EXISTS tag_activity (
  conversation_id INTEGER NOT NULL,
  tag_id INTEGER NOT NULL,
  last_activity_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tag_activity_recent ON tag_activity(tag_id, last_activity_at DESC, conversation_id DESC);

INSERT OR REPLACE INTO tag_activity(conversation_id, tag_id, last_activity_at)
  SELECT ct.conversation_id, ct.tag_id, c.last_activity_at FROM conversation_tags ct JOIN conversations c ON c.id = ct.conversation_id;

CREATE TRIGGER IF NOT EXISTS tag_activity_link AFTER INSERT ON conversation_tags BEGIN
  INSERT OR REPLACE INTO tag_activity(conversation_id, tag_id, last_activity_at)
    SELECT new.conversation_id, new.tag_id, c.last_activity_at FROM conversations c WHERE c.id = new.conversation_id;
END;
CREATE TRIGGER IF NOT EXISTS tag_activity_unlink AFTER DELETE ON conversation_tags BEGIN
  DELETE FROM tag_activity WHERE conversation_id = old.conversation_id AND tag_id = old.tag_id;
END;
CREATE TRIGGER IF NOT EXISTS tag_activity_relink AFTER UPDATE OF conversation_id, tag_id ON conversation_tags BEGIN
  DELETE FROM tag_activity WHERE conversation_id = old.conversation_id AND tag_id = old.tag_id;
  INSERT OR REPLACE INTO tag_activity(conversation_id, tag_id, last_activity_at)
    SELECT new.conversation_id, new.tag_id, c.last_activity_at FROM conversations c WHERE c.id = new.conversation_id;
END;
-- Untagged conversations (most) cost one probe of the primary key per activity change.
CREATE TRIGGER IF NOT EXISTS tag_activity_moved AFTER UPDATE OF last_activity_at ON conversations
  WHEN new.last_activity_at IS NOT old.last_activity_at BEGIN
  UPDATE tag_activity SET last_activity_at = new.last_activity_at WHERE conversation_id = new.id;
END;
CREATE TRIGGER IF NOT EXISTS tag_activity_gone AFTER DELETE ON conversations BEGIN
  DELETE FROM tag_activity WHERE conversation_id = old.id;
END;
`
