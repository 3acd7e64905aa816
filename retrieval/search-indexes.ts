import type { Database, Queryable } from '../db/database.ts';

/**
 * The search indexes that a bulk load builds after loading rather than row by row: Postgres builds
 * a GIN, B-tree or HNSW index from sorted or in-memory input many times faster than it maintains one
 * insert at a time. The definitions match migrations 0001 and 0005 (a test compares them); any
 * that a crashed load left missing are recreated the next time a space is opened.
 */
const TEXT_INDEXES: SearchIndex[] = [
  {
    name: 'chunks_tsv_idx',
    create: 'CREATE INDEX IF NOT EXISTS chunks_tsv_idx ON chunks USING gin (tsv) WITH (fastupdate = off)',
  },
  {
    name: 'chunk_terms_lexeme_idx',
    create:
      'CREATE INDEX IF NOT EXISTS chunk_terms_lexeme_idx ON chunk_terms (lexeme, impact DESC) INCLUDE (chunk_id)',
  },
  {
    name: 'chunk_terms_chunk_idx',
    create: 'CREATE INDEX IF NOT EXISTS chunk_terms_chunk_idx ON chunk_terms (chunk_id)',
  },
];

interface SearchIndex {
  name: string;
  create: string;
}

export interface EmbeddingSpace {
  id: number;
  dimension: number;
}

/** The partial HNSW index of one space. DDL takes no parameters: both values are checked integers. */
function vectorIndex({ id, dimension }: EmbeddingSpace): SearchIndex {
  if (!Number.isInteger(id) || !Number.isInteger(dimension)) throw new Error('invalid embedding space');
  const name = `chunks_embedding_space_${id}_hnsw`;
  return {
    name,
    create: `CREATE INDEX IF NOT EXISTS ${name} ON chunks
       USING hnsw ((embedding::vector(${dimension})) vector_cosine_ops) WHERE embedding_space = ${id}`,
  };
}

/** Creates whichever of the search indexes and the space's vector index are missing. */
export async function ensureSearchIndexes(db: Database, space: EmbeddingSpace): Promise<void> {
  // Looked up first: CREATE INDEX IF NOT EXISTS still locks the table against concurrent writers.
  const existing = new Set(
    (
      await db.query<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('chunks', 'chunk_terms')`,
      )
    ).map((row) => row.indexname),
  );
  const missing = [...TEXT_INDEXES, vectorIndex(space)].filter((index) => !existing.has(index.name));
  if (missing.length > 0)
    await withIndexMemory(
      db,
      space,
      missing.map((index) => index.create),
    );
}

/** Drops the space's vector index (and the text indexes too, for a load into an empty store). */
export async function dropSearchIndexes(
  db: Database,
  space: EmbeddingSpace,
  { text }: { text: boolean },
): Promise<void> {
  const indexes = [...(text ? TEXT_INDEXES : []), vectorIndex(space)];
  await db.exec(indexes.map((index) => `DROP INDEX IF EXISTS ${index.name}`).join('; '));
}

/**
 * Runs index builds in one transaction with maintenance_work_mem sized to the space's vectors: an
 * HNSW graph that does not fit is built far more slowly (pgvector warns "hnsw graph no longer fits
 * into maintenance_work_mem"). PGlite's 32-bit WASM heap caps it lower.
 */
async function withIndexMemory(db: Database, space: EmbeddingSpace, statements: string[]): Promise<void> {
  const vectors = await countSpaceChunks(db, space.id);
  // A vector of 4 bytes per dimension plus about 1 kB of graph per element, with room to spare.
  const wanted = Math.ceil((vectors * (4 * space.dimension + 1024) * 1.5) / 2 ** 20);
  const megabytes = Math.min(Math.max(wanted, 64), db.kind === 'pglite' ? 512 : 4096);
  await db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL maintenance_work_mem = '${megabytes}MB'`);
    for (const statement of statements) await tx.exec(statement);
  });
}

export async function countSpaceChunks(db: Queryable, spaceId: number): Promise<number> {
  const [row] = await db.query<{ count: string | number }>(
    'SELECT count(*) AS count FROM chunks WHERE embedding_space = $1',
    [spaceId],
  );
  return Number(row?.count ?? 0);
}
