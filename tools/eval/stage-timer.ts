import type { Database, Transaction } from '../../db/database.ts';

export type IngestStage = 'hnsw' | 'text_indexes' | 'statistics' | 'writes';

/**
 * Which stage of an ingestion a statement belongs to, by its text: index builds, the statistics
 * (rebuild, IDF refresh, ANALYZE, VACUUM), and everything else (documents, chunks, postings).
 */
export function stageOf(sql: string): IngestStage {
  if (/CREATE INDEX[\s\S]*USING hnsw/i.test(sql)) return 'hnsw';
  if (/CREATE INDEX/i.test(sql)) return 'text_indexes';
  if (/rebuild_corpus_stats|refresh_lexeme_idf|\bANALYZE\b|\bVACUUM\b/i.test(sql)) return 'statistics';
  return 'writes';
}

/**
 * Wraps a database so the time its statements take is summed per ingestion stage: the benchmark's
 * breakdown of where an ingest's seconds go. Writes overlap with preparing the next batch (see
 * writeBehind), so their sum is database time, not wall time.
 */
export function timeStages(db: Database): { db: Database; seconds: Record<IngestStage, number> } {
  const seconds: Record<IngestStage, number> = { hnsw: 0, text_indexes: 0, statistics: 0, writes: 0 };
  const timed = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      seconds[stageOf(sql)] += (performance.now() - started) / 1000;
    }
  };
  const wrap = (tx: Transaction): Transaction => ({
    ...(tx.lost ? { lost: tx.lost } : {}),
    query: (sql, params) => timed(sql, () => tx.query(sql, params)),
    exec: (sql) => timed(sql, () => tx.exec(sql)),
  });
  return {
    seconds,
    db: {
      ...wrap(db),
      kind: db.kind,
      transaction: (work) => db.transaction((tx) => work(wrap(tx))),
      close: () => db.close(),
    },
  };
}
