import { writeFileSync } from 'node:fs';
import type { EvalConversation } from './eval-sets.ts';
import type { EvalCorpus } from './open-corpus.ts';
import { formatBaseline, formatKindTable, formatQuestionTable, formatSummary } from './report.ts';
import { runBaseline, runConversations, runQuestions } from './run-set.ts';
import { summarise, type EvalQuestion, type EvalSummary } from './score.ts';

export interface SetReport {
  /** The per-question table, for a reader. */
  details: string;
  /** Summary lines (ours, BM25 or the follow-up split) and the per-kind table. */
  summary: string[];
  json: Record<string, unknown>;
}

/** A question set (dev.jsonl, dev-chat.jsonl): ours against BM25 on the same chunks. */
export async function evaluateQuestions(
  corpus: EvalCorpus,
  questions: EvalQuestion[],
  out?: string,
): Promise<SetReport> {
  const run = await runQuestions(corpus.knowledge.answer, corpus, questions);
  if (out) writeFileSync(out, `${run.lines.join('\n')}\n`);
  const ours = summarise(questions, run.outcomes);
  const baseline = runBaseline(corpus.chunks, questions);
  const bm25 = summarise(questions, baseline.outcomes);
  return {
    details: formatQuestionTable(questions, run.outcomes),
    summary: [
      formatSummary('ours', ours),
      formatBaseline(baseline.name, bm25),
      '',
      formatKindTable(questions, run.outcomes),
    ],
    json: {
      ...ours,
      by_kind: Object.fromEntries(
        kindsOf(questions).map((kind) => [kind, summariseKind(questions, run, kind)]),
      ),
      baseline: { name: baseline.name, recall_at_5: bm25.recall_at_5, mrr_at_10: bm25.mrr_at_10 },
    },
  };
}

/** Conversations: every turn asked with its history; follow-up and stand-alone turns reported apart. */
export async function evaluateConversations(
  corpus: EvalCorpus,
  conversations: EvalConversation[],
  out?: string,
): Promise<SetReport> {
  const run = await runConversations(corpus.knowledge.answer, corpus, conversations);
  if (out) writeFileSync(out, `${run.lines.join('\n')}\n`);
  const turns = conversations.flatMap((conversation) => conversation.turns);
  const followUps = turns.filter((turn) => turn.followUp);
  const standAlone = turns.filter((turn) => !turn.followUp);
  const figures: Record<string, EvalSummary> = {
    all: summarise(turns, run.outcomes),
    follow_up: summarise(followUps, run.outcomes),
    stand_alone: summarise(standAlone, run.outcomes),
  };
  return {
    details: formatQuestionTable(turns, run.outcomes),
    summary: [
      formatSummary('follow-up', figures.follow_up!),
      formatSummary('alone', figures.stand_alone!),
      formatSummary('all turns', figures.all!),
      '',
      formatKindTable(turns, run.outcomes),
    ],
    json: figures,
  };
}

function kindsOf(questions: EvalQuestion[]): string[] {
  return [...new Set(questions.map((question) => question.kind ?? 'other'))].sort();
}

function summariseKind(
  questions: EvalQuestion[],
  run: { outcomes: Parameters<typeof summarise>[1] },
  kind: string,
) {
  return summarise(
    questions.filter((question) => (question.kind ?? 'other') === kind),
    run.outcomes,
  );
}
