import type { Logger } from 'pino';
import type { GroundingResult } from './grounding.ts';
import { LlmPausedError } from './llm-backoff.ts';
import { UngroundedAnswerError } from './llm-answerer.ts';

/**
 * What an operator sees of the generated answers: which sentences were dropped and why (their text
 * only at debug, like questions), which rule sent a question to the extractive answerer, and when
 * the model is being left alone after a 429.
 */
export function logGrounding(logger: Logger, result: GroundingResult): void {
  const dropped = result.sentences.filter((sentence) => sentence.fault);
  if (dropped.length === 0) return;
  logger.info(
    {
      dropped: dropped.map((sentence) => sentence.fault),
      kept: result.sentences.length - dropped.length,
      coverage: Number(result.coverage.toFixed(2)),
    },
    `grounding dropped ${dropped.length} of ${result.sentences.length} generated sentences`,
  );
  logger.debug(
    { dropped: dropped.map(({ text, fault, detail, support }) => ({ text, fault, detail, support })) },
    'dropped generated sentences',
  );
}

export function logLlmError(logger: Logger, error: unknown): void {
  if (error instanceof LlmPausedError) {
    logger.debug({ remainingMs: error.remainingMs }, 'chat model paused after a 429; answering extractively');
    return;
  }
  if (error instanceof UngroundedAnswerError) {
    logger.warn(
      {
        rule: error.grounding.rule,
        dropped: error.grounding.sentences.map((sentence) => sentence.fault ?? 'kept'),
      },
      `generated answer not grounded (rule ${error.grounding.rule}); answering extractively`,
    );
    return;
  }
  const status = (error as { status?: unknown } | null)?.status;
  logger.warn(
    { err: error instanceof Error ? error.message : String(error), ...(status === 429 ? { status } : {}) },
    status === 429
      ? 'LLM answer failed; answering extractively (HTTP 429: no model calls for the time the server asks)'
      : 'LLM answer failed; answering extractively',
  );
}
