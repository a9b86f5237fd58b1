/**
 * The weekly summary reads every message of a week: on the 1M benchmark workspace a busy week is
 * 235,000 rows. With every column its queries read in the index, they never touch the table rows
 * (BENCHMARKS.md, weekly summary). Replaces migration 006's narrower messages_created.
 */
export const reportIndex = /* sql */ `
DROP INDEX IF EXISTS messages_created;
CREATE INDEX messages_created ON messages(
  created_at, direction, is_context, needs_reply, sentiment, channel_account_id, conversation_id, profile_id, identity_id
);
`
