import { existsSync, statSync } from 'node:fs';
import OpenAI from 'openai';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Database } from '../db/database.ts';
import type { Ask, AskContext } from '../retrieval/answer-types.ts';
import { createAsk, type AnswerWithEvidence, type MetricsPort } from '../retrieval/ask.ts';
import { ensureEmbeddingSpace, reembedStaleChunks } from '../retrieval/chunk-store.ts';
import type { Embedder } from '../retrieval/embedder.ts';
import { createLlmAnswerer } from '../retrieval/llm-answerer.ts';
import { logGrounding, logLlmError } from '../retrieval/llm-log.ts';
import { createLocalEmbedder } from '../retrieval/local-embedder.ts';
import { createOpenAIEmbedder } from '../retrieval/openai-embedder.ts';
import { createRetriever, type Retriever } from '../retrieval/retriever.ts';
import { ingestPath, type IngestReport } from '../knowledge/ingest.ts';
import { createIngestProgress } from '../knowledge/ingest-progress.ts';

export interface Knowledge {
  ask: Ask;
  /** `ask` with the retrieved passages, for evaluation. */
  answer: (question: string, context?: AskContext) => Promise<AnswerWithEvidence>;
  retriever: Retriever;
  embedder: Embedder;
  ingest(path: string): Promise<IngestReport>;
}

export interface KnowledgeDeps {
  db: Database;
  config: Config;
  logger: Logger;
  /** Skip ingesting KNOWLEDGE_DIR (evaluation ingests its own corpus). */
  skipBundled?: boolean;
  /** Live network metrics: numeric questions are answered from them next to the documents. */
  metrics?: MetricsPort;
}

/** Builds the whole ask path: embedder, KNOWLEDGE_DIR ingestion, retriever, answerers. */
export async function startKnowledge({
  db,
  config,
  logger,
  skipBundled,
  metrics,
}: KnowledgeDeps): Promise<Knowledge> {
  const client = config.openai
    ? new OpenAI({
        apiKey: config.openai.apiKey ?? 'not-needed',
        baseURL: config.openai.baseUrl,
        timeout: config.openai.timeoutMs,
        maxRetries: 0,
      })
    : undefined;
  const embedder = await createEmbedder(config, client);
  const spaceId = await ensureEmbeddingSpace(db, embedder);
  const retriever = createRetriever({ db, embedder, spaceId });
  const ingest = async (path: string) => {
    const report = await ingestPath(path, { db, embedder, progress: createIngestProgress(logger) });
    for (const failure of report.failed)
      logger.warn({ file: failure.path }, `skipped ${failure.path}: ${failure.reason}`);
    for (const warning of report.warnings)
      logger.warn(
        { file: warning.path, line: warning.line, reason: warning.reason },
        `${warning.path}:${warning.line}: a sentence that is never quoted (${warning.reason}): "${warning.text}"`,
      );
    logger.info(
      { added: report.added, updated: report.updated, removed: report.removed, unchanged: report.unchanged },
      `knowledge ingested from ${report.root}`,
    );
    await retriever.reload();
    return report;
  };

  if (!skipBundled) await ingestBundled(config.knowledgeDir, ingest, logger);
  const reembedded = await reembedStaleChunks(db, embedder, spaceId);
  if (reembedded > 0)
    logger.info({ chunks: reembedded, model: embedder.model }, 're-embedded chunks for the current model');
  await retriever.reload();

  const llm =
    client && config.openai
      ? createLlmAnswerer({
          client,
          model: config.openai.chatModel,
          timeoutMs: config.openai.timeoutMs,
          onGrounding: (result) => logGrounding(logger, result),
        })
      : undefined;
  const { ask, answer } = createAsk({
    retriever,
    llm,
    metrics,
    maxQuestionChars: config.limits.questionMaxChars,
    onMetricsError: (error) =>
      logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'live metrics failed for a question; answering from the documents alone',
      ),
    onLlmError: (error) => logLlmError(logger, error),
  });
  return { ask, answer, retriever, embedder, ingest };
}

async function ingestBundled(dir: string, ingest: (path: string) => Promise<IngestReport>, logger: Logger) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    logger.warn(
      `KNOWLEDGE_DIR ${dir} does not exist: starting with what the database already holds. Set KNOWLEDGE_DIR or run npm run ingest -- <folder>.`,
    );
    return;
  }
  try {
    const report = await ingest(dir);
    if (report.added + report.updated + report.unchanged === 0)
      logger.warn(`KNOWLEDGE_DIR ${dir} holds no Markdown, MDX or text files.`);
  } catch (error) {
    logger.error(
      { err: error instanceof Error ? error.message : String(error) },
      `could not ingest ${dir}; starting anyway`,
    );
  }
}

async function createEmbedder(config: Config, client: OpenAI | undefined): Promise<Embedder> {
  if (!client || !config.embeddingModel) return createLocalEmbedder();
  try {
    return await createOpenAIEmbedder({ client, model: config.embeddingModel });
  } catch (error) {
    // Without the configured embeddings the stored vectors cannot be compared; say so and stop.
    throw new Error(
      `EMBEDDING_MODEL ${config.embeddingModel} could not be reached at ${config.openai?.baseUrl ?? 'the OpenAI API'}: ` +
        `${error instanceof Error ? error.message : String(error)}. Fix OPENAI_BASE_URL/OPENAI_API_KEY or unset EMBEDDING_MODEL to use the local embedder.`,
      { cause: error },
    );
  }
}
