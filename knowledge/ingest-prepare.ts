import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DocumentToWrite } from '../retrieval/chunk-writer.ts';
import { embeddingText } from '../retrieval/chunk-writer.ts';
import type { Embedder } from '../retrieval/embedder.ts';
import { normaliseText } from '../retrieval/normalise-query.ts';
import { contentWords } from '../retrieval/text-tokens.ts';
import { chunkMarkdown, type ChunkOptions } from './chunk-markdown.ts';
import { frontMatterUrl, parseDocument } from './parse-document.ts';
import { findUnsafePassages, type UnsafePassage } from './unsafe-passages.ts';
import { unsafeRulesFingerprint } from './unsafe-rules-fingerprint.ts';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface FileToIngest {
  /** Absolute path. */
  file: string;
  /** Path relative to the root, as stored and cited. */
  path: string;
  size: number;
  /** The stored version, when there is one. */
  existing?: StoredDocument;
}

/** What ingestion reads back about a stored document. */
export interface StoredDocument {
  id: string;
  content_hash: string;
  url: string | null;
  unsafe_passages: UnsafePassage[] | null;
  /** Fingerprint of the rules that found unsafe_passages (unsafeRulesFingerprint). */
  unsafe_rules: string | null;
}

/** A stored, unchanged document whose url or unsafe passages are out of date. */
export interface DocumentRefresh {
  id: string;
  path: string;
  url: string | null;
  unsafePassages: UnsafePassage[];
}

/** What one batch of files came to: documents ready to write, and the files that need nothing. */
export interface PreparedBatch {
  documents: DocumentToWrite[];
  unchanged: number;
  /**
   * Unchanged documents whose front-matter url differs from the stored one (or was stored before
   * the column), or whose unsafe passages were found by other rules.
   */
  refreshes: DocumentRefresh[];
  failed: { path: string; reason: string }[];
  /** Unsafe passages of the batch's files, changed or not, in file order. */
  warnings: ({ path: string } & UnsafePassage)[];
  /** Bytes of the batch's files, for the progress bar. */
  bytes: number;
}

export interface PrepareOptions {
  embedder: Embedder;
  chunking: ChunkOptions;
  /** A batch closes once its documents hold this many chunks. */
  batchChunks: number;
}

/**
 * Reads, hashes, parses and chunks the files in order and embeds each batch's chunks in one call,
 * yielding batches of about `batchChunks` chunks. Unchanged files (same content hash) are skipped;
 * a file that cannot be read, parsed or embedded is reported by name and the rest go on.
 */
export async function* prepareBatches(
  files: readonly FileToIngest[],
  options: PrepareOptions,
): AsyncGenerator<PreparedBatch> {
  let batch = emptyBatch();
  let texts: string[] = [];
  const close = async () => {
    const done = batch;
    const pending = texts;
    batch = emptyBatch();
    texts = [];
    return embedBatch(done, pending, options.embedder);
  };
  for (const [index, entry] of files.entries()) {
    // Files are read synchronously (see readFileSync below); now and then the event loop gets a turn.
    if (index % YIELD_EVERY_FILES === YIELD_EVERY_FILES - 1) await new Promise(setImmediate);
    batch.bytes += entry.size;
    const outcome = await prepareFile(entry, options.chunking).catch((error: unknown) => ({
      failed: error instanceof Error ? error.message : String(error),
    }));
    if ('failed' in outcome) {
      batch.failed.push({ path: entry.path, reason: outcome.failed });
    } else {
      batch.warnings.push(...outcome.warnings.map((warning) => ({ path: entry.path, ...warning })));
      if ('unchanged' in outcome) {
        batch.unchanged++;
        if (outcome.refresh) batch.refreshes.push(outcome.refresh);
      } else {
        batch.documents.push(outcome.document);
        texts.push(...outcome.texts);
      }
    }
    if (texts.length >= options.batchChunks) yield await close();
  }
  if (batch.bytes > 0) yield await close();
}

