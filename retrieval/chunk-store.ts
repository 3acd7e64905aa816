import type { Database, Queryable } from '../db/database.ts';
import { toVectorLiteral, type Embedder } from './embedder.ts';

export interface StoredChunk {
  id: number;
  documentId: number;
  path: string;
  root: string;
  title: string;
  docDate?: string;
  section: string;
  position: number;
  text: string;
}

export interface ScoredChunk extends StoredChunk {
  score: number;
}

const CHUNK_COLUMNS = `c.id, c.document_id, d.path, d.root, d.title, to_char(d.doc_date, 'YYYY-MM-DD') AS doc_date,
  c.section, c.position, c.text`;

interface ChunkRow {
  id: string | number;
  document_id: string | number;
  path: string;
  root: string;
  title: string;
  doc_date: string | null;
  section: string;
  position: number;
  text: string;
  score?: number | string;
}

function toChunk(row: ChunkRow): ScoredChunk {
  return {
    id: Number(row.id),
    documentId: Number(row.document_id),
    path: row.path,
    root: row.root,
    title: row.title,
    docDate: row.doc_date ?? undefined,
    section: row.section,
    position: Number(row.position),
    text: row.text,
    score: Number(row.score ?? 0),
  };
}

/** Registers the embedder's vector space and its partial HNSW index; returns the space id. */
export async function ensureEmbeddingSpace(db: Database, embedder: Embedder): Promise<number> {
  await db.query(
    `INSERT INTO embedding_spaces (model, dimension) VALUES ($1, $2) ON CONFLICT (model) DO NOTHING`,
    [embedder.model, embedder.dimension],
  );
  const [space] = await db.query<{ id: number; dimension: number }>(
    'SELECT id, dimension FROM embedding_spaces WHERE model = $1',
    [embedder.model],
  );
  if (!space) throw new Error(`embedding space for ${embedder.model} was not created`);
  if (space.dimension !== embedder.dimension) {
    throw new Error(
      `Embedding model ${embedder.model} was stored with dimension ${space.dimension} but now returns ` +
        `${embedder.dimension}; give the model a new name or delete its rows from embedding_spaces.`,
    );
  }
  const id = Number(space.id);
  const dimension = Number(space.dimension);
  // DDL cannot take parameters; both values are integers read back from our own table.
  if (!Number.isInteger(id) || !Number.isInteger(dimension)) throw new Error('invalid embedding space');
  await db.exec(
    `CREATE INDEX IF NOT EXISTS chunks_embedding_space_${id}_hnsw ON chunks
       USING hnsw ((embedding::vector(${dimension})) vector_cosine_ops) WHERE embedding_space = ${id}`,
  );
  return id;
}

/** Embeds every chunk whose vector belongs to another space (a changed model) or has none. */
export async function reembedStaleChunks(
  db: Database,
  embedder: Embedder,
  spaceId: number,
  onProgress?: (done: number, total: number) => void,
): Promise<number> {
  const [{ count } = { count: 0 }] = await db.query<{ count: string | number }>(
    'SELECT count(*) AS count FROM chunks WHERE embedding_space IS DISTINCT FROM $1',
    [spaceId],
  );
  const total = Number(count);
  let done = 0;
  while (done < total) {
    const rows = await db.query<{
      id: string;
      title_search: string;
      heading_search: string;
      body_search: string;
    }>(
      `SELECT id, title_search, heading_search, body_search FROM chunks
        WHERE embedding_space IS DISTINCT FROM $1 ORDER BY id LIMIT 256`,
      [spaceId],
    );
    if (rows.length === 0) break;
    const vectors = await embedder.embed(
      rows.map((row) => `${row.title_search} ${row.heading_search}\n${row.body_search}`),
    );
    await db.query(
      `UPDATE chunks SET embedding = v.embedding::vector, embedding_space = $3
         FROM unnest($1::bigint[], $2::text[]) AS v(id, embedding) WHERE chunks.id = v.id`,
      [rows.map((row) => row.id), vectors.map(toVectorLiteral), spaceId],
    );
    done += rows.length;
    onProgress?.(done, total);
  }
  return done;
}

