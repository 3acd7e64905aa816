import type { Source } from '../chat/reply.ts';
import type { Answer, Ask, AskContext } from './answer-types.ts';
import { answerExtractively, type DraftAnswer } from './extractive-answerer.ts';
import type { SearchHit } from './hybrid-search.ts';
import { ADVICE_REDIRECT, isAdviceRequest, NOT_FINANCIAL_ADVICE } from './intent.ts';
import type { LlmAnswerer } from './llm-answerer.ts';
import { networksIn } from './networks.ts';
import { cleanQuestion } from './clean-question.ts';
import { splitSentences } from './sentences.ts';
import type { Retrieval, Retriever } from './retriever.ts';

/** Live metrics, when running: numeric questions get figures with their time and source. */
export interface MetricsPort {
  answerFromMetrics(question: string): Promise<{ text: string; sources: Source[] } | undefined>;
}

export interface AskOptions {
  retriever: Retriever;
  metrics?: MetricsPort;
  llm?: LlmAnswerer;
  /** Called when the LLM fails; the answer still goes out, extractively. */
  onLlmError?: (error: unknown) => void;
  /** Passages handed to the answerer. */
  passages?: number;
  /** Below this share of the question's rare words in the best passages, the bot says it does not know. */
  minCoverage?: number;
  /** QUESTION_MAX_CHARS. */
  maxQuestionChars?: number;
}

/** What `ask` returns plus what evaluation and logs need to see. */
export interface AnswerWithEvidence extends Answer {
  retrieved: SearchHit[];
}

export const SUGGESTIONS =
  'I can answer questions about Akash, Render, Filecoin, Helium and Hivemapper: how they work, their tokens, ' +
  "fees, rewards and dated figures. For example: 'How does Akash pricing work?' or 'What is veHNT?'";

export function createAsk(options: AskOptions): {
  ask: Ask;
  answer: (q: string, c?: AskContext) => Promise<AnswerWithEvidence>;
} {
  const answer = (question: string, context?: AskContext) => answerQuestion(question, context ?? {}, options);
  return { ask: answer, answer };
}

async function answerQuestion(
  raw: string,
  context: AskContext,
  options: AskOptions,
): Promise<AnswerWithEvidence> {
  const cleaned = cleanQuestion(raw, options.maxQuestionChars);
  if (!cleaned.ok) return declined(cleaned.reason);
  const question = cleaned.value;
  if (isAdviceRequest(question))
    return { ...declined(`${ADVICE_REDIRECT}\n\n${NOT_FINANCIAL_ADVICE}`), redirected: true };

  const history = context.history ?? [];
  const [retrieval, live] = await Promise.all([
    options.retriever.retrieve(withFollowUpContext(question, history), 10),
    options.metrics?.answerFromMetrics(question).catch(() => undefined),
  ]);
  const passages = retrieval.hits.slice(0, options.passages ?? 5);
  if (!hasEnoughEvidence(retrieval, options.minCoverage ?? 0.58)) {
    if (live) return withLiveFigures(undefined, live, retrieval.hits);
    return {
      ...declined(`I don't know: my sources don't cover that. ${SUGGESTIONS}`),
      retrieved: retrieval.hits,
    };
  }

  let draft: DraftAnswer | undefined;
  let usedLlm = false;
  if (options.llm) {
    try {
      draft = await options.llm.answer(question, passages, history, context.signal);
      usedLlm = true;
      if (!draft)
        return {
          ...declined(`I don't know: my sources don't cover that. ${SUGGESTIONS}`),
          retrieved: retrieval.hits,
          usedLlm,
        };
    } catch (error) {
      options.onLlmError?.(error);
    }
  }
  if (!draft || draft.cited.length === 0) {
    usedLlm = false;
    draft = retrieval.faq ? answerFromFaq(retrieval) : answerExtractively(question, passages);
  }
  if (draft.cited.length === 0) {
    return {
      ...declined(`I don't know: my sources don't cover that. ${SUGGESTIONS}`),
      retrieved: retrieval.hits,
    };
  }
  const { text, sources } = renumber(draft, passages);
  const documents: AnswerWithEvidence = {
    text: `${text}\n\n${NOT_FINANCIAL_ADVICE}`,
    sources,
    abstained: false,
    usedLlm,
    usedFaq: retrieval.faq !== undefined,
    redirected: false,
    retrieved: retrieval.hits,
  };
  return live ? withLiveFigures(documents, live, retrieval.hits) : documents;
}

