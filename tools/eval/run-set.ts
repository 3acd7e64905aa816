import type { AskContext } from '../../retrieval/answer-types.ts';
import type { AnswerWithEvidence } from '../../retrieval/ask.ts';
import type { EvalConversation, EvalTurn } from './eval-sets.ts';
import { createMiniSearchBaseline, type BaselineChunk } from './minisearch-baseline.ts';
import type { EvalOutcome, EvalQuestion } from './score.ts';

const WARM_UP = 3;
/** What the adapters pass: the last three turns, each answer cut to 1,500 characters (conversation-store). */
const HISTORY_TURNS = 3;
const HISTORY_ANSWER_CHARS = 1_500;

type AnswerFn = (question: string, context?: AskContext) => Promise<AnswerWithEvidence>;
/** How the corpus names files: hits carry their ingestion root, sources a path under the corpus root. */
export interface CorpusPaths {
  root: string;
  fileOf: (root: string, path: string) => string;
}

export interface SetRun {
  outcomes: Map<string, EvalOutcome>;
  /** One JSON line per question for `--out`. */
  lines: string[];
}

/** Asks each question on its own, after a few warm-up questions, timing each. */
export async function runQuestions(answer: AnswerFn, paths: CorpusPaths, questions: EvalQuestion[]) {
  for (const question of questions.slice(0, WARM_UP)) await answer(question.question);
  const run: SetRun = { outcomes: new Map(), lines: [] };
  for (const question of questions) await askOne(answer, paths, question, [], run);
  return run;
}

/** Asks each turn with the earlier turns (question and the bot's own answer) as history. */
export async function runConversations(
  answer: AnswerFn,
  paths: CorpusPaths,
  conversations: EvalConversation[],
) {
  for (const turn of conversations.slice(0, WARM_UP).map((c) => c.turns[0]!)) await answer(turn.question);
  const run: SetRun = { outcomes: new Map(), lines: [] };
  for (const conversation of conversations) {
    const history: { question: string; answer: string }[] = [];
    for (const turn of conversation.turns) {
      const text = await askOne(answer, paths, turn, history.slice(-HISTORY_TURNS), run);
      history.push({ question: turn.question, answer: text.slice(0, HISTORY_ANSWER_CHARS) });
    }
  }
  return run;
}

async function askOne(
  answer: AnswerFn,
  paths: CorpusPaths,
  question: EvalQuestion | EvalTurn,
  history: { question: string; answer: string }[],
  run: SetRun,
): Promise<string> {
  const started = performance.now();
  const result = await answer(question.question, history.length > 0 ? { history } : undefined);
  const ms = performance.now() - started;
  const retrieved = result.retrieved
    .slice(0, 10)
    .map((hit) => ({ file: paths.fileOf(hit.root, hit.path), text: hit.text }));
  const sourceFiles = result.sources.map((source) => paths.fileOf(paths.root, source.path ?? ''));
  run.outcomes.set(question.id, {
    id: question.id,
    abstained: result.abstained,
    sourceFiles,
    retrieved,
    answer: result.text,
    ms,
  });
  run.lines.push(
    JSON.stringify({
      id: question.id,
      question: question.question,
      answer: result.text,
      abstained: result.abstained,
      sources: result.sources.map((source, index) => ({
        file: sourceFiles[index],
        title: source.title,
        section: source.section ?? '',
      })),
      retrieved,
      ms: Math.round(ms * 10) / 10,
    }),
  );
  return result.text;
}

/** MiniSearch (default BM25) over the very same chunks, on the questions as typed. */
export function runBaseline(chunks: BaselineChunk[], questions: EvalQuestion[]) {
  const baseline = createMiniSearchBaseline(chunks);
  for (const question of questions.slice(0, WARM_UP)) baseline.search(question.question, 10);
  const outcomes = new Map<string, EvalOutcome>();
  for (const question of questions) {
    const started = performance.now();
    const retrieved = baseline.search(question.question, 10);
    outcomes.set(question.id, {
      id: question.id,
      abstained: false,
      sourceFiles: [],
      retrieved,
      ms: performance.now() - started,
    });
  }
  return { name: baseline.name, outcomes };
}
