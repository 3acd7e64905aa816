import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDatabase } from '../../db/database.ts';
import { runBenchCase, type BenchBackend, type BenchCaseResult } from './bench-case.ts';
import { loadCorpusPools, writeSyntheticCorpus } from './synthetic-corpus.ts';

const WARM_UP = 20;
const SEED = 20_240_601;
const METHOD = 'markdown files ingested with the real ingestPath pipeline (local embedder)';
const sharedDir = fileURLToPath(new URL('../../../shared/', import.meta.url));

type CaseOutcome = BenchCaseResult | { backend: BenchBackend; chunks: number; error: string };

/**
 * Retrieval at scale: synthetic corpora recombined from the real one, ingested and queried on PGlite
 * and (with DATABASE_URL) Postgres. Each backend and size runs in its own child process, so PGlite
 * running out of its 32-bit WASM memory is reported as a failed row instead of ending the run, and
 * each row's memory is its own.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000' },
      backends: { type: 'string' },
      queries: { type: 'string', default: '200' },
      corpus: { type: 'string', default: join(sharedDir, 'corpus') },
      questions: { type: 'string', default: join(sharedDir, 'eval', 'dev.jsonl') },
      keep: { type: 'boolean', default: false },
      // Internal: run one case in this process and print its result as JSON.
      case: { type: 'string' },
      target: { type: 'string' },
      dir: { type: 'string' },
    },
  });
  const queries = Number(values.queries);
  const questions = readQuestions(values.questions);
  if (values.case) {
    const result = await runBenchCase({
      backend: values.case as BenchBackend,
      target: values.target ?? '',
      corpusDir: values.dir ?? '',
      questions,
      queries,
      warmUp: WARM_UP,
    });
    console.log(JSON.stringify(result));
    return;
  }

  const databaseUrl = process.env.DATABASE_URL;
  const sizes = values.sizes.split(',').map(Number);
  const backends = (values.backends ?? (databaseUrl ? 'pglite,postgres' : 'pglite')).split(',');
  if (sizes.some((size) => !Number.isInteger(size) || size <= 0) || !(queries > 0)) {
    console.error(
      'usage: npm run bench:retrieval -- [--sizes 10000,100000] [--backends pglite,postgres] [--queries 200] [--keep]',
    );
    process.exitCode = 2;
    return;
  }
  const pools = await loadCorpusPools(resolve(values.corpus));
  console.log(
    `corpus: ${pools.titles.length} documents, ${pools.chunkLengths.length} chunks, ${pools.sentences.length} sentences, ` +
      `${pools.headings.length} headings; ${questions.length} questions, ${WARM_UP} warm-up + ${queries} timed queries per row`,
  );
  console.log(`method: ${METHOD}`);
  const outcomes: CaseOutcome[] = [];
  for (const size of sizes) {
    const corpusDir = mkdtempSync(join(tmpdir(), `depin-bench-corpus-${size}-`));
    try {
      const started = performance.now();
      const corpus = await writeSyntheticCorpus(pools, corpusDir, size, SEED);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`generated ${corpus.chunks} chunks in ${corpus.files} files in ${seconds} s`);
      for (const backend of backends) {
        const outcome = await runCase(backend, size, corpusDir, databaseUrl, values);
        outcomes.push(outcome);
        console.log(formatRow(outcome));
      }
    } finally {
      rmSync(corpusDir, { recursive: true, force: true });
    }
  }
  console.log(`\n${HEADER}\n${outcomes.map(formatRow).join('\n')}`);
  console.log(JSON.stringify({ method: METHOD, seed: SEED, warm_up: WARM_UP, results: outcomes }));
}

async function runCase(
  backend: string,
  size: number,
  corpusDir: string,
  databaseUrl: string | undefined,
  flags: { queries: string; questions: string; keep: boolean },
): Promise<CaseOutcome> {
  const fail = (error: string): CaseOutcome => ({ backend: backend as BenchBackend, chunks: size, error });
  const args = ['--dir', corpusDir, '--queries', flags.queries, '--questions', flags.questions];
  if (backend === 'pglite') {
    // A throwaway folder, never ./data; on disk rather than memory:// so table data stays out of the heap.
    const dataDir = mkdtempSync(join(tmpdir(), 'depin-bench-pglite-'));
    try {
      return await runChild([...args, '--case', 'pglite', '--target', dataDir]).catch((error: Error) =>
        fail(error.message),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (backend !== 'postgres') return fail(`unknown backend ${backend}`);
  if (!databaseUrl) return fail('DATABASE_URL is not set');
  const name = `depin_bench_${process.pid}_${size}`;
  const admin = await createDatabase({ url: databaseUrl, dataDir: '' });
  try {
    await admin.exec(`DROP DATABASE IF EXISTS ${name}`);
    await admin.exec(`CREATE DATABASE ${name}`);
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    return await runChild([...args, '--case', 'postgres', '--target', url.toString()]).catch((error: Error) =>
      fail(error.message),
    );
  } finally {
    if (flags.keep) console.log(`kept database ${name}`);
    else await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.close();
  }
}

/** Runs one case in a child process; its last stdout line is the result, its stderr passes through. */
function runChild(args: string[]): Promise<BenchCaseResult> {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr.on('data', (data: Buffer) => {
    stderr += data.toString();
    process.stderr.write(data);
  });
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && last.startsWith('{')) return resolvePromise(JSON.parse(last) as BenchCaseResult);
      const reason = lastErrorLine(stderr) ?? 'no output';
      reject(new Error(`exited with ${signal ?? `code ${code}`}: ${reason}`));
    });
  });
}

function lastErrorLine(stderr: string): string | undefined {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  return (
    lines
      .find((line) => /error|abort|memory/i.test(line))
      ?.trim()
      .slice(0, 300) ?? lines.at(-1)
  );
}

const HEADER =
  'backend   chunks   ingest s  chunks/s  update s  p50 ms  p95 ms  max ms  RSS MB  peak RSS MB  db MB  load';

function formatRow(outcome: CaseOutcome): string {
  const start = `${outcome.backend.padEnd(9)} ${String(outcome.chunks).padStart(6)}`;
  if ('error' in outcome) return `${start}   FAILED: ${outcome.error}`;
  const cells = [
    [outcome.ingest_s, 8],
    [outcome.chunks_per_s, 8],
    [outcome.update_s, 8],
    [outcome.query_p50_ms, 6],
    [outcome.query_p95_ms, 6],
    [outcome.query_max_ms, 6],
    [outcome.rss_mb, 6],
    [outcome.peak_rss_mb, 11],
    [outcome.db_mb, 5],
    [outcome.load_1m, 4],
  ] as const;
  return `${start}  ${cells.map(([value, width]) => String(value).padStart(width)).join('  ')}`;
}

function readQuestions(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { question: string }).question);
}

await main();
