import type OpenAI from 'openai';
import type { DraftAnswer } from './extractive-answerer.ts';
import type { SearchHit } from './hybrid-search.ts';
import { buildAnswerPrompt, checkCitations, NOT_FOUND_MARKER } from './prompt.ts';

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
}

export function createLlmAnswerer({ client, model, timeoutMs }: LlmAnswererOptions): LlmAnswerer {
  return {
    async answer(question, passages, history, signal) {
      const timeout = AbortSignal.timeout(timeoutMs);
      const completion = await client.chat.completions.create(
        {
          model,
          messages: buildAnswerPrompt(question, passages, history),
          temperature: 0.1,
          max_tokens: 400,
        },
        { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, maxRetries: 0, timeout: timeoutMs },
      );
      const content = completion.choices?.[0]?.message?.content;
      if (typeof content !== 'string' || content.trim() === '') throw new Error('the model returned no text');
      if (content.includes(NOT_FOUND_MARKER)) return undefined;
      const checked = checkCitations(content, passages.length);
      // An answer that cites nothing it was given is not grounded; the caller falls back.
      if (checked.cited.length === 0) throw new Error('the model answer cited no passage');
      return checked;
    },
  };
}
