import type { Queryable } from '../../db/database.ts';

/**
 * Everything ingestion writes, keyed by path and position instead of ids: documents, chunks with
 * their search forms, tsvector and vector, postings, and the corpus statistics. Two stores that
 * hold the same knowledge give equal snapshots whatever order or batches they were written in.
 */
export interface StoreSnapshot {
  documents: Record<string, unknown>[];
  chunks: Record<string, unknown>[];
  postings: Record<string, unknown>[];
  lexemes: Record<string, unknown>[];
  vocabulary: Record<string, unknown>[];
  corpus: Record<string, unknown>[];
}

export async function snapshotStore(db: Queryable): Promise<StoreSnapshot> {
  const documents = await db.query(
    `SELECT path, title, to_char(doc_date, 'YYYY-MM-DD') AS doc_date, content_hash, bytes
       FROM documents ORDER BY path`,
  );
  const chunks = await db.query<Record<string, unknown> & { embedding: string }>(
    `SELECT d.path, c.position, c.heading_path, c.section, c.text, c.title_search, c.heading_search,
            c.body_search, c.tsv::text AS tsv, c.token_count, c.embedding::text AS embedding
       FROM chunks c JOIN documents d ON d.id = c.document_id ORDER BY d.path, c.position`,
  );
  const postings = await db.query(
    `SELECT d.path, c.position, t.lexeme, t.impact
       FROM chunk_terms t JOIN chunks c ON c.id = t.chunk_id JOIN documents d ON d.id = c.document_id
      ORDER BY d.path, c.position, t.lexeme`,
  );
  const lexemes = await db.query('SELECT lexeme, chunk_count, idf FROM lexeme_stats ORDER BY lexeme');
  const vocabulary = await db.query('SELECT word, chunk_count FROM vocabulary ORDER BY word');
  const corpus = await db.query('SELECT chunk_count, avg_token_count FROM corpus_stats');
  return {
    documents,
    // Vectors to six decimals: what the first ingestion path stored (pgvector's toSql writes more).
    chunks: chunks.map((chunk) => ({ ...chunk, embedding: roundVector(chunk.embedding) })),
    postings,
    lexemes,
    vocabulary,
    corpus,
  };
}

function roundVector(text: string): number[] {
  return (JSON.parse(text) as number[]).map((value) => Math.round(value * 1e6) / 1e6);
}
