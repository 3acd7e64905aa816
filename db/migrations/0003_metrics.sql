-- Live metrics: time series, roll-ups, source health, alerts, digests and the delivery ledger.

-- Raw samples, kept 30 days. One row per (metric, observation time, source): re-polling an API that
-- has not moved on (cached responses, two processes polling) inserts nothing.
CREATE TABLE metric_samples (
  metric text NOT NULL,
  observed_at timestamptz NOT NULL,
  source text NOT NULL,
  value double precision NOT NULL,
  fetched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (metric, observed_at, source)
);
CREATE INDEX metric_samples_observed_idx ON metric_samples (observed_at);

-- One row per metric and UTC day, kept for ever.
CREATE TABLE metric_daily (
  metric text NOT NULL,
  day date NOT NULL,
  source text NOT NULL,
  min_value double precision NOT NULL,
  max_value double precision NOT NULL,
  avg_value double precision NOT NULL,
  last_value double precision NOT NULL,
  last_observed_at timestamptz NOT NULL,
  samples integer NOT NULL,
  PRIMARY KEY (metric, day, source)
);

-- Poll bookkeeping per source; next_poll_at doubles as a lease so several processes poll once.
CREATE TABLE metric_source_health (
  source text PRIMARY KEY,
  degraded boolean NOT NULL DEFAULT false,
  reason text,
  failures integer NOT NULL DEFAULT 0,
  last_success_at timestamptz,
  last_attempt_at timestamptz,
  next_poll_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE alert_rules (
  id bigserial PRIMARY KEY,
  platform text NOT NULL,
  chat_id text NOT NULL,
  thread_id text NOT NULL DEFAULT '',
  -- 'channel' (set by a moderator for the chat) or 'personal' (a user's own rule in a DM)
  scope text NOT NULL CHECK (scope IN ('channel', 'personal')),
  created_by text NOT NULL,
  metric text NOT NULL,
  condition jsonb NOT NULL,
  cooldown_seconds integer NOT NULL,
  rearm_margin double precision NOT NULL,
  armed boolean NOT NULL DEFAULT true,
  last_fired_at timestamptz,
  muted_until timestamptz,
  disabled_at timestamptz,
  disabled_reason text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_rules_metric_idx ON alert_rules (metric) WHERE disabled_at IS NULL;
CREATE INDEX alert_rules_chat_idx ON alert_rules (platform, chat_id);

-- One row per firing; event_key = rule id + the observation that fired it, so evaluating the same
-- sample twice (retries, two processes) creates one event.
CREATE TABLE alert_events (
  id bigserial PRIMARY KEY,
  rule_id bigint NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  event_key text NOT NULL UNIQUE,
  metric text NOT NULL,
  value double precision,
  observed_at timestamptz,
  source text,
  summary text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_events_created_idx ON alert_events (created_at);

CREATE TABLE subscriptions (
  id bigserial PRIMARY KEY,
  platform text NOT NULL,
  chat_id text NOT NULL,
  thread_id text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  local_time text NOT NULL CHECK (local_time ~ '^[0-2][0-9]:[0-5][0-9]$'),
  timezone text NOT NULL,
  networks text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  unsubscribed_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (platform, chat_id, thread_id)
);
CREATE INDEX subscriptions_schedule_idx ON subscriptions (local_time, timezone) WHERE active;

-- One run per schedule (local time + zone) and local date, written in the same transaction as the
-- fan-out job: a run exists if and only if its fan-out was enqueued.
CREATE TABLE digest_runs (
  schedule_key text NOT NULL,
  local_date date NOT NULL,
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  fanned_out_at timestamptz,
  recipients integer,
  PRIMARY KEY (schedule_key, local_date)
);

-- What was sent to whom: checked before and written right after every send (alerts and digests).
CREATE TABLE deliveries (
  recipient text NOT NULL,
  item text NOT NULL,
  status text NOT NULL CHECK (status IN ('sent', 'unreachable')),
  message_ids text[] NOT NULL DEFAULT '{}',
  delivered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (recipient, item)
);
