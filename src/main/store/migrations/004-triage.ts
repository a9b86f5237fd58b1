/**
 * Triage: the Pending and Snoozed built-in views. 001's triggers already count 'snoozed';
 * these add 'pending' the same way (kept exact by triggers, seeded once from the table), plus one
 * partial index per new view whose WHERE matches the list query word for word.
 */
export const triageSchema = /* sql */ `
CREATE INDEX conv_view_pending ON conversations(last_activity_at DESC, id DESC) WHERE status = 'pending';
CREATE INDEX conv_view_snoozed ON conversations(last_activity_at DESC, id DESC) WHERE status = 'snoozed';

INSERT INTO view_counts(key, n) SELECT 'pending', COUNT(*) FROM conversations WHERE status = 'pending'
  ON CONFLICT(key) DO UPDATE SET n = excluded.n;

CREATE TRIGGER conversations_pending_insert AFTER INSERT ON conversations WHEN new.status = 'pending' BEGIN
  UPDATE view_counts SET n = n + 1 WHERE key = 'pending';
END;
CREATE TRIGGER conversations_pending_delete AFTER DELETE ON conversations WHEN old.status = 'pending' BEGIN
  UPDATE view_counts SET n = n - 1 WHERE key = 'pending';
END;
CREATE TRIGGER conversations_pending_update AFTER UPDATE OF status ON conversations
WHEN (old.status = 'pending') <> (new.status = 'pending') BEGIN
  UPDATE view_counts SET n = n + (CASE WHEN new.status = 'pending' THEN 1 ELSE -1 END) WHERE key = 'pending';
END;
`
