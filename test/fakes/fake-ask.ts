import type { Answer, Ask, AskContext } from '../../retrieval/answer-types.ts';

export interface AskCall {
  question: string;
  context?: AskContext;
}

export interface FakeAsk {
  ask: Ask;
  calls: AskCall[];
  /** Replace how the next questions are answered. */
  answerWith(answer: (question: string, context?: AskContext) => Answer | Promise<Answer>): void;
}

export function sampleAnswer(question: string, overrides: Partial<Answer> = {}): Answer {
  return {
    text: `Akash leases GPUs through a reverse auction. (asked: ${question})\n\nNot financial advice.`,
    sources: [
      {
        n: 1,
        kind: 'document',
        title: 'Akash Network',
        section: 'GPU marketplace',
        path: 'akash.md',
        date: '2025-06-01',
      },
    ],
    abstained: false,
    usedLlm: false,
    usedFaq: false,
    redirected: false,
    ...overrides,
  };
}

/** A hand-written Ask that records every call; never the real retrieval. */
export function createFakeAsk(): FakeAsk {
  const calls: AskCall[] = [];
  let answer: (question: string, context?: AskContext) => Answer | Promise<Answer> = (question) =>
    sampleAnswer(question);
  return {
    calls,
    answerWith(next) {
      answer = next;
    },
    ask: async (question, context) => {
      calls.push({ question, context });
      return answer(question, context);
    },
  };
}
