import { relative, resolve } from 'node:path';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/logger.ts';
import { createDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { startKnowledge, type Knowledge } from '../../bot/start-knowledge.ts';
import type { BaselineChunk } from './minisearch-baseline.ts';

export interface EvalCorpus {
  knowledge: Knowledge;
  /** The corpus folder, resolved: document sources name paths under it. */
  root: string;
  /** A document's path relative to the corpus folder, as the gold evidence names it. */
  fileOf: (root: string, path: string) => string;
  chunks: BaselineChunk[];
  ingested: { files: number; failed: number; ms: number };
  close(): Promise<void>;
}

/**
 * The bot's own ask path over one corpus, on a throwaway in-memory store, or on a PGlite folder
 * (`store`) that later runs reuse: ingestion skips unchanged files, so only the first run pays for it.
 */
export async function openEvalCorpus(corpusDir: string, store?: string): Promise<EvalCorpus> {
  const corpus = resolve(corpusDir);
  const config = loadConfig({ LOG_LEVEL: 'warn' });
  if (!config.ok) throw new Error(config.reason);
  const logger = createLogger('warn', process.stderr);
  const db = await createDatabase({ dataDir: store ? resolve(store) : 'memory://' });
  try {
    await migrate(db);
    const knowledge = await startKnowledge({ db, config: config.value, logger, skipBundled: true });
    const started = performance.now();
    const report = await knowledge.ingest(corpus);
    const ms = performance.now() - started;
    const fileOf = (root: string, path: string) => relative(corpus, resolve(root, path));
    const rows = await db.query<{
      id: string;
      root: string;
      path: string;
      title: string;
      section: string;
      text: string;
    }>(
      'SELECT c.id, d.root, d.path, d.title, c.section, c.text FROM chunks c JOIN documents d ON d.id = c.document_id',
    );
    const chunks = rows.map((chunk) => ({
      id: Number(chunk.id),
      file: fileOf(chunk.root, chunk.path),
      title: chunk.title,
      section: chunk.section,
      text: chunk.text,
    }));
    const files = report.added + report.updated + report.unchanged;
    return {
      knowledge,
      root: corpus,
      fileOf,
      chunks,
      ingested: { files, failed: report.failed.length, ms },
      close: () => db.close(),
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
