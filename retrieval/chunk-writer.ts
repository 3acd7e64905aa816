import type { Database, Transaction } from '../db/database.ts';
import { toVectorLiteral } from './vector-literal.ts';

/**
 * The write side of the chunk store: documents with their chunks, vectors and postings go in by
 * batches, each batch one transaction of a few set-based statements (unnest arrays), and the corpus
 * statistics follow by deltas (count_documents in db/migrations/0007_bulk_ingest.sql).
 */

/** The text a chunk is embedded from: its title, heading path and body, in their search forms. */
export function embeddingText(titleSearch: string, headingSearch: string, bodySearch: string): string {
  return `${titleSearch} ${headingSearch}\n${bodySearch}`;
}

/**
 * Writes each item while the next is being prepared (read, chunked, embedded), so the database and
 * the embedder work at the same time; at most one write is in flight, and writes keep their order.
 */
export async function writeBehind<T>(items: AsyncIterable<T>, write: (item: T) => Promise<void>) {
  let pending: Promise<unknown> = Promise.resolve();
  let failure: { error: unknown } | undefined;
  try {
    for await (const item of items) {
      await pending;
      if (failure) break;
      // Caught at once: a rejection left waiting while the next item is prepared would be unhandled.
      pending = write(item).catch((error: unknown) => (failure = { error }));
    }
  } finally {
    await pending;
  }
  if (failure) throw failure.error;
}

export interface ChunkToWrite {
  position: number;
  headingPath: string[];
  section: string;
  text: string;
  headingSearch: string;
  bodySearch: string;
  tokenCount: number;
  embedding: readonly number[];
}

export interface DocumentToWrite {
  path: string;
  title: string;
  date?: string;
  /** The document's web address (front matter `url`). */
  url?: string;
  /** What ingestion's scan for unsafe passages found (stored as given), and the rules' fingerprint. */
  unsafePassages?: unknown[];
  unsafeRules?: string;
  contentHash: string;
  bytes: number;
  titleSearch: string;
  chunks: ChunkToWrite[];
  /** Id of the stored version this one replaces. */
  replaces?: string;
}

export interface DocumentBatch {
  root: string;
  spaceId: number;
  /** The average chunk length the postings are weighted with (see corpusAverageLength). */
  averageLength: string;
  documents: DocumentToWrite[];
  /**
   * Leave the statistics to one rebuildCorpusStats at the end of the run: a load into an empty
   * store counts every chunk once over, where batch by batch it would merge each batch's counts.
   */
  deferStatistics?: boolean;
}

/**
 * The average chunk length postings are weighted against: the corpus' when it has one, else 100
 * tokens (about a chunk of 1,000 characters). A run reads it once, so all its files are weighted
 * alike, as when each file was indexed against statistics refreshed only at the end of the run.
 * Kept as Postgres' text of a real, so it goes back in unchanged.
 */
export async function corpusAverageLength(db: Database): Promise<string> {
  const [row] = await db.query<{ value: string }>(
    `SELECT coalesce((SELECT avg_token_count FROM corpus_stats WHERE avg_token_count > 0), 100)::text AS value`,
  );
  return row?.value ?? '100';
}

/** Writes a batch: replaced versions out, then documents, chunks with vectors, postings, statistics. */
export async function writeDocuments(db: Database, batch: DocumentBatch): Promise<void> {
  const { root, spaceId, averageLength, documents } = batch;
  if (documents.length === 0) return;
  await db.transaction(async (tx) => {
    const replaced = documents.flatMap((document) => (document.replaces ? [document.replaces] : []));
    if (replaced.length > 0) await deleteDocuments(tx, replaced);
    const inserted = await tx.query<{ id: string; path: string }>(
      `INSERT INTO documents (root, path, title, doc_date, content_hash, bytes, url, unsafe_passages, unsafe_rules)
       SELECT $1, d.path, d.title, d.doc_date, d.content_hash, d.bytes, d.url, d.unsafe_passages::jsonb, d.unsafe_rules
         FROM unnest($2::text[], $3::text[], $4::date[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[])
              AS d(path, title, doc_date, content_hash, bytes, url, unsafe_passages, unsafe_rules)
       RETURNING id, path`,
      [
        root,
        documents.map((document) => document.path),
        documents.map((document) => document.title),
        documents.map((document) => document.date ?? null),
        documents.map((document) => document.contentHash),
        documents.map((document) => document.bytes),
        documents.map((document) => document.url ?? null),
        documents.map((document) =>
          document.unsafePassages ? JSON.stringify(document.unsafePassages) : null,
        ),
        documents.map((document) => document.unsafeRules ?? null),
      ],
    );
    const idOf = new Map(inserted.map((row) => [row.path, row.id]));
    const rows = documents.flatMap((document) =>
      document.chunks.map((chunk) => ({ ...chunk, documentId: idOf.get(document.path)!, document })),
    );
    if (rows.length > 0) {
      await tx.query(
        `INSERT INTO chunks (document_id, position, heading_path, section, text, title_search, heading_search,
                             body_search, token_count, embedding, embedding_space)
         SELECT r.document_id, r.position, string_to_array(r.heading_path, chr(31)), r.section, r.text,
                r.title_search, r.heading_search, r.body_search, r.token_count, r.embedding::vector, $1
           FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::text[], $10::int[], $11::text[])
                AS r(document_id, position, heading_path, section, text, title_search, heading_search,
                     body_search, token_count, embedding)`,
        [
          spaceId,
          rows.map((row) => row.documentId),
          rows.map((row) => row.position),
          rows.map((row) => row.headingPath.join('\u001f')),
          rows.map((row) => row.section),
          rows.map((row) => row.text),
          rows.map((row) => row.document.titleSearch),
          rows.map((row) => row.headingSearch),
          rows.map((row) => row.bodySearch),
          rows.map((row) => row.tokenCount),
          rows.map((row) => toVectorLiteral(row.embedding)),
        ],
      );
    }
    const ids = inserted.map((row) => row.id);
    await tx.query('SELECT index_chunk_terms_of($1::bigint[], $2::real)', [ids, averageLength]);
    if (!batch.deferStatistics) await tx.query('SELECT count_documents($1::bigint[], 1)', [ids]);
  });
}

