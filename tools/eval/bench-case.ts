import { createDatabase, type Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { ingestPath, type IngestProgress } from '../../knowledge/ingest.ts';
import { ensureEmbeddingSpace } from '../../retrieval/chunk-store.ts';
import { createLocalEmbedder } from '../../retrieval/local-embedder.ts';
import { createRetriever } from '../../retrieval/retriever.ts';
import { percentile } from './score.ts';

export type BenchBackend = 'pglite' | 'postgres';

export interface BenchCaseOptions {
  backend: BenchBackend;
  /** Postgres URL of a throwaway database, or the PGlite data folder. */
  target: string;
  corpusDir: string;
  questions: string[];
  queries: number;
  warmUp: number;
}

export interface BenchCaseResult {
  backend: BenchBackend;
  chunks: number;
  ingest_s: number;
  chunks_per_s: number;
  query_p50_ms: number;
  query_p95_ms: number;
  query_max_ms: number;
  queries: number;
  /** Resident memory of the benchmark process after the queries, and its peak. */
  rss_mb: number;
  peak_rss_mb: number;
  db_mb: number;
}

/**
 * One backend at one size: ingest the generated folder with the real pipeline and local embedder,
 * then time `retrieve(question, 10)`, the call ask makes, over the questions in turn.
 */
export async function runBenchCase(options: BenchCaseOptions): Promise<BenchCaseResult> {
  const db = await createDatabase(
    options.backend === 'postgres' ? { url: options.target, dataDir: '' } : { dataDir: options.target },
  );
  try {
    await migrate(db);
    const embedder = createLocalEmbedder();
    const started = performance.now();
    await ingestPath(options.corpusDir, { db, embedder, progress: createDecileProgress() });
    const ingestSeconds = (performance.now() - started) / 1000;
    const chunks = await countChunks(db);

    const spaceId = await ensureEmbeddingSpace(db, embedder);
    const retriever = createRetriever({ db, embedder, spaceId });
    await retriever.reload();
    const questionAt = (index: number) => options.questions[index % options.questions.length]!;
    for (let index = 0; index < options.warmUp; index++) await retriever.retrieve(questionAt(index), 10);
    const times: number[] = [];
    for (let index = 0; index < options.queries; index++) {
      const queryStarted = performance.now();
      await retriever.retrieve(questionAt(index), 10);
      times.push(performance.now() - queryStarted);
    }
    return {
      backend: options.backend,
      chunks,
      ingest_s: round(ingestSeconds),
      chunks_per_s: Math.round(chunks / ingestSeconds),
      query_p50_ms: round(percentile(times, 50)),
      query_p95_ms: round(percentile(times, 95)),
      query_max_ms: round(Math.max(...times)),
      queries: times.length,
      rss_mb: Math.round(process.memoryUsage().rss / 2 ** 20),
      // maxRSS is in kilobytes.
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      db_mb: await databaseMegabytes(db),
    };
  } finally {
    await db.close();
  }
}

async function countChunks(db: Database): Promise<number> {
  const [row] = await db.query<{ count: string | number }>('SELECT count(*) AS count FROM chunks');
  return Number(row?.count ?? 0);
}

async function databaseMegabytes(db: Database): Promise<number> {
  const [row] = await db.query<{ bytes: string | number }>(
    'SELECT pg_database_size(current_database()) AS bytes',
  );
  return Math.round(Number(row?.bytes ?? 0) / 2 ** 20);
}

/** Plain progress lines on stderr every 10%: ingesting 100k chunks takes minutes. */
function createDecileProgress(): IngestProgress {
  let phase = '';
  let total = 0;
  let started = 0;
  let lastDecile = 0;
  return {
    start(name, count) {
      phase = name;
      total = count;
      started = performance.now();
      lastDecile = 0;
    },
    update(done, chunks) {
      const decile = Math.floor((done / Math.max(total, 1)) * 10);
      if (decile === lastDecile) return;
      lastDecile = decile;
      const seconds = (performance.now() - started) / 1000;
      process.stderr.write(
        `  ${phase} ${decile * 10}%: ${chunks} chunks in ${seconds.toFixed(0)} s (${Math.round(chunks / seconds)} chunks/s)\n`,
      );
    },
    stop() {},
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
