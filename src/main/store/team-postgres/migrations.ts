/**
 * The team store's schema in PostgreSQL, versioned like the local SQLite one: each migration runs
 * in one transaction that records its version in team_schema. Never edit a shipped one.
 *
 * Why these shapes:
 * - team_ops.seq is assigned under a lock on the team's row (teams.last_seq), not by a sequence:
 *   a sequence hands out numbers at insert and transactions commit in another order, so a laptop
 *   pulling "after N" could step over an op that commits later with a lower number.
 * - Credentials are stored only as SHA-256 of a high-entropy key (the laptop derives it from the
 *   member's passphrase with scrypt); join codes likewise. Nothing secret is kept in plain text.
 * - approvals hold (state, text_hash) so a decision is a compare-and-set; outbox rows carry the
 *   idempotency key minted once at approval, a lease and a fence token.
 */
export interface TeamMigration {
  version: number
  name: string
  sql: string
}

const initial = /* sql */ `
CREATE TABLE teams (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  last_seq bigint NOT NULL DEFAULT 0,
  audit_head text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE team_members (
  team_id uuid NOT NULL REFERENCES teams(id),
  id uuid NOT NULL,
  name text NOT NULL,
  profile text NOT NULL,
  role text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
  key_hash bytea NOT NULL,
  joined_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz,
  PRIMARY KEY (team_id, id)
);
CREATE UNIQUE INDEX team_members_key ON team_members(key_hash);

CREATE TABLE team_invites (
  team_id uuid NOT NULL REFERENCES teams(id),
  code_hash bytea PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
  name text NOT NULL,
  invited_by uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  used_by uuid
);

CREATE TABLE team_ops (
  team_id uuid NOT NULL REFERENCES teams(id),
  seq bigint NOT NULL,
  id uuid NOT NULL,
  hlc text NOT NULL,
  member_id uuid NOT NULL,
  profile text NOT NULL,
  operation text NOT NULL,
  input jsonb NOT NULL,
  entities uuid[] NOT NULL DEFAULT '{}',
  base_seq bigint NOT NULL DEFAULT 0,
  outcome text NOT NULL CHECK (outcome IN ('applied', 'superseded', 'lost', 'rejected')),
  message text,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (team_id, seq)
);
CREATE UNIQUE INDEX team_ops_id ON team_ops(team_id, id);

CREATE TABLE team_approvals (
  team_id uuid NOT NULL REFERENCES teams(id),
  id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  channel_account text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'changes_requested')),
  text text NOT NULL,
  text_hash text NOT NULL,
  requested_by uuid NOT NULL,
  decided_by uuid,
  decided_hlc text,
  decided_seq bigint,
  PRIMARY KEY (team_id, id)
);

-- Last-writer-wins registers: status, assignee, snooze of a conversation, one row per field.
CREATE TABLE team_registers (
  team_id uuid NOT NULL REFERENCES teams(id),
  entity_id uuid NOT NULL,
  field text NOT NULL,
  value jsonb NOT NULL,
  hlc text NOT NULL,
  member_id uuid NOT NULL,
  PRIMARY KEY (team_id, entity_id, field)
);

-- Tags as an observed-remove set: a removal deletes only the adds its author had seen (seq <= base_seq).
CREATE TABLE team_tag_adds (
  team_id uuid NOT NULL REFERENCES teams(id),
  entity_id uuid NOT NULL,
  tag text NOT NULL,
  add_seq bigint NOT NULL,
  PRIMARY KEY (team_id, entity_id, tag, add_seq)
);

CREATE TABLE team_notes (
  team_id uuid NOT NULL REFERENCES teams(id),
  id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  member_id uuid NOT NULL,
  body text NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (team_id, id)
);

CREATE TABLE team_drafts (
  team_id uuid NOT NULL REFERENCES teams(id),
  conversation_id uuid NOT NULL,
  profile text NOT NULL,
  text text NOT NULL,
  hlc text NOT NULL,
  PRIMARY KEY (team_id, conversation_id, profile)
);

CREATE TABLE team_items (
  team_id uuid NOT NULL REFERENCES teams(id),
  channel_account text NOT NULL,
  remote_id text NOT NULL,
  id uuid NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (team_id, channel_account, remote_id)
);

CREATE TABLE team_poll_leases (
  team_id uuid NOT NULL REFERENCES teams(id),
  channel_account text NOT NULL,
  stream text NOT NULL,
  holder uuid NOT NULL,
  device text NOT NULL,
  fence bigint NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (team_id, channel_account, stream)
);

CREATE TABLE team_outbox (
  team_id uuid NOT NULL REFERENCES teams(id),
  id uuid NOT NULL,
  approval_id uuid NOT NULL,
  conversation_id uuid NOT NULL,
  channel_account text NOT NULL,
  text text NOT NULL,
  text_hash text NOT NULL,
  idempotency_key uuid NOT NULL,
  state text NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  due_at timestamptz NOT NULL DEFAULT now(),
  lease_holder uuid,
  lease_device text,
  lease_expires_at timestamptz,
  fence bigint NOT NULL DEFAULT 0,
  attempts integer NOT NULL DEFAULT 0,
  -- A send whose outcome is not known (timeout, crash): the next claim reconciles before sending.
  unconfirmed boolean NOT NULL DEFAULT false,
  remote_id text,
  sent_by uuid,
  PRIMARY KEY (team_id, id)
);
CREATE UNIQUE INDEX team_outbox_approval ON team_outbox(team_id, approval_id);
CREATE UNIQUE INDEX team_outbox_key ON team_outbox(idempotency_key);
CREATE INDEX team_outbox_due ON team_outbox(team_id, due_at) WHERE state IN ('queued', 'sending');

-- The audit chain: each entry's hash covers the previous entry's hash, so a laptop can verify it.
CREATE TABLE team_audit (
  team_id uuid NOT NULL REFERENCES teams(id),
  seq bigint NOT NULL,
  member_id uuid,
  action text NOT NULL,
  detail jsonb NOT NULL,
  at timestamptz NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (team_id, seq)
);
`

export const teamMigrations: readonly TeamMigration[] = [{ version: 1, name: 'team store', sql: initial }]
