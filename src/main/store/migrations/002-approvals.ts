/**
 * Approvals and the exactly-once outbox, on top of the tables 001 shipped.
 * Only ALTER TABLE ... ADD COLUMN, new tables, indexes and triggers: 001 is
 * never edited, and the approvals count triggers of 001 keep working (they
 * watch approvals.status, which keeps its meaning).
 */
import { sqlUuid } from './sql-uuid'

export const approvalsSchema = /* sql */ `
-- Stable ids for people, so approval records can name their author on another laptop later.
ALTER TABLE profiles ADD COLUMN uid TEXT;
UPDATE profiles SET uid = ${sqlUuid} WHERE uid IS NULL;
CREATE UNIQUE INDEX profiles_uid ON profiles(uid);
CREATE TRIGGER profiles_uid_default AFTER INSERT ON profiles WHEN new.uid IS NULL BEGIN
  UPDATE profiles SET uid = ${sqlUuid} WHERE id = new.id;
END;

-- A draft session starts at the first save and ends when the draft is emptied or sent:
-- 'drafted' is audited once per session, not per keystroke.
ALTER TABLE drafts ADD COLUMN session_id TEXT;
-- The newest message of the conversation when the draft was last written: anything newer holds the send.
ALTER TABLE drafts ADD COLUMN base_message_id INTEGER NOT NULL DEFAULT 0;

ALTER TABLE approvals ADD COLUMN channel_account_id INTEGER REFERENCES channel_accounts(id);
ALTER TABLE approvals ADD COLUMN in_reply_to TEXT;
-- The author's text when an approver edited it (body then holds the approved text): the diff base.
ALTER TABLE approvals ADD COLUMN original_body TEXT;
ALTER TABLE approvals ADD COLUMN edited_by INTEGER REFERENCES profiles(id);
ALTER TABLE approvals ADD COLUMN step INTEGER NOT NULL DEFAULT 1;
-- JSON {"group":[profile ids],"mode":"any"|"all"} when policy asked for a second step.
ALTER TABLE approvals ADD COLUMN second_step TEXT;
ALTER TABLE approvals ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE approvals ADD COLUMN base_message_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE approvals ADD COLUMN updated_at INTEGER;
CREATE INDEX approvals_conversation ON approvals(conversation_id, created_at);
-- At most one request waiting per author and conversation (one draft per conversation per profile).
CREATE UNIQUE INDEX approvals_one_pending ON approvals(conversation_id, author_id) WHERE status = 'pending';
-- The approved text is what was hashed: it may change only together with its hash.
CREATE TRIGGER approvals_hash_bound BEFORE UPDATE OF body ON approvals
WHEN new.body IS NOT old.body AND new.body_hash IS old.body_hash BEGIN
  SELECT RAISE(ABORT, 'an approval''s text cannot change without its hash');
END;

-- Every decision of every step; one per person and approval. Stable text ids for a later sync.
CREATE TABLE approval_decisions (
  id TEXT PRIMARY KEY,
  approval_id TEXT NOT NULL REFERENCES approvals(id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  profile_id INTEGER NOT NULL REFERENCES profiles(id),
  action TEXT NOT NULL CHECK (action IN ('approved','edited_and_approved','changes_requested','rejected')),
  body_hash TEXT NOT NULL,
  note TEXT,
  at INTEGER NOT NULL,
  UNIQUE (approval_id, profile_id)
);
CREATE TRIGGER approval_decisions_no_update BEFORE UPDATE ON approval_decisions BEGIN
  SELECT RAISE(ABORT, 'approval decisions are append-only');
END;

ALTER TABLE outbox_items ADD COLUMN author_id INTEGER REFERENCES profiles(id);
ALTER TABLE outbox_items ADD COLUMN body_hash TEXT NOT NULL DEFAULT '';
-- Why no approval was needed (NULL when an approval was): an item needs one or the other to be sent.
ALTER TABLE outbox_items ADD COLUMN exempt_reason TEXT;
ALTER TABLE outbox_items ADD COLUMN base_message_id INTEGER NOT NULL DEFAULT 0;
-- Set while the send waits for the user (new activity in the thread); the item stays 'queued'.
ALTER TABLE outbox_items ADD COLUMN hold_reason TEXT;
ALTER TABLE outbox_items ADD COLUMN first_attempt_at INTEGER;
ALTER TABLE outbox_items ADD COLUMN sent_at INTEGER;
CREATE INDEX outbox_account_queue ON outbox_items(channel_account_id, created_at) WHERE state = 'queued';
CREATE INDEX outbox_conversation ON outbox_items(conversation_id, created_at);
CREATE INDEX outbox_in_doubt ON outbox_items(state) WHERE state IN ('sending','unconfirmed');

-- Defence in depth for exactly-once: what was sent or cancelled stays so, and what is sent never changes.
CREATE TRIGGER outbox_terminal BEFORE UPDATE OF state ON outbox_items
WHEN old.state IN ('sent','cancelled') AND new.state IS NOT old.state BEGIN
  SELECT RAISE(ABORT, 'a sent or cancelled reply cannot change state');
END;
CREATE TRIGGER outbox_immutable BEFORE UPDATE OF body, body_hash, in_reply_to, idempotency_key, channel_account_id, approval_id ON outbox_items
WHEN new.body IS NOT old.body OR new.body_hash IS NOT old.body_hash OR new.in_reply_to IS NOT old.in_reply_to
  OR new.idempotency_key IS NOT old.idempotency_key OR new.channel_account_id IS NOT old.channel_account_id
  OR new.approval_id IS NOT old.approval_id BEGIN
  SELECT RAISE(ABORT, 'a queued reply cannot be rewritten; cancel it and submit again');
END;
`
