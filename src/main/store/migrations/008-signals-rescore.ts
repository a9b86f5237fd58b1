/**
 * Needs-reply now covers complaints and problem reports, and sentiment is rated per language (null = not
 * rated). "Unscored" therefore means needs_reply IS NULL, and every stored inbound message is scored again
 * with the new rule by the signals backfill, which starts on its own when the worker finds unscored messages.
 */
export const signalsRescore = /* sql */ `
DROP INDEX IF EXISTS messages_unscored;
CREATE INDEX messages_unscored ON messages(id) WHERE needs_reply IS NULL AND direction = 'in';
UPDATE messages SET sentiment = NULL, needs_reply = NULL WHERE direction = 'in' AND needs_reply IS NOT NULL;
`
