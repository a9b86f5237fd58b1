/**
 * Coverage: what Parley has seen of each (channel account, stream) and what it knows it missed.
 * stream_coverage is one row per stream (the covered window, the last item, what learning started from);
 * coverage_hours counts new items per clock hour, the history the usual rate (per hour of the week) is
 * learned from; coverage_gaps records the stretches Parley knows it was not reading (a cooldown, an
 * outage, a token that stopped working, a platform's backfill limit); coverage_alerts are silence alarms
 * and account problems, one row per episode, and coverage_notices when each profile was told about one.
 * Local observations of this workspace: no change log, nothing for the team store.
 */
export const coverageSchema = /* sql */ `
CREATE TABLE IF NOT EXISTS stream_coverage (
  channel_account_id INTEGER NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  stream TEXT NOT NULL,
  -- Start of the stretch Parley has read without a gap that lost items, up to the last good poll.
  covered_since INTEGER NOT NULL,
  -- Since when the hourly counts are complete: the rate's denominator starts here.
  learning_since INTEGER NOT NULL,
  -- The newest new item's own time (clamped to when it arrived) and when Parley received it.
  last_item_at INTEGER,
  last_received_at INTEGER,
  last_success_at INTEGER,
  -- Successful polls in a row that brought nothing new (the "empty pages" cause of a silence).
  empty_polls INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (channel_account_id, stream)
);

CREATE TABLE IF NOT EXISTS coverage_hours (
  channel_account_id INTEGER NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  stream TEXT NOT NULL,
  -- Hours since the epoch (UTC) and that hour's place in the week (0 = Monday 00:00) in the workspace's time zone.
  hour INTEGER NOT NULL,
  hour_of_week INTEGER NOT NULL CHECK (hour_of_week BETWEEN 0 AND 167),
  items INTEGER NOT NULL,
  PRIMARY KEY (channel_account_id, stream, hour)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS coverage_gaps (
  id INTEGER PRIMARY KEY,
  channel_account_id INTEGER NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  stream TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cooldown','outage','auth','platform','backfill_limit')),
  started_at INTEGER NOT NULL,
  -- NULL while it lasts.
  ended_at INTEGER,
  -- 'caught_up': the next poll read everything since; 'lost': items from the stretch may be missing; NULL while open.
  outcome TEXT CHECK (outcome IN ('caught_up','lost')),
  detail TEXT
);
CREATE INDEX IF NOT EXISTS coverage_gaps_stream ON coverage_gaps(channel_account_id, stream, started_at);

CREATE TABLE IF NOT EXISTS coverage_alerts (
  id INTEGER PRIMARY KEY,
  channel_account_id INTEGER NOT NULL REFERENCES channel_accounts(id) ON DELETE CASCADE,
  -- NULL for an alert about the whole account (needs reconnect).
  stream TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('silence','account')),
  -- When the quiet spell or the problem began, and when the alarm was raised.
  since INTEGER NOT NULL,
  raised_at INTEGER NOT NULL,
  resolved_at INTEGER,
  -- The usual number of items the quiet stretch would have brought (silence), for the words.
  expected REAL,
  detail TEXT
);
CREATE INDEX IF NOT EXISTS coverage_alerts_open ON coverage_alerts(channel_account_id, stream) WHERE resolved_at IS NULL;

CREATE TABLE IF NOT EXISTS coverage_notices (
  alert_id INTEGER NOT NULL REFERENCES coverage_alerts(id) ON DELETE CASCADE,
  profile_id INTEGER NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
  notified_at INTEGER NOT NULL,
  seen_at INTEGER,
  PRIMARY KEY (alert_id, profile_id, notified_at)
) WITHOUT ROWID;
`
