import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import type { Database } from '../db/database.ts';
import type { Embedder } from '../retrieval/embedder.ts';
import { toVectorLiteral } from '../retrieval/embedder.ts';
import { ensureEmbeddingSpace, reembedStaleChunks, refreshLexemeStats } from '../retrieval/chunk-store.ts';
import { normaliseText } from '../retrieval/normalise-query.ts';
import { contentWords } from '../retrieval/text-tokens.ts';
import { chunkMarkdown, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './chunk-markdown.ts';
import { frontMatterUrl, parseDocument, SUPPORTED_EXTENSIONS } from './parse-document.ts';
import { findUnsafePassages, type UnsafePassage } from './unsafe-passages.ts';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

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
  start(total: number): void;
  tick(path: string): void;
  stop(): void;
}

export interface IngestOptions {
  db: Database;
  embedder: Embedder;
  chunking?: ChunkOptions;
  progress?: IngestProgress;
}

/**
 * Brings the store in line with a folder (or one file): new and changed files are (re)chunked and
 * embedded, unchanged ones (same content hash) skipped, vanished ones removed. Re-running is a no-op.
 * A file that cannot be read or parsed is reported by name; the rest still goes in.
 */
export async function ingestPath(target: string, options: IngestOptions): Promise<IngestReport> {
  const { db, embedder } = options;
  const absolute = resolve(target);
  const info = await stat(absolute).catch(() => undefined);
  if (!info) throw new Error(`Nothing to ingest at ${target}: the path does not exist.`);
  const root = info.isDirectory() ? absolute : resolve(absolute, '..');
  const files = info.isDirectory() ? await listFiles(absolute) : [absolute];
  const spaceId = await ensureEmbeddingSpace(db, embedder);
  const known = new Map(
    (
      await db.query<{ id: string; path: string; content_hash: string; url: string | null }>(
        'SELECT id, path, content_hash, url FROM documents WHERE root = $1',
        [root],
      )
    ).map((row) => [row.path, row]),
  );
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
  options.progress?.start(files.length);
  for (const file of files) {
    const path = relative(root, file);
    options.progress?.tick(path);
    const outcome = await ingestFile(file, path, root, known.get(path), spaceId, options).catch(
      (error: unknown) => ({ failed: error instanceof Error ? error.message : String(error) }),
    );
    known.delete(path);
    if ('failed' in outcome) {
      report.failed.push({ path, reason: outcome.failed });
      continue;
    }
    report.warnings.push(...outcome.warnings.map((warning) => ({ path, ...warning })));
    if (outcome.status === 'unchanged') report.unchanged++;
    else {
      report[outcome.status]++;
      report.chunks += outcome.chunks;
    }
  }
  options.progress?.stop();
  // Only a whole-folder run knows which files vanished.
  if (info.isDirectory() && known.size > 0) {
    await db.query('DELETE FROM documents WHERE id = ANY($1::bigint[])', [
      [...known.values()].map((row) => row.id),
    ]);
    report.removed = known.size;
  }
  await reembedStaleChunks(db, embedder, spaceId);
  if (report.added + report.updated + report.removed > 0) await refreshLexemeStats(db);
  await db.query(
    `INSERT INTO ingest_runs (root, added, updated, removed, skipped, failed) VALUES ($1, $2, $3, $4, $5, $6)`,
    [root, report.added, report.updated, report.removed, report.unchanged, report.failed.length],
  );
  return report;
}

type FileOutcome =
  | { status: 'unchanged'; warnings: UnsafePassage[] }
  | { status: 'added' | 'updated'; chunks: number; warnings: UnsafePassage[] }
  | { failed: string };

async function ingestFile(
  file: string,
  path: string,
  root: string,
  existing: { id: string; content_hash: string; url: string | null } | undefined,
  spaceId: number,
  { db, embedder, chunking = DEFAULT_CHUNK_OPTIONS }: IngestOptions,
): Promise<FileOutcome> {
  const size = (await stat(file)).size;
  if (size > MAX_FILE_BYTES) {
    return {
      failed: `is ${(size / 1024 / 1024).toFixed(1)} MB; files over ${MAX_FILE_BYTES / 1024 / 1024} MB are skipped`,
    };
  }
  const bytes = await readFile(file);
  const hash = createHash('sha256').update(bytes).digest('hex');
  // Unchanged files are scanned too, so every start reminds the operator of what is still there.
  const warnings = findUnsafePassages(bytes.toString('utf8'));
  if (existing?.content_hash === hash) {
    // Documents stored before the url column existed get their link without being re-embedded.
    const url = frontMatterUrl(bytes.toString('utf8')) ?? null;
    if (url !== existing.url)
      await db.query('UPDATE documents SET url = $2 WHERE id = $1', [existing.id, url]);
    return { status: 'unchanged', warnings };
  }
  const parsed = parseDocument(file, bytes.toString('utf8'));
  if (!parsed.ok) return { failed: parsed.reason };
  const chunks = await chunkMarkdown(parsed.value.body, chunking);
  const titleSearch = normaliseText(parsed.value.title);
  const rows = chunks.map((chunk) => {
    const section = chunk.headingPath.join(' > ');
    const headingSearch = normaliseText(chunk.headingPath.join(' '));
    const bodySearch = normaliseText(chunk.text);
    const tokens = contentWords(`${titleSearch} ${headingSearch} ${bodySearch}`).length;
    return { ...chunk, section, headingSearch, bodySearch, tokens };
  });
  const vectors = await embedder.embed(
    rows.map((row) => `${titleSearch} ${row.headingSearch}\n${row.bodySearch}`),
  );
  await db.transaction(async (tx) => {
    if (existing) await tx.query('DELETE FROM documents WHERE id = $1', [existing.id]);
    const [document] = await tx.query<{ id: string }>(
      `INSERT INTO documents (root, path, title, doc_date, content_hash, bytes, url)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [root, path, parsed.value.title, parsed.value.date ?? null, hash, size, parsed.value.url ?? null],
    );
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO chunks (document_id, position, heading_path, section, text, title_search, heading_search,
                           body_search, token_count, embedding, embedding_space)
       SELECT $1, r.position, string_to_array(r.heading_path, chr(31)), r.section, r.text, $11, r.heading_search,
              r.body_search, r.token_count, r.embedding::vector, $2
         FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::text[])
              AS r(position, heading_path, section, text, heading_search, body_search, token_count, embedding)`,
      [
        document!.id,
        spaceId,
        rows.map((row) => row.position),
        rows.map((row) => row.headingPath.join('\u001f')),
        rows.map((row) => row.section),
        rows.map((row) => row.text),
        rows.map((row) => row.headingSearch),
        rows.map((row) => row.bodySearch),
        rows.map((row) => row.tokens),
        vectors.map(toVectorLiteral),
        titleSearch,
      ],
    );
    await tx.query('SELECT index_chunk_terms($1)', [document!.id]);
  });
  return { status: existing ? 'updated' : 'added', chunks: rows.length, warnings };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && SUPPORTED_EXTENSIONS.includes(extname(entry.name).toLowerCase()))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.split(/[\\/]/).some((part) => part === 'node_modules' || part.startsWith('.')))
    .sort();
}