/** Recomputes lexeme IDF (BM25's formula) and the average chunk length. */
export async function refreshLexemeStats(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM lexeme_stats');
    await tx.query(
      `INSERT INTO lexeme_stats (lexeme, chunk_count, idf)
       SELECT word, ndoc, ln(1 + (n.total - ndoc + 0.5) / (ndoc + 0.5))
         FROM ts_stat('SELECT tsv FROM chunks'), (SELECT count(*)::float8 AS total FROM chunks) n`,
    );
    await tx.query('DELETE FROM vocabulary');
    await tx.query(
      `INSERT INTO vocabulary (word, chunk_count)
       SELECT word, ndoc FROM ts_stat('SELECT to_tsvector(''simple'', title_search || '' '' || heading_search || '' '' || body_search) FROM chunks')
        WHERE word ~ '^[a-z][a-z0-9]{2,29}$'`,
    );
    await tx.query(
      `INSERT INTO corpus_stats (id, chunk_count, avg_token_count)
       SELECT true, count(*), coalesce(avg(token_count), 0) FROM chunks
       ON CONFLICT (id) DO UPDATE SET chunk_count = excluded.chunk_count, avg_token_count = excluded.avg_token_count`,
    );
  });
  // Fresh planner statistics, so searches use the indexes rather than scans; the vacuum marks the
  // postings' pages all-visible, so reading a term's head is an index-only scan.
  await db.exec('ANALYZE chunks; ANALYZE lexeme_stats; ANALYZE documents; ANALYZE corpus_stats');
  await db.exec('VACUUM (ANALYZE) chunk_terms'); // alone: several statements form one transaction
}

export interface LexicalHit extends ScoredChunk {
  /** Share of the question's IDF mass that this chunk contains (0..1). */
  coverage: number;
}

/**
 * BM25-style ranking in SQL. Candidates come from the head of each query term's impact-ordered
 * postings (`chunk_terms`), so the cost is bounded however common a word is; each candidate is then
 * scored exactly: every query lexeme contributes IDF × saturated ts_rank (weighted A for headings,
 * B for the title, D for text), normalised by length.
 */
export async function searchLexical(
  db: Queryable,
  searchText: string,
  limit: number,
  /** ts_rank weights for text (D), unused (C), title (B) and headings (A); each at most 1. */
  labelWeights: readonly number[] = [0.3, 0.3, 0.5, 1],
  /** The words coverage is measured against (the question as typed); defaults to the search text. */
  askedText: string = searchText,
  /** Postings read per query term, strongest first. */
  postingsPerTerm = 1000,
  /** Candidates (best by their postings' impacts) scored exactly. */
  candidateLimit = 150,
): Promise<LexicalHit[]> {
  const rows = await db.query<ChunkRow & { coverage: number | string }>(
    `WITH terms AS (
       SELECT s.lexeme, s.idf, quote_literal(s.lexeme)::tsquery AS query
         FROM (SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', $1))) AS lexeme) q
         JOIN lexeme_stats s ON s.lexeme = q.lexeme
        ORDER BY s.idf DESC LIMIT 24
     ),
     -- Coverage counts the words the user typed (not synonyms we added); a word the corpus has never
     -- seen counts as the rarest word, because no passage can speak to it.
     asked AS (SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', $4))) AS lexeme),
     -- Materialised (here and below): one row each, which the planner would otherwise recompute per candidate.
     total AS MATERIALIZED (
       SELECT greatest(sum(coalesce(s.idf, (SELECT max(idf) FROM lexeme_stats))), 1e-6) AS idf
         FROM asked a LEFT JOIN lexeme_stats s USING (lexeme)
     ),
     stats AS MATERIALIZED (SELECT greatest(avg_token_count, 1) AS avg_len FROM corpus_stats),
     -- Materialised, so the planner scores these few candidates instead of every chunk with a term.
     candidates AS MATERIALIZED (
       SELECT c.id, c.tsv, c.token_count
         FROM (SELECT p.chunk_id, sum(t.idf * p.impact) AS rough
                 FROM terms t
                CROSS JOIN LATERAL (
                  SELECT ct.chunk_id, ct.impact FROM chunk_terms ct
                   WHERE ct.lexeme = t.lexeme ORDER BY ct.impact DESC LIMIT $5
                ) p
                GROUP BY p.chunk_id ORDER BY rough DESC LIMIT $6) best
         JOIN chunks c ON c.id = best.chunk_id
     ),
     scored AS (
       SELECT c.id,
              sum(t.idf * r.tf * 2.2 / (r.tf + 1.2 * (0.25 + 0.75 * c.token_count / stats.avg_len))) AS score,
              least(sum(t.idf) FILTER (WHERE t.lexeme IN (SELECT lexeme FROM asked)) / max(total.idf), 1) AS coverage
         FROM candidates c
         CROSS JOIN stats CROSS JOIN total
         JOIN terms t ON c.tsv @@ t.query
         CROSS JOIN LATERAL (SELECT ts_rank($3::float4[], c.tsv, t.query) / ($3::float4[])[1] / 0.6079 AS tf) r
        GROUP BY c.id
        ORDER BY score DESC
        LIMIT $2
     )
     SELECT ${CHUNK_COLUMNS}, s.score, s.coverage
       FROM scored s JOIN chunks c ON c.id = s.id JOIN documents d ON d.id = c.document_id
      ORDER BY s.score DESC`,
    [searchText, limit, labelWeights, askedText, postingsPerTerm, candidateLimit],
  );
  return rows.map((row) => ({
    ...toChunk(row),
    coverage: Number(row.coverage ?? 0),
  }));
}

