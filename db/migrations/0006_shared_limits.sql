-- Limits every bot process shares: per-user question limits, per-chat and per-group send limits and
-- the overall send budget per bot token. A key ('telegram:123:chat:-100') has one row, locked by each
-- take, and one slot row per accepted question or send.
CREATE TABLE limit_keys (
  key text PRIMARY KEY,
  -- Refusals before this time are silent: a flooding user gets one notice per limited period.
  silent_until_ms bigint NOT NULL DEFAULT 0
);

-- A slot counts in a window of W ms while end_ms > now - W. A send's slot ends in the future (the
-- longest a send may be in flight) until the sender stamps it with the time it settled, so a slot
-- counts from before the send leaves until W after the platform answered, wherever it stamped it.
CREATE TABLE limit_slots (
  id bigserial PRIMARY KEY,
  key text NOT NULL,
  end_ms bigint NOT NULL
);

CREATE INDEX limit_slots_key_end_idx ON limit_slots (key, end_ms);

-- One call takes a batch of requests; each request holds rules {key, max, window} and a hold (ms a
-- send may stay in flight; 0 for a question), and is granted only if every rule has room, taking one slot per distinct key. Requests are granted in
-- order, each seeing the slots of those before it. Keys are locked in one order, so two takes never
-- deadlock, and each count runs after its lock (a fresh snapshot per statement in PL/pgSQL), so two
-- processes never both take the last slot. Refused requests get the wait until a slot frees, and a
-- notice flag that is true once per limited period of the first full key.
CREATE FUNCTION limit_take(requests jsonb)
RETURNS TABLE (request_index int, slot_ids bigint[], wait_ms bigint, notify boolean)
LANGUAGE plpgsql AS $$
DECLARE
  now_ms bigint := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
  wanted text[];
  locked int;
  request jsonb;
  rule jsonb;
  newest_blocking bigint;
  full_key text;
  longest_wait bigint;
BEGIN
  SELECT array_agg(DISTINCT r->>'key' ORDER BY r->>'key') INTO wanted
    FROM jsonb_array_elements(requests) q, jsonb_array_elements(q->'rules') r;
  -- A purge may delete an idle key between the insert and the lock: insert and lock again until
  -- every key is held.
  LOOP
    INSERT INTO limit_keys (key) SELECT unnest(wanted) ORDER BY 1 ON CONFLICT DO NOTHING;
    SELECT count(*) INTO locked FROM (
      SELECT 1 FROM limit_keys WHERE key = ANY (wanted) ORDER BY key FOR UPDATE
    ) held;
    EXIT WHEN locked = cardinality(wanted);
  END LOOP;

  request_index := 0;
  FOR request IN SELECT value FROM jsonb_array_elements(requests) LOOP
    full_key := NULL;
    longest_wait := 0;
    FOR rule IN SELECT value FROM jsonb_array_elements(request->'rules') LOOP
      -- The max-th newest slot in the window: while it counts, the window is full.
      SELECT s.end_ms INTO newest_blocking FROM limit_slots s
       WHERE s.key = rule->>'key' AND s.end_ms > now_ms - (rule->>'window')::bigint
       ORDER BY s.end_ms DESC OFFSET (rule->>'max')::int - 1 LIMIT 1;
      IF FOUND THEN
        full_key := coalesce(full_key, rule->>'key');
        longest_wait := greatest(longest_wait, newest_blocking + (rule->>'window')::bigint - now_ms);
      END IF;
    END LOOP;
    IF full_key IS NULL THEN
      WITH taken AS (
        INSERT INTO limit_slots (key, end_ms)
        SELECT DISTINCT r->>'key', now_ms + coalesce((request->>'hold')::bigint, 0) FROM jsonb_array_elements(request->'rules') r
        RETURNING id
      )
      SELECT array_agg(id) INTO slot_ids FROM taken;
      wait_ms := 0;
      notify := false;
    ELSE
      UPDATE limit_keys SET silent_until_ms = now_ms + longest_wait
       WHERE key = full_key AND silent_until_ms <= now_ms;
      notify := FOUND;
      slot_ids := NULL;
      wait_ms := longest_wait;
    END IF;
    RETURN NEXT;
    request_index := request_index + 1;
  END LOOP;

  -- Slots older than the longest window of their key count for nothing any more.
  DELETE FROM limit_slots s
   USING (
     SELECT r->>'key' AS key, max((r->>'window')::bigint) AS window_ms
       FROM jsonb_array_elements(requests) q, jsonb_array_elements(q->'rules') r GROUP BY 1
   ) w
   WHERE s.key = w.key AND s.end_ms <= now_ms - w.window_ms;
END
$$;