/**
 * Brings unchanged documents' web addresses and unsafe passages up to date, in one statement: the
 * front-matter url of a document stored before the column, passages found by other rules.
 */
export async function refreshDocuments(
  db: Database,
  refreshes: readonly { id: string; url: string | null; unsafePassages: unknown[] }[],
  unsafeRules: string,
): Promise<void> {
  if (refreshes.length === 0) return;
  await db.query(
    `UPDATE documents d SET url = u.url, unsafe_passages = u.unsafe_passages::jsonb, unsafe_rules = $4
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, url, unsafe_passages) WHERE d.id = u.id`,
    [
      refreshes.map((refresh) => refresh.id),
      refreshes.map((refresh) => refresh.url),
      refreshes.map((refresh) => JSON.stringify(refresh.unsafePassages)),
      unsafeRules,
    ],
  );
}

/** Removes documents with their chunks and postings, and their share of the statistics. */
export async function removeDocuments(db: Database, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction((tx) => deleteDocuments(tx, ids));
}

async function deleteDocuments(tx: Transaction, ids: readonly string[]): Promise<void> {
  await tx.query('SELECT count_documents($1::bigint[], -1)', [ids]);
  // Postings have no foreign key to cascade along (migration 0009): they go here, with their chunks.
  await tx.query(
    'DELETE FROM chunk_terms WHERE chunk_id IN (SELECT id FROM chunks WHERE document_id = ANY($1::bigint[]))',
    [ids],
  );
  await tx.query('DELETE FROM documents WHERE id = ANY($1::bigint[])', [ids]);
}

/** Recomputes the statistics over every chunk (after a bulk load; also a repair). */
export async function rebuildCorpusStats(db: Database): Promise<void> {
  await db.query('SELECT rebuild_corpus_stats()');
}

/**
 * Ends a run: every IDF at the final chunk count, and fresh planner statistics once a tenth of the
 * chunks changed since the last refresh (as autovacuum's analyze threshold; PGlite has no
 * autovacuum, and without statistics its planner treats the tables as empty). A small change to a
 * large store costs neither an ANALYZE nor a VACUUM.
 */
export async function finishCorpusStats(db: Database, { force = false } = {}): Promise<void> {
  await db.query('SELECT refresh_lexeme_idf()');
  const [stats] = await db.query<{ chunk_count: number; chunks_changed: number }>(
    'SELECT chunk_count, chunks_changed FROM corpus_stats',
  );
  const changed = Number(stats?.chunks_changed ?? 0);
  if (!force && (changed === 0 || changed * 10 < Number(stats?.chunk_count ?? 0))) return;
  await db.transaction(async (tx) => {
    // Committed synchronously, which flushes the WAL of every commit before it: under
    // synchronous_commit = off the vacuum below could not yet set the hint bits of rows committed a
    // moment ago (their commit LSN, kept per group of 32 transactions, not yet on disk), and so could
    // not mark their pages all-visible.
    await tx.exec('SET LOCAL synchronous_commit = on');
    await tx.exec('ANALYZE chunks; ANALYZE lexeme_stats; ANALYZE documents; ANALYZE corpus_stats');
    await tx.query('UPDATE corpus_stats SET chunks_changed = 0');
  });
  // The vacuum marks the postings' pages all-visible, so reading a term's head is an index-only
  // scan; with none marked, the planner reads whole posting lists instead (see ingest-lock.ts).
  await db.exec('VACUUM (ANALYZE) chunk_terms'); // alone: several statements form one transaction
}
