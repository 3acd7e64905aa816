import type { KnowledgeDeps } from '../knowledge/bootstrap.ts';
import type { Ask } from '../retrieval/answer-types.ts';

/**
 * The knowledge area's entry point: ingests KNOWLEDGE_DIR and builds the ask path; numeric
 * questions go to `metrics.answerFromMetrics` (live network metrics) next to the documents.
 */
export type StartKnowledge = (
  deps: Pick<KnowledgeDeps, 'db' | 'config' | 'logger' | 'metrics'>,
) => Promise<{ ask: Ask }>;

/**
 * Loads knowledge/bootstrap.ts when the bot starts, not at import time; the type above is checked
 * against that module at compile time.
 */
export async function loadStartKnowledge(): Promise<StartKnowledge> {
  const specifier = '../knowledge/bootstrap.ts';
  let module: { startKnowledge?: StartKnowledge };
  try {
    module = (await import(specifier)) as typeof module;
  } catch (error) {
    throw new Error('knowledge/bootstrap.ts could not be loaded: the knowledge base cannot start', {
      cause: error,
    });
  }
  if (typeof module.startKnowledge !== 'function') {
    throw new Error('knowledge/bootstrap.ts does not export startKnowledge({ db, config, logger, metrics })');
  }
  return module.startKnowledge;
}
