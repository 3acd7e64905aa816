-- A subscription is a user's own (set in a private chat) or a channel's (set by a moderator), so
-- /forget deletes the first and only anonymises the second: a community's digest outlives its moderator.
ALTER TABLE subscriptions ADD COLUMN scope text NOT NULL DEFAULT 'personal' CHECK (scope IN ('personal', 'channel'));
