import type { Database, Queryable } from '../db/database.ts';
import { embeddingText, writeBehind } from './chunk-writer.ts';
import type { Embedder } from './embedder.ts';
import { toVectorLiteral } from './vector-literal.ts';
import { countSpaceChunks, dropSearchIndexes, ensureSearchIndexes } from './search-indexes.ts';

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

/**
 * Registers the embedder's vector space and makes sure its partial HNSW index (and the text search
 * indexes a crashed bulk load may have left unbuilt) exist; returns the space id.
 */
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
  await ensureSearchIndexes(db, { id, dimension: Number(space.dimension) });
  return id;
}

/**
 * Embeds every chunk whose vector belongs to another space (a changed model) or has none, by the
 * same batched path as ingestion: pages of chunks in id order, each written by one UPDATE while the
 * next page is embedded, and a space that held no vectors gets its HNSW index built once, after.
 */
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
  if (total === 0) return 0;
  const space = { id: spaceId, dimension: embedder.dimension };
  const emptySpace = (await countSpaceChunks(db, spaceId)) === 0;
  if (emptySpace) await dropSearchIndexes(db, space, { text: false });
  async function* pages() {
    let after = '0';
    for (;;) {
      const rows = await db.query<{
        id: string;
        title_search: string;
        heading_search: string;
        body_search: string;
      }>(
        `SELECT id, title_search, heading_search, body_search FROM chunks
          WHERE id > $1 AND embedding_space IS DISTINCT FROM $2 ORDER BY id LIMIT $3`,
        [after, spaceId, REEMBED_PAGE],
      );
      if (rows.length === 0) return;
      after = rows.at(-1)!.id;
      const vectors = await embedder.embed(
        rows.map((row) => embeddingText(row.title_search, row.heading_search, row.body_search)),
      );
      yield { ids: rows.map((row) => row.id), vectors };
    }
  }
  let done = 0;
  await writeBehind(pages(), async ({ ids, vectors }) => {
    await db.query(
      `UPDATE chunks SET embedding = v.embedding::vector, embedding_space = $3
         FROM unnest($1::bigint[], $2::text[]) AS v(id, embedding) WHERE chunks.id = v.id`,
      [ids, vectors.map(toVectorLiteral), spaceId],
    );
    done += ids.length;
    onProgress?.(done, total);
  });
  if (emptySpace) await ensureSearchIndexes(db, space);
  return done;
}

/** Chunks re-embedded per statement. */
const REEMBED_PAGE = 1000;

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
