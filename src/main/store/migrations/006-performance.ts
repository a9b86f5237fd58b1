/**
 * Indexes measured on the 1M-message benchmark workspace (BENCHMARKS.md): each one turns a scan of
 * every conversation or message into an index probe for saved views, from: and the weekly summary.
 */
export const performanceIndexes = /* sql */ `
-- Saved views order by last activity with arbitrary filters; the per-view partial indexes only serve their exact WHERE.
CREATE INDEX conv_recent ON conversations(last_activity_at DESC, id DESC);
-- from: goes identities -> messages, the brand's accounts -> outbound messages, teammates -> their messages.
CREATE INDEX messages_identity ON messages(identity_id, conversation_id) WHERE identity_id IS NOT NULL;
CREATE INDEX messages_outbound ON messages(channel_account_id, conversation_id) WHERE direction = 'out';
CREATE INDEX messages_by_profile ON messages(profile_id, conversation_id) WHERE profile_id IS NOT NULL;
-- Reports count messages by time range; created_at only grows, so this index is appended to.
CREATE INDEX messages_created ON messages(created_at, channel_account_id, direction, identity_id);
`
