import type { Source } from '../chat/reply.ts';

export interface AskContext {
  /** Previous turn of the same thread, for follow-ups. */
  history?: { question: string; answer: string }[];
  signal?: AbortSignal;
}

export interface Answer {
  text: string;
  sources: Source[];
  abstained: boolean;
  usedLlm: boolean;
  usedFaq: boolean;
  /** The question asked for a price prediction or what to buy; answered with a redirect. */
  redirected: boolean;
}

export type Ask = (question: string, context?: AskContext) => Promise<Answer>;
