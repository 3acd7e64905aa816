import type { Database } from '../db/database.ts';
import type { Ask } from '../retrieval/answer-types.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

/** The knowledge area's entry point: ingests KNOWLEDGE_DIR and builds the ask path. */
export type StartKnowledge = (deps: {
  db: Database;
  config: Config;
  logger: Logger;
}) => Promise<{ ask: Ask }>;

/**
 * Loads knowledge/bootstrap.ts. The computed specifier keeps the bot compiling while that module is
 * written in parallel; the signature above is the agreed contract.
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
    throw new Error('knowledge/bootstrap.ts does not export startKnowledge({ db, config, logger })');
  }
  return module.startKnowledge;
}