/** Files read between two turns of the event loop: a few milliseconds of reading. */
const YIELD_EVERY_FILES = 64;

function emptyBatch(): PreparedBatch {
  return { documents: [], unchanged: 0, refreshes: [], failed: [], warnings: [], bytes: 0 };
}

async function embedBatch(batch: PreparedBatch, texts: string[], embedder: Embedder): Promise<PreparedBatch> {
  if (texts.length === 0) return batch;
  try {
    const vectors = await embedder.embed(texts);
    let next = 0;
    for (const document of batch.documents) {
      for (const chunk of document.chunks) chunk.embedding = vectors[next++]!;
    }
    return batch;
  } catch (error) {
    const reason = `could not be embedded: ${error instanceof Error ? error.message : String(error)}`;
    return {
      ...batch,
      documents: [],
      failed: [...batch.failed, ...batch.documents.map((document) => ({ path: document.path, reason }))],
    };
  }
}

type FileOutcome =
  | { failed: string }
  | { unchanged: true; refresh?: DocumentRefresh; warnings: UnsafePassage[] }
  | { document: DocumentToWrite; texts: string[]; warnings: UnsafePassage[] };

async function prepareFile(entry: FileToIngest, chunking: ChunkOptions): Promise<FileOutcome> {
  const { file, path, size, existing } = entry;
  if (size > MAX_FILE_BYTES) {
    return {
      failed: `is ${(size / 1024 / 1024).toFixed(1)} MB; files over ${MAX_FILE_BYTES / 1024 / 1024} MB are skipped`,
    };
  }
  // Read synchronously: a re-run reads every file of the folder to hash it, and the promise API's
  // open, stat, read and close, each a trip through libuv's thread pool, took 1 s of the 2 s
  // target for a one-document change in 5,000 files; the synchronous read takes a quarter of that.
  const bytes = readFileSync(file);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const content = bytes.toString('utf8');
  const rules = unsafeRulesFingerprint();
  if (existing?.content_hash === hash) {
    // Unchanged files report their passages too, so every start reminds the operator of what is
    // still there; found by the same rules, they are the stored ones (scanning costs 20 s per 100k chunks).
    const known = existing.unsafe_rules === rules ? existing.unsafe_passages : null;
    const warnings = known ?? findUnsafePassages(content);
    // Documents stored before the url column existed get their link without being re-embedded.
    const url = frontMatterUrl(content) ?? null;
    return url === existing.url && known
      ? { unchanged: true, warnings }
      : { unchanged: true, refresh: { id: existing.id, path, url, unsafePassages: warnings }, warnings };
  }
  const warnings = findUnsafePassages(content);
  const parsed = parseDocument(file, content);
  if (!parsed.ok) return { failed: parsed.reason };
  const titleSearch = normaliseText(parsed.value.title);
  const chunks = (await chunkMarkdown(parsed.value.body, chunking)).map((chunk) => {
    const headingSearch = normaliseText(chunk.headingPath.join(' '));
    const bodySearch = normaliseText(chunk.text);
    return {
      position: chunk.position,
      headingPath: chunk.headingPath,
      section: chunk.headingPath.join(' > '),
      text: chunk.text,
      headingSearch,
      bodySearch,
      tokenCount: contentWords(`${titleSearch} ${headingSearch} ${bodySearch}`).length,
      embedding: [] as readonly number[],
    };
  });
  return {
    document: {
      path,
      title: parsed.value.title,
      date: parsed.value.date,
      url: parsed.value.url,
      unsafePassages: warnings,
      unsafeRules: rules,
      contentHash: hash,
      bytes: bytes.length,
      titleSearch,
      chunks,
      replaces: existing?.id,
    },
    texts: chunks.map((chunk) => embeddingText(titleSearch, chunk.headingSearch, chunk.bodySearch)),
    warnings,
  };
}
