-- Bulk, incremental ingestion. Postings are written for a whole batch of documents in one
-- statement, and the corpus statistics (lexeme counts and IDF, the typo vocabulary, the average
-- chunk length) are kept by adding and taking away the chunks that come and go, so changing one
-- file in a large store no longer rescans every chunk.

-- The sum behind avg_token_count, so the average can be kept exactly as chunks come and go.
ALTER TABLE corpus_stats ADD COLUMN token_total bigint NOT NULL DEFAULT 0;
-- Chunks written or deleted since the planner statistics were last refreshed.
ALTER TABLE corpus_stats ADD COLUMN chunks_changed integer NOT NULL DEFAULT 0;

-- The unsafe passages ingestion last found in each document (knowledge/unsafe-passages.ts), and a
-- fingerprint of the rules that found them: an unchanged file is scanned again only under other
-- rules. NULL until a run has scanned the document.
ALTER TABLE documents ADD COLUMN unsafe_passages jsonb;
ALTER TABLE documents ADD COLUMN unsafe_rules text;

-- index_chunk_terms for many documents at once. The length average comes from the caller: a run
-- uses the average from before it started for all its files, as the one-document function did.
-- Nine postings in ten are a lexeme at one position, whose ts_rank is its label weight over
-- pi^2/6 (ts_rank's own arithmetic: float4 weight, float8 division, float4 result); computing that
-- directly skips a tsquery parse and a ts_rank call each, with bit-identical impacts.
CREATE FUNCTION index_chunk_terms_of(documents bigint[], avg_len real) RETURNS void LANGUAGE sql AS $$
  INSERT INTO chunk_terms (lexeme, chunk_id, impact)
  SELECT t.lexeme, c.id, r.tf * 2.2 / (r.tf + 1.2 * (0.25 + 0.75 * c.token_count / avg_len))
    FROM chunks c
   CROSS JOIN LATERAL unnest(c.tsv) t
   CROSS JOIN LATERAL (
     SELECT CASE
              WHEN cardinality(t.positions) = 1 THEN
                ((('{0.3,0.3,0.5,1}'::real[])[CASE t.weights[1] WHEN 'A' THEN 4 WHEN 'B' THEN 3 WHEN 'C' THEN 2 ELSE 1 END])::float8
                 / 1.64493406685)::real
              ELSE ts_rank('{0.3,0.3,0.5,1}', c.tsv, quote_literal(t.lexeme)::tsquery)
            END / 0.3 / 0.6079 AS tf
   ) r
   WHERE c.document_id = ANY (documents)
$$;

-- BM25's IDF, as the full refresh computed it (float8 arithmetic, stored as real).
CREATE FUNCTION lexeme_idf(total float8, chunk_count integer) RETURNS real LANGUAGE sql IMMUTABLE AS $$
  SELECT ln(1 + (total - chunk_count + 0.5) / (chunk_count + 0.5))::real
$$;

-- Adds (sign 1) or takes away (sign -1, before they are deleted) the chunks of the given documents
-- to or from the statistics. Touched lexemes get their IDF at the new chunk count; the others are
-- brought up to date by refresh_lexeme_idf() at the end of a run.
CREATE FUNCTION count_documents(documents bigint[], sign integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  total float8;
  emptied text[];
BEGIN
  INSERT INTO corpus_stats AS s (id, chunk_count, avg_token_count, token_total, chunks_changed)
  SELECT true, sign * count(*), 0, sign * coalesce(sum(c.token_count), 0), count(*)
    FROM chunks c WHERE c.document_id = ANY (documents)
  ON CONFLICT (id) DO UPDATE SET chunk_count = s.chunk_count + excluded.chunk_count,
                                 token_total = s.token_total + excluded.token_total,
                                 chunks_changed = s.chunks_changed + excluded.chunks_changed;
  -- avg(token_count) divides the same numerics.
  UPDATE corpus_stats SET avg_token_count =
    CASE WHEN chunk_count > 0 THEN (token_total::numeric / chunk_count::numeric)::real ELSE 0 END
  RETURNING chunk_count::float8 INTO total;

  WITH delta AS (
    SELECT t.lexeme, sign * count(*)::integer AS n
      FROM chunks c CROSS JOIN LATERAL unnest(tsvector_to_array(c.tsv)) AS t(lexeme)
     WHERE c.document_id = ANY (documents) GROUP BY t.lexeme
  ),
  counted AS (
    INSERT INTO lexeme_stats AS s (lexeme, chunk_count, idf)
    -- A negative count (taking away) always meets its row; the proposed row's IDF is never kept.
    SELECT lexeme, n, CASE WHEN n > 0 THEN lexeme_idf(total, n) ELSE 0 END FROM delta
    ON CONFLICT (lexeme) DO UPDATE SET chunk_count = s.chunk_count + excluded.chunk_count,
                                       idf = lexeme_idf(total, s.chunk_count + excluded.chunk_count)
    RETURNING s.lexeme, s.chunk_count
  )
  SELECT array_agg(lexeme) INTO emptied FROM counted WHERE chunk_count <= 0;
  DELETE FROM lexeme_stats WHERE lexeme = ANY (emptied);

  WITH delta AS (
    SELECT w.word, sign * count(*)::integer AS n
      FROM chunks c
     CROSS JOIN LATERAL unnest(tsvector_to_array(
       to_tsvector('simple', c.title_search || ' ' || c.heading_search || ' ' || c.body_search))) AS w(word)
     WHERE c.document_id = ANY (documents) AND w.word ~ '^[a-z][a-z0-9]{2,29}$' GROUP BY w.word
  ),
  counted AS (
    INSERT INTO vocabulary AS v (word, chunk_count) SELECT word, n FROM delta
    ON CONFLICT (word) DO UPDATE SET chunk_count = v.chunk_count + excluded.chunk_count
    RETURNING v.word, v.chunk_count
  )
  SELECT array_agg(word) INTO emptied FROM counted WHERE chunk_count <= 0;
  DELETE FROM vocabulary WHERE word = ANY (emptied);
END
$$;

-- Every IDF at the current chunk count; rewrites only the rows whose value changed.
CREATE FUNCTION refresh_lexeme_idf() RETURNS integer LANGUAGE sql AS $$
  WITH n AS (SELECT coalesce((SELECT chunk_count FROM corpus_stats), 0)::float8 AS total),
  changed AS (
    UPDATE lexeme_stats s SET idf = lexeme_idf(n.total, s.chunk_count) FROM n
     WHERE s.idf IS DISTINCT FROM lexeme_idf(n.total, s.chunk_count)
    RETURNING 1
  )
  SELECT count(*)::integer FROM changed
$$;

-- The statistics recomputed over every chunk, as each ingestion used to: for repairs and tests,
-- and once here, so the counts kept from now on start from exact values.
CREATE FUNCTION rebuild_corpus_stats() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM lexeme_stats;
  INSERT INTO lexeme_stats (lexeme, chunk_count, idf)
  SELECT word, ndoc, ln(1 + (n.total - ndoc + 0.5) / (ndoc + 0.5))
    FROM ts_stat('SELECT tsv FROM chunks'), (SELECT count(*)::float8 AS total FROM chunks) n;
  DELETE FROM vocabulary;
  INSERT INTO vocabulary (word, chunk_count)
  SELECT word, ndoc FROM ts_stat('SELECT to_tsvector(''simple'', title_search || '' '' || heading_search || '' '' || body_search) FROM chunks')
   WHERE word ~ '^[a-z][a-z0-9]{2,29}$';
  INSERT INTO corpus_stats (id, chunk_count, avg_token_count, token_total)
  SELECT true, count(*), coalesce(avg(token_count), 0), coalesce(sum(token_count), 0) FROM chunks
  ON CONFLICT (id) DO UPDATE SET chunk_count = excluded.chunk_count, avg_token_count = excluded.avg_token_count,
                                 token_total = excluded.token_total;
END
$$;

SELECT rebuild_corpus_stats();
