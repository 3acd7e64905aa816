import type { Database } from '../db/database.ts';

/** Arbitrary constant: ingestion runs on one Postgres take turns on this advisory lock. */
const INGEST_LOCK = 7_320_402;

/**
 * Runs one ingestion at a time across processes (several bot processes starting on one Postgres
 * each ingest KNOWLEDGE_DIR): the second waits, then finds the files unchanged. The lock is held by
 * a transaction of its own on Postgres, while the work runs on other pooled connections. PGlite is
 * one process with one connection, so there is nothing to take turns with.
 */
export async function withIngestLock<T>(db: Database, work: () => Promise<T>): Promise<T> {
  if (db.kind === 'pglite') return work();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [INGEST_LOCK]);
    return work();
  });
}
