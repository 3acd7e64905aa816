-- Impact-ordered postings: for every lexeme, the chunks that contain it, strongest use first. The
-- lexical search reads only the head of each query term's list, so its cost no longer grows with
-- the number of chunks that merely contain a common word.
CREATE TABLE chunk_terms (
  lexeme text NOT NULL,
  chunk_id bigint NOT NULL REFERENCES chunks (id) ON DELETE CASCADE,
  impact real NOT NULL
);

CREATE INDEX chunk_terms_lexeme_idx ON chunk_terms (lexeme, impact DESC) INCLUDE (chunk_id);
CREATE INDEX chunk_terms_chunk_idx ON chunk_terms (chunk_id);

-- A term's impact in a chunk: BM25's saturated term frequency, the frequency weighted by where the
-- term stands (headings 1, title 0.5, text 0.3, as the search ranks them) and normalised by length
-- against the corpus average when the chunk was written. It only orders the postings; the search
-- scores its candidates exactly.
CREATE FUNCTION index_chunk_terms(document bigint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO chunk_terms (lexeme, chunk_id, impact)
  SELECT t.lexeme, c.id, r.tf * 2.2 / (r.tf + 1.2 * (0.25 + 0.75 * c.token_count / avg_len.value))
    FROM chunks c
   CROSS JOIN LATERAL unnest(c.tsv) t
   CROSS JOIN LATERAL (
     SELECT ts_rank('{0.3,0.3,0.5,1}', c.tsv, quote_literal(t.lexeme)::tsquery) / 0.3 / 0.6079 AS tf
   ) r
   -- Before the first statistics exist, 100 tokens (about a chunk of 1,000 characters) stands in.
   CROSS JOIN (
     SELECT coalesce((SELECT avg_token_count FROM corpus_stats WHERE avg_token_count > 0), 100) AS value
   ) avg_len
   WHERE c.document_id = document
$$;

SELECT index_chunk_terms(id) FROM documents;
-- Planner statistics now: an unchanged corpus is not re-ingested (which refreshes them), and PGlite
-- has no autovacuum, so without them the search plans as if the table were empty.
ANALYZE chunk_terms;