export async function searchVector(
  db: Database,
  vector: readonly number[],
  spaceId: number,
  limit: number,
): Promise<ScoredChunk[]> {
  const dimension = vector.length;
  // Both are inlined into the SQL (the partial index predicate and cast must appear literally for
  // the planner to match the HNSW index); both are integers checked here.
  if (!Number.isInteger(dimension) || dimension <= 0) throw new Error('empty query vector');
  if (!Number.isInteger(spaceId)) throw new Error('invalid embedding space');
  if (!Number.isInteger(limit) || limit <= 0) throw new Error('limit must be a positive integer');
  const distance = `c.embedding::vector(${dimension}) <=> $1::vector(${dimension})`;
  return db.transaction(async (tx) => {
    // Postgres' cost model prefers an exact scan on small tables; in WASM (PGlite) that costs ~30 ms
    // at 1,024 dimensions against ~2 ms through the HNSW index, so the index is asked for outright.
    // pgvector's default search list (40) is no wider than the hits we ask for, so near-ties moved
    // with each build's random graph (dev MRR 0.787 to 0.803); 100 ranks like an exact scan.
    await tx.exec(`SET LOCAL enable_seqscan = off; SET LOCAL hnsw.ef_search = ${Math.max(100, limit)}`);
    const rows = await tx.query<ChunkRow>(
      `WITH nearest AS (
         SELECT c.id, ${distance} AS distance FROM chunks c
          WHERE c.embedding_space = ${spaceId} ORDER BY ${distance} LIMIT $2
       )
       SELECT ${CHUNK_COLUMNS}, 1 - n.distance AS score
         FROM nearest n JOIN chunks c ON c.id = n.id JOIN documents d ON d.id = c.document_id
        ORDER BY n.distance`,
      [toVectorLiteral(vector), limit],
    );
    return rows.map(toChunk);
  });
}

/** Every word of the corpus with the number of chunks it appears in (for typo correction). */
export async function loadVocabulary(db: Queryable): Promise<Map<string, number>> {
  const rows = await db.query<{ word: string; chunk_count: number }>(
    'SELECT word, chunk_count FROM vocabulary',
  );
  return new Map(rows.map((row) => [row.word, Number(row.chunk_count)]));
}

/** Chunks under a heading phrased as a question: the FAQ entries of every document. */
export async function loadFaqChunks(db: Queryable): Promise<StoredChunk[]> {
  const rows = await db.query<ChunkRow>(
    `SELECT DISTINCT ON (c.document_id, c.section) ${CHUNK_COLUMNS}
       FROM chunks c JOIN documents d ON d.id = c.document_id
      WHERE c.section LIKE '%?' ORDER BY c.document_id, c.section, c.position`,
  );
  return rows.map(toChunk);
}

/** The chunks at the given positions of each document (for widening hits to their neighbours). */
export async function loadChunkTexts(
  db: Queryable,
  wanted: { documentId: number; positions: number[] }[],
): Promise<Map<string, { section: string; text: string }>> {
  const documentIds = wanted.flatMap((item) => item.positions.map(() => item.documentId));
  const positions = wanted.flatMap((item) => item.positions);
  if (positions.length === 0) return new Map();
  const rows = await db.query<{ document_id: string; position: number; section: string; text: string }>(
    `SELECT c.document_id, c.position, c.section, c.text
       FROM chunks c JOIN unnest($1::bigint[], $2::int[]) AS w(document_id, position)
         ON c.document_id = w.document_id AND c.position = w.position`,
    [documentIds, positions],
  );
  return new Map(
    rows.map((row) => [`${row.document_id}:${row.position}`, { section: row.section, text: row.text }]),
  );
}
