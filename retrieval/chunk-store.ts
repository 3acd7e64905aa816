import type { Database, Queryable } from '../db/database.ts';
import { toVectorLiteral, type Embedder } from './embedder.ts';

export interface StoredChunk {
  id: number;
  documentId: number;
  path: string;
  root: string;
  title: string;
  docDate?: string;
  /** The document's web address (front matter `url`), when it has one. */
  url?: string;
  section: string;
  position: number;
  text: string;
}

export interface ScoredChunk extends StoredChunk {
  score: number;
}

export const CHUNK_COLUMNS = `c.id, c.document_id, d.path, d.root, d.title, to_char(d.doc_date, 'YYYY-MM-DD') AS doc_date, d.url,
  c.section, c.position, c.text`;

export interface ChunkRow {
  id: string | number;
  document_id: string | number;
  path: string;
  root: string;
  title: string;
  doc_date: string | null;
  url?: string | null;
  section: string;
  position: number;
  text: string;
  score?: number | string;
}

export function toChunk(row: ChunkRow): ScoredChunk {
  return {
    id: Number(row.id),
    documentId: Number(row.document_id),
    path: row.path,
    root: row.root,
    title: row.title,
    docDate: row.doc_date ?? undefined,
    ...(row.url ? { url: row.url } : {}),
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