/**
 * Live figures lead; document passages follow, labelled with their dates, because a live metric
 * beats a document figure and an older document figure must not read as current.
 */
function withLiveFigures(
  documents: AnswerWithEvidence | undefined,
  live: { text: string; sources: Source[] },
  retrieved: SearchHit[],
): AnswerWithEvidence {
  const offset = live.sources.length;
  const documentText = documents?.text
    .replace(`\n\n${NOT_FINANCIAL_ADVICE}`, '')
    .replace(/\[(\d+)\]/g, (_m, n: string) => `[${Number(n) + offset}]`);
  const dated = documents?.sources.map((source) => ({ ...source, n: source.n + offset })) ?? [];
  const note =
    documents && dated.some((source) => source.date) ? ' (document figures are as of the dates shown)' : '';
  const text = [
    live.text,
    documentText ? `From the documents${note}: ${documentText}` : undefined,
    NOT_FINANCIAL_ADVICE,
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    text,
    sources: [...live.sources, ...dated],
    abstained: false,
    usedLlm: documents?.usedLlm ?? false,
    usedFaq: documents?.usedFaq ?? false,
    redirected: false,
    retrieved,
  };
}

/**
 * A matched FAQ entry is answered with its own answer (its first sentences); when the same question
 * stands in a second document, that one is cited too.
 */
function answerFromFaq(retrieval: Retrieval): DraftAnswer {
  const [first, second] = retrieval.hits;
  const sentences = first ? splitSentences(first.text).slice(0, 3) : [];
  if (sentences.length === 0) return { text: '', cited: [] };
  const alsoSecond = second !== undefined && retrieval.faqCount > 1;
  const citation = alsoSecond ? '[1][2]' : '[1]';
  return { text: `${sentences.join(' ')} ${citation}`, cited: alsoSecond ? [0, 1] : [0] };
}

function declined(text: string): AnswerWithEvidence {
  return {
    text,
    sources: [],
    abstained: true,
    usedLlm: false,
    usedFaq: false,
    redirected: false,
    retrieved: [],
  };
}

/** A short follow-up ("and Render?") is searched together with the question it follows. */
export function withFollowUpContext(question: string, history: { question: string }[]): string {
  const previous = history.at(-1)?.question;
  if (!previous) return question;
  // Pronouns that point back, or a question that opens by continuing ("and Render?", "what about fees?").
  const anaphoric =
    /\b(it|its|they|them|their|that|this|those|these)\b/i.test(question) ||
    /^\s*(and|but|so|what about|how about)\b/i.test(question);
  if (anaphoric) return `${question} ${previous}`;
  // A short question is usually a follow-up ("fees?"), unless it names its own network: "What is a
  // reverse auction on Akash?" after a question about Render is a new topic.
  if (networksIn(question).size > 0) return question;
  return question.split(/\s+/).length <= 8 ? `${question} ${previous}` : question;
}

function hasEnoughEvidence(retrieval: Retrieval, minCoverage: number): boolean {
  if (retrieval.faq) return true;
  const best = Math.max(0, ...retrieval.hits.slice(0, 3).map((hit) => hit.coverage));
  return best >= minCoverage;
}

/** Numbers sources in the order the text first cites them, and rewrites [n] to match. */
export function renumber(draft: DraftAnswer, passages: SearchHit[]): { text: string; sources: Source[] } {
  const order: number[] = [];
  for (const match of draft.text.matchAll(/\[(\d+)\]/g)) {
    const index = Number(match[1]) - 1;
    if (passages[index] && !order.includes(index)) order.push(index);
  }
  const text = draft.text.replace(/\[(\d+)\]/g, (whole, n: string) => {
    const position = order.indexOf(Number(n) - 1);
    return position < 0 ? '' : `[${position + 1}]`;
  });
  const sources = order.map((index, position) => {
    const passage = passages[index]!;
    return {
      n: position + 1,
      kind: 'document' as const,
      title: passage.title,
      section: passage.section || undefined,
      path: passage.path,
      date: passage.docDate,
    };
  });
  return { text, sources };
}
