import { statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import type { Database } from '../db/database.ts';
import { ensureEmbeddingSpace, reembedStaleChunks } from '../retrieval/chunk-store.ts';
import {
  corpusAverageLength,
  finishCorpusStats,
  rebuildCorpusStats,
  removeDocuments,
  refreshDocuments,
  writeBehind,
  writeDocuments,
  type DocumentBatch,
} from '../retrieval/chunk-writer.ts';
import type { Embedder } from '../retrieval/embedder.ts';
import { dropSearchIndexes, ensureSearchIndexes } from '../retrieval/search-indexes.ts';
import { startWorkerEmbedder } from '../retrieval/worker-embedder.ts';
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './chunk-markdown.ts';
import { withIngestLock } from './ingest-lock.ts';
import {
  prepareBatches,
  type FileToIngest,
  type PreparedBatch,
  type StoredDocument,
} from './ingest-prepare.ts';
import { SUPPORTED_EXTENSIONS } from './parse-document.ts';
import type { UnsafePassage } from './unsafe-passages.ts';
import { unsafeRulesFingerprint } from './unsafe-rules-fingerprint.ts';

export { MAX_FILE_BYTES } from './ingest-prepare.ts';

export interface IngestReport {
  root: string;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  failed: { path: string; reason: string }[];
  chunks: number;
  /** Sentences the answerers will never quote (orders, trading advice, promised returns), by file and line. */
  warnings: ({ path: string } & UnsafePassage)[];
}

export interface IngestProgress {
  /** A phase begins with `total` units of work: bytes of files to read, or chunks to re-embed. */
  start(phase: 'ingesting' | 're-embedding', total: number): void;
  /** Units done so far in the phase, and chunks written so far. */
  update(done: number, chunks: number): void;
  stop(): void;
}

export interface IngestOptions {
  db: Database;
  embedder: Embedder;
  chunking?: ChunkOptions;
  progress?: IngestProgress;
  /** Chunks per batch: one embedding call and one transaction each. */
  batchChunks?: number;
  /** A first load into an empty store of at least this many bytes embeds on a worker thread. */
  offThreadBytes?: number;
}

const DEFAULT_BATCH_CHUNKS = 1000;
const DEFAULT_OFF_THREAD_BYTES = 2 * 1024 * 1024;

/**
 * Brings the store in line with a folder (or one file): new and changed files are (re)chunked and
 * embedded, unchanged ones (same content hash) skipped, vanished ones removed. Re-running is a no-op.
 * A file that cannot be read or parsed is reported by name; the rest still goes in. Files are
 * written in batches, one transaction each; into an empty store the search indexes are built once,
 * after loading.
 */
export async function ingestPath(target: string, options: IngestOptions): Promise<IngestReport> {
  const { db, embedder, progress } = options;
  const absolute = resolve(target);
  const info = await stat(absolute).catch(() => undefined);
  if (!info) throw new Error(`Nothing to ingest at ${target}: the path does not exist.`);
  const root = info.isDirectory() ? absolute : resolve(absolute, '..');
  const paths = info.isDirectory() ? await listFiles(absolute) : [absolute];
  return withIngestLock(db, async () => {
    const spaceId = await ensureEmbeddingSpace(db, embedder);
    const space = { id: spaceId, dimension: embedder.dimension };
    const known = new Map(
      (
        await db.query<StoredDocument & { path: string }>(
          'SELECT id, path, content_hash, url, unsafe_passages, unsafe_rules FROM documents WHERE root = $1',
          [root],
        )
      ).map((row) => [row.path, row]),
    );
    const files = statFiles(paths, root, known);
    for (const file of files) known.delete(file.path);
    const report: IngestReport = {
      root,
      added: 0,
      updated: 0,
      removed: 0,
      unchanged: 0,
      failed: [],
      chunks: 0,
      warnings: [],
    };

    const bulk = await isStoreEmpty(db);
    if (bulk) await dropSearchIndexes(db, space, { text: true });
    // A bulk load embeds on a second thread while this one writes; a small load or change is not
    // worth starting one (a few tenths of a second).
    const bytes = files.reduce((sum, file) => sum + file.size, 0);
    const offThread = bulk && bytes >= (options.offThreadBytes ?? DEFAULT_OFF_THREAD_BYTES);
    const worker = offThread ? startWorkerEmbedder(embedder) : undefined;
    try {
      await storeFiles(db, files, { ...options, embedder: worker ?? embedder, root, spaceId, bulk }, report);
      // Only a whole-folder run knows which files vanished.
      if (info.isDirectory() && known.size > 0) {
        await removeDocuments(
          db,
          [...known.values()].map((row) => row.id),
        );
        report.removed = known.size;
      }
      await reembedStaleChunks(db, embedder, spaceId, reembedProgress(progress));
    } finally {
      await worker?.close();
      // Also after a failure: the store must not be left without its indexes.
      if (bulk) await ensureSearchIndexes(db, space);
    }
    if (bulk) await rebuildCorpusStats(db);
    await finishCorpusStats(db, { force: bulk && report.chunks > 0 });
    await db.query(
      `INSERT INTO ingest_runs (root, added, updated, removed, skipped, failed) VALUES ($1, $2, $3, $4, $5, $6)`,
      [root, report.added, report.updated, report.removed, report.unchanged, report.failed.length],
    );
    return report;
  });
}

/** Prepares the files batch by batch and writes each batch while the next is prepared. */
async function storeFiles(
  db: Database,
  files: FileToIngest[],
  options: IngestOptions & { root: string; spaceId: number; bulk: boolean },
  report: IngestReport,
): Promise<void> {
  const { root, spaceId, progress, bulk } = options;
  const averageLength = await corpusAverageLength(db);
  progress?.start(
    'ingesting',
    files.reduce((sum, file) => sum + file.size, 0),
  );
  let bytesDone = 0;
  try {
    const batches = prepareBatches(files, {
      embedder: options.embedder,
      chunking: options.chunking ?? DEFAULT_CHUNK_OPTIONS,
      batchChunks: options.batchChunks ?? DEFAULT_BATCH_CHUNKS,
    });
    await writeBehind(batches, async (batch) => {
      const documents = batch.documents;
      await storeBatch(db, { root, spaceId, averageLength, documents, deferStatistics: bulk }, batch, report);
      bytesDone += batch.bytes;
      progress?.update(bytesDone, report.chunks);
    });
  } finally {
    progress?.stop();
  }
}

/**
 * Writes a batch in one transaction. Should it fail (a file another process wrote meanwhile, say),
 * each document is written alone, so only the one at fault is reported and the rest go in. The
 * batch's unsafe passages are reported for every file but those that failed, in file order.
 */
async function storeBatch(db: Database, batch: DocumentBatch, prepared: PreparedBatch, report: IngestReport) {
  report.unchanged += prepared.unchanged;
  report.failed.push(...prepared.failed);
  const failed = new Set(prepared.failed.map((entry) => entry.path));
  const fail = (path: string, error: unknown) => {
    report.failed.push({ path, reason: describe(error) });
    failed.add(path);
  };
  const count = (documents: DocumentBatch['documents']) => {
    for (const document of documents) {
      report[document.replaces ? 'updated' : 'added']++;
      report.chunks += document.chunks.length;
    }
  };
  try {
    await refreshDocuments(db, prepared.refreshes, unsafeRulesFingerprint());
  } catch (error) {
    // As when each file was handled alone: a file whose update failed is failed, not unchanged.
    report.unchanged -= prepared.refreshes.length;
    for (const refresh of prepared.refreshes) fail(refresh.path, error);
  }
  try {
    await writeDocuments(db, batch);
    count(batch.documents);
  } catch (error) {
    if (batch.documents.length === 1) fail(batch.documents[0]!.path, error);
    else {
      for (const document of batch.documents) {
        try {
          await writeDocuments(db, { ...batch, documents: [document] });
          count([document]);
        } catch (alone) {
          fail(document.path, alone);
        }
      }
    }
  }
  report.warnings.push(...prepared.warnings.filter((warning) => !failed.has(warning.path)));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function reembedProgress(progress: IngestProgress | undefined) {
  if (!progress) return undefined;
  let started = false;
  return (done: number, total: number) => {
    if (!started) progress.start('re-embedding', total);
    started = true;
    progress.update(done, done);
    if (done >= total) progress.stop();
  };
}

async function isStoreEmpty(db: Database): Promise<boolean> {
  return (await db.query('SELECT 1 FROM chunks LIMIT 1')).length === 0;
}

/** Synchronous, as the reads in ingest-prepare.ts are: one stat per file of the folder, every run. */
function statFiles(paths: string[], root: string, known: Map<string, StoredDocument>): FileToIngest[] {
  const files: FileToIngest[] = [];
  for (const file of paths) {
    const path = relative(root, file);
    files.push({ file, path, size: sizeOf(file), existing: known.get(path) });
  }
  return files;
}

/** 0 for a file that cannot be stat'ed: reading it then fails and is reported by name. */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && SUPPORTED_EXTENSIONS.includes(extname(entry.name).toLowerCase()))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.split(/[\\/]/).some((part) => part === 'node_modules' || part.startsWith('.')))
    .sort();
}
