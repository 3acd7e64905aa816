import type { Source } from '../chat/reply.ts';
import type { Answer, Ask, AskContext } from './answer-types.ts';
import { answerExtractively, type DraftAnswer } from './extractive-answerer.ts';
import type { SearchHit } from './hybrid-search.ts';
import { NOT_FINANCIAL_ADVICE } from '../chat/not-financial-advice.ts';
import { ADVICE_REDIRECT, isAdviceRequest } from './intent.ts';
import { evidenceSupport, evidenceVerdict, type EvidenceGateOptions } from './evidence-gate.ts';
import type { LlmAnswerer } from './llm-answerer.ts';
import { chooseReading, followUpReadings, type Reading } from './follow-up.ts';
import { cleanQuestion } from './clean-question.ts';
import { englishOnlyDecline, englishOnlyNote, planLanguage } from './question-language.ts';
import { splitSentences } from './sentences.ts';
import { isSafeSentence } from './unsafe-sentence.ts';
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
  /** Live metrics failed for a question: it is answered from the documents alone. */
  onMetricsError?: (error: unknown) => void;
  /** Passages handed to the answerer. */
  passages?: number;
  /** How much of the question the best passages must hold before the bot answers (evidence-gate.ts). */
  gate?: EvidenceGateOptions;
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

const DONT_KNOW = `I don't know: my sources don't cover that. ${SUGGESTIONS}`;

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
  const plan = planLanguage(question);
  const [{ searched, borrowed, retrieval }, live] = await Promise.all([
    retrieveReading(plan.searchText, history, options.retriever, options.gate),
    options.metrics?.answerFromMetrics(question).catch((error: unknown) => {
      // The documents still answer; the operator learns why the live figures are missing.
      options.onMetricsError?.(error);
      return undefined;
    }),
  ]);
  const passages = retrieval.hits.slice(0, options.passages ?? 5);
  const verdict = evidenceVerdict(searched, retrieval, options.gate);
  const enough = verdict === 'enough';
  const modelMayJudge =
    options.llm !== undefined &&
    // Coverage cannot be measured across languages: the model judges passages the question's names
    // found. Evidence just short of the gate is also the model's call (evidence-gate.ts).
    (plan.english ? verdict === 'borderline' : retrieval.hits.some((hit) => hit.coverage > 0));
  const dontKnow = plan.english ? DONT_KNOW : englishOnlyDecline(plan.language);
  if (!enough && !modelMayJudge) {
    if (live) return withLiveFigures(undefined, live, retrieval.hits);
    return { ...declined(dontKnow), retrieved: retrieval.hits };
  }

  let draft: DraftAnswer | undefined;
  let usedLlm = false;
  if (options.llm) {
    try {
      draft = await options.llm.answer(question, passages, history, context.signal);
      usedLlm = true;
      if (!draft)
        return live
          ? withLiveFigures(undefined, live, retrieval.hits)
          : {
              ...declined(DONT_KNOW),
              retrieved: retrieval.hits,
              usedLlm,
            };
    } catch (error) {
      options.onLlmError?.(error);
    }
  }
  if (!draft || draft.cited.length === 0) {
    usedLlm = false;
    // Without the model, evidence short of the gate is declined as it would have been.
    if (!enough) return { ...declined(dontKnow), retrieved: retrieval.hits };
    draft = retrieval.faq
      ? answerFromFaq(retrieval)
      : // The words the user meant: "how many validtors" is answered by the sentence on validators.
        answerExtractively(retrieval.searched, passages, borrowed ? { focus: plan.searchText } : {});
  }
  if (draft.cited.length === 0) {
    // The documents have no sentence for it, but a live figure answers it on its own.
    if (live) return withLiveFigures(undefined, live, retrieval.hits);
    return {
      ...declined(DONT_KNOW),
      retrieved: retrieval.hits,
    };
  }
  const { text, sources } = renumber(draft, passages);
  const note = plan.english || usedLlm ? '' : `${englishOnlyNote(plan.language)}\n\n`;
  const documents: AnswerWithEvidence = {
    text: `${note}${text}\n\n${NOT_FINANCIAL_ADVICE}`,
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
  const sentences = first ? splitSentences(first.text).filter(isSafeSentence).slice(0, 3) : [];
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

/**
 * A turn after others is searched as it stands and in the context of the earlier turns; the reading
 * the evidence supports better is answered (follow-up.ts).
 */
async function retrieveReading(
  question: string,
  history: { question: string }[],
  retriever: Retriever,
  gate: EvidenceGateOptions | undefined,
): Promise<{ searched: string; borrowed: boolean; retrieval: Retrieval }> {
  const readings = followUpReadings(question, history);
  const retrievals = await retriever.retrieveMany(
    readings.map((reading) => reading.question),
    10,
  );
  const borrowed = (reading: Reading) => reading.kind === 'context';
  if (readings.length === 1)
    return { searched: readings[0]!.question, borrowed: borrowed(readings[0]!), retrieval: retrievals[0]! };
  const chosen = chooseReading(
    question,
    readings.map((reading, index) => ({
      reading,
      support: evidenceSupport(reading.question, retrievals[index]!, gate),
      value: retrievals[index]!,
    })),
  );
  return { searched: chosen.reading.question, borrowed: borrowed(chosen.reading), retrieval: chosen.value };
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
      ...(passage.url ? { url: passage.url } : {}),
    };
  });
  return { text, sources };
}
