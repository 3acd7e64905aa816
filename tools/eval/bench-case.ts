import { readdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createDatabase, type Database } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { ingestPath, type IngestProgress } from '../../knowledge/ingest.ts';
import { ensureEmbeddingSpace } from '../../retrieval/chunk-store.ts';
import type { Embedder } from '../../retrieval/embedder.ts';
import { createLocalEmbedder } from '../../retrieval/local-embedder.ts';
import { createRetriever } from '../../retrieval/retriever.ts';
import { percentile } from './score.ts';
import { timeStages, type IngestStage } from './stage-timer.ts';

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
  /** Re-ingesting the whole folder after one document gained a section. */
  update_s: number;
  /** The machine's 1-minute load average when the case ended (other work shares the cores). */
  load_1m: number;
  /** Database seconds of the first ingest by stage (writes overlap with preparing the next batch). */
  stages_s: Record<IngestStage, number>;
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
    const timer = timeStages(db);
    const started = performance.now();
    await ingestPath(options.corpusDir, { db: timer.db, embedder, progress: createDecileProgress() });
    const ingestSeconds = (performance.now() - started) / 1000;
    const stages = Object.fromEntries(
      Object.entries(timer.seconds).map(([stage, seconds]) => [stage, round(seconds)]),
    ) as Record<IngestStage, number>;
    process.stderr.write(
      `  stages: writes ${stages.writes} s (database time), HNSW ${stages.hnsw} s, ` +
        `text indexes ${stages.text_indexes} s, statistics ${stages.statistics} s\n`,
    );
    const chunks = await countChunks(db);
    const updateSeconds = await timeOneDocumentChange(db, embedder, options.corpusDir);

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
      update_s: round(updateSeconds, 100),
      load_1m: round(loadavg()[0] ?? 0),
      stages_s: stages,
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

function round(value: number, scale = 10): number {
  return Math.round(value * scale) / scale;
}

/**
 * One document gains a section and the folder is ingested again, as an operator's re-run after
 * editing a file would; the file is put back afterwards, for the next backend's case.
 */
async function timeOneDocumentChange(db: Database, embedder: Embedder, dir: string): Promise<number> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const first = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()[0];
  if (!first) return 0;
  const original = await readFile(first, 'utf8');
  await writeFile(
    first,
    `${original}\n## Operator note\n\nThis section was added to time an incremental re-ingest.\n`,
  );
  try {
    const started = performance.now();
    const report = await ingestPath(dir, { db, embedder });
    if (report.updated !== 1) throw new Error(`expected one updated document, got ${report.updated}`);
    return (performance.now() - started) / 1000;
  } finally {
    await writeFile(first, original);
  }
}
