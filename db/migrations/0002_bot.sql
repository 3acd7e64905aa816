-- Chat bot state: answers (the asked-questions log /report reads and feedback points at), votes,
-- conversation context for follow-ups, and chats the bot can no longer reach.

-- Per-installation secrets. The salt keys the user-id hash, so stored hashes cannot be reversed by
-- hashing every possible (small, sequential) platform user id.
CREATE TABLE bot_settings (
  name text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO bot_settings (name, value)
VALUES ('user_hash_salt', md5(random()::text || clock_timestamp()::text) || md5(random()::text));

-- One row per question asked. Kept 30 days (purged by the bot), deleted by /forget.
CREATE TABLE bot_answers (
  id bigserial PRIMARY KEY,
  platform text NOT NULL,
  community_id text NOT NULL,       -- Discord guild, Telegram chat, 'terminal': the scope of /report
  chat_id text NOT NULL,
  thread_id text NOT NULL DEFAULT '',
  user_hash text NOT NULL,
  parent_id bigint REFERENCES bot_answers (id) ON DELETE SET NULL,  -- the turn this one follows up
  question text NOT NULL,
  answer text NOT NULL,
  sources jsonb NOT NULL DEFAULT '[]',
  outcome text NOT NULL CHECK (outcome IN ('answered', 'abstained', 'redirected', 'failed')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bot_answers_scope_idx ON bot_answers (platform, community_id, created_at);
CREATE INDEX bot_answers_thread_idx ON bot_answers (platform, chat_id, thread_id, created_at);
CREATE INDEX bot_answers_user_idx ON bot_answers (user_hash);
CREATE INDEX bot_answers_created_idx ON bot_answers (created_at);

-- The platform messages an answer was sent as, so a reply to any of them continues that
-- conversation. Context expires after a day.
CREATE TABLE bot_answer_messages (
  platform text NOT NULL,
  chat_id text NOT NULL,
  message_id text NOT NULL,
  answer_id bigint NOT NULL REFERENCES bot_answers (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (platform, chat_id, message_id)
);
CREATE INDEX bot_answer_messages_expiry_idx ON bot_answer_messages (expires_at);

-- One vote per user and answer: a second press changes the vote.
CREATE TABLE bot_feedback (
  answer_id bigint NOT NULL REFERENCES bot_answers (id) ON DELETE CASCADE,
  user_hash text NOT NULL,
  vote smallint NOT NULL CHECK (vote IN (-1, 1)),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (answer_id, user_hash)
);
CREATE INDEX bot_feedback_user_idx ON bot_feedback (user_hash);

-- Chats that blocked the bot or that it lost access to: unprompted sends skip them until the chat
-- writes to the bot again.
CREATE TABLE bot_unreachable_chats (
  platform text NOT NULL,
  chat_id text NOT NULL,
  reason text NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (platform, chat_id)
);
