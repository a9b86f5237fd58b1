/**
 * Needs-reply now covers complaints and problem reports, and sentiment is rated per language (null = not
 * rated). "Unscored" therefore means needs_reply IS NULL. A workspace that had scored messages has them
 * scored again with the new rule: the flag below makes the worker start the signals backfill once (a new
 * or never-scored workspace gets no flag, so nothing runs in the background uninvited).
 */
export const signalsRescore = /* sql */ `
DROP INDEX IF EXISTS messages_unscored;
CREATE INDEX messages_unscored ON messages(id) WHERE needs_reply IS NULL AND direction = 'in';
INSERT OR REPLACE INTO settings(key, value)
  SELECT 'signals.rescore', 'true' WHERE EXISTS (SELECT 1 FROM messages WHERE direction = 'in' AND needs_reply IS NOT NULL);
UPDATE messages SET sentiment = NULL, needs_reply = NULL WHERE direction = 'in' AND needs_reply IS NOT NULL;
`
