import type { Database } from '../db/database.ts';

/** Arbitrary constant: ingestion runs on one Postgres take turns on this advisory lock. */
const INGEST_LOCK = 7_320_402;
/** How often a waiting run asks for the lock again. */
const RETRY_MS = 250;

/**
 * Runs one ingestion at a time across processes (several bot processes starting on one Postgres
 * each ingest KNOWLEDGE_DIR): the second waits, then finds the files unchanged. The lock is held by
 * a transaction of its own on Postgres, while the work runs on other pooled connections. PGlite is
 * one process with one connection, so there is nothing to take turns with.
 *
 * Neither the holder nor a waiter may keep a snapshot open while the work runs: a snapshot's xmin
 * stops every VACUUM in the database from marking the rows written since as all-visible. The
 * planner then costs an index-only scan of the postings as a heap fetch per row and reads whole
 * posting lists by bitmap instead of the head of the impact-ordered index (query p95 at 10k chunks
 * 74 ms instead of 24 ms). So the lock is taken by statements without parameters, which go by the
 * simple query protocol and leave no portal (and no snapshot) behind, and a waiter polls with
 * pg_try_advisory_xact_lock rather than blocking inside one long statement.
 */
export async function withIngestLock<T>(db: Database, work: () => Promise<T>): Promise<T> {
  if (db.kind === 'pglite') return work();
  return db.transaction(async (tx) => {
    for (;;) {
      const [row] = await tx.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_xact_lock(${INGEST_LOCK}) AS locked`,
      );
      if (row?.locked) break;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
    return work();
  });
}
