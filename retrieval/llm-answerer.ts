import type OpenAI from 'openai';
import type { DraftAnswer } from './extractive-answerer.ts';
import { groundAnswer, type GroundingResult } from './grounding.ts';
import type { SearchHit } from './hybrid-search.ts';
import { createLlmBackoff, LlmPausedError, type LlmBackoff } from './llm-backoff.ts';
import { buildAnswerPrompt, NOT_FOUND_MARKER } from './prompt.ts';

export interface LlmAnswerer {
  /** Resolves to undefined when the passages do not answer the question; rejects on any failure. */
  answer(
    question: string,
    passages: SearchHit[],
    history?: { question: string; answer: string }[],
    signal?: AbortSignal,
  ): Promise<DraftAnswer | undefined>;
}

export interface LlmAnswererOptions {
  client: OpenAI;
  model: string;
  timeoutMs: number;
  /** Told of every grounding check, to log what was dropped and why. */
  onGrounding?: (result: GroundingResult) => void;
  backoff?: LlmBackoff;
}

/** The generated answer was set aside by a grounding rule; the caller answers extractively. */
export class UngroundedAnswerError extends Error {
  constructor(readonly grounding: GroundingResult & { rule: NonNullable<GroundingResult['rule']> }) {
    super(`the generated answer was set aside (${grounding.rule})`);
  }
}

export function createLlmAnswerer({
  client,
  model,
  timeoutMs,
  onGrounding,
  backoff = createLlmBackoff(),
}: LlmAnswererOptions): LlmAnswerer {
  return {
    async answer(question, passages, history, signal) {
      const waiting = backoff.remainingMs();
      if (waiting > 0) throw new LlmPausedError(waiting);
      const timeout = AbortSignal.timeout(timeoutMs);
      const completion = await client.chat.completions
        .create(
          {
            model,
            messages: buildAnswerPrompt(question, passages, history),
            temperature: 0.1,
            max_tokens: 400,
          },
          {
            signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
            maxRetries: 0,
            timeout: timeoutMs,
          },
        )
        .catch((error: unknown) => {
          backoff.pauseFor(error);
          throw error;
        });
      const content = completion.choices?.[0]?.message?.content;
      if (typeof content !== 'string' || content.trim() === '') throw new Error('the model returned no text');
      if (content.includes(NOT_FOUND_MARKER)) return undefined;
      const grounding = groundAnswer(question, content, passages);
      onGrounding?.(grounding);
      if (grounding.rule) throw new UngroundedAnswerError({ ...grounding, rule: grounding.rule });
      return { text: grounding.text, cited: grounding.cited };
    },
  };
}
