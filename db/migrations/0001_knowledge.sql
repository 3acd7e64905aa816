-- Sector documents, their chunks, and the embedding spaces the chunks live in.
CREATE TABLE documents (
  id bigserial PRIMARY KEY,
  root text NOT NULL,               -- absolute folder the document was ingested from
  path text NOT NULL,               -- path relative to root, shown in citations
  title text NOT NULL,
  doc_date date,                    -- from front matter, when the document states one
  content_hash text NOT NULL,
  bytes integer NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (root, path)
);

-- One row per embedding model; chunks point at the space their vector belongs to, so vectors of
-- different models or dimensions are never compared. HNSW indexes are partial per space.
CREATE TABLE embedding_spaces (
  id serial PRIMARY KEY,
  model text NOT NULL UNIQUE,
  dimension integer NOT NULL CHECK (dimension > 0),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE chunks (
  id bigserial PRIMARY KEY,
  document_id bigint NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  position integer NOT NULL,
  heading_path text[] NOT NULL DEFAULT '{}',
  section text NOT NULL DEFAULT '',
  text text NOT NULL,
  -- Search forms (acronym plurals and spellings folded) of the document title, the heading path and
  -- the text. Weights: headings A, title B, text D, so a matching section heading counts most.
  title_search text NOT NULL,
  heading_search text NOT NULL,
  body_search text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', heading_search), 'A') || setweight(to_tsvector('english', title_search), 'B')
      || setweight(to_tsvector('english', body_search), 'D')
  ) STORED,
  token_count integer NOT NULL,
  embedding vector,
  embedding_space integer REFERENCES embedding_spaces (id),
  UNIQUE (document_id, position)
);

CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv) WITH (fastupdate = off);

-- Inverse document frequency of every lexeme, refreshed after each ingestion: Postgres' own
-- ts_rank has no IDF, and rare terms are what tell passages apart.
CREATE TABLE lexeme_stats (
  lexeme text PRIMARY KEY,
  chunk_count integer NOT NULL,
  idf real NOT NULL
);

-- Surface words of the corpus, for correcting typos in questions.
CREATE TABLE vocabulary (
  word text PRIMARY KEY,
  chunk_count integer NOT NULL
);

CREATE TABLE corpus_stats (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  chunk_count integer NOT NULL,
  avg_token_count real NOT NULL
);

CREATE TABLE ingest_runs (
  id bigserial PRIMARY KEY,
  root text NOT NULL,
  added integer NOT NULL,
  updated integer NOT NULL,
  removed integer NOT NULL,
  skipped integer NOT NULL,
  failed integer NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now()
);
