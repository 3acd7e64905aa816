import {
  firstHitRank,
  holdsEvidence,
  leadOf,
  percentile,
  summariseByKind,
  type EvalOutcome,
  type EvalQuestion,
  type EvalSummary,
} from './score.ts';

/** One summary line: the figures the issue asks for, in a fixed order. */
export function formatSummary(label: string, summary: EvalSummary): string {
  return (
    `${label.padEnd(10)} n ${String(summary.questions).padEnd(4)} recall@5 ${summary.recall_at_5}  mrr@10 ${summary.mrr_at_10}  ` +
    `cited ${summary.cited}  answer_hit ${summary.answer_hit}  lead_hit ${summary.lead_hit}  ` +
    `abstain_ok ${summary.abstain_ok}  false_abstain ${summary.false_abstain}  safe ${summary.safe}  ` +
    `p50 ${summary.p50_ms} ms  p95 ${summary.p95_ms} ms`
  );
}

export function formatBaseline(name: string, summary: EvalSummary): string {
  return `${'bm25'.padEnd(10)} n ${String(summary.questions).padEnd(4)} recall@5 ${summary.recall_at_5}  mrr@10 ${summary.mrr_at_10}  p50 ${summary.p50_ms} ms  p95 ${summary.p95_ms} ms  (${name})`;
}

/** The per-kind table printed under the summary. */
export function formatKindTable(questions: EvalQuestion[], outcomes: Map<string, EvalOutcome>): string {
  const header =
    'kind          n    recall@5  mrr@10  cited  answer_hit  lead_hit  abstain_ok  false_abstain  safe';
  const rows = [...summariseByKind(questions, outcomes)].map(
    ([kind, s]) =>
      `${kind.padEnd(13)} ${String(s.questions).padEnd(4)} ${cell(s.recall_at_5, 9)} ${cell(s.mrr_at_10, 7)} ` +
      `${cell(s.cited, 6)} ${cell(s.answer_hit, 11)} ${cell(s.lead_hit, 9)} ${cell(s.abstain_ok, 11)} ` +
      `${cell(s.false_abstain, 14)} ${s.safe}`,
  );
  return [header, ...rows].join('\n');
}

function cell(value: number, width: number): string {
  return String(value).padEnd(width);
}

/** Per-question rows: where the gold passage ranked, whether it was answered, cited and in the lead. */
export function formatQuestionTable(questions: EvalQuestion[], outcomes: Map<string, EvalOutcome>): string {
  const lines = ['id                 kind          rank  answered  cited  hit   lead  ms     question'];
  for (const question of questions) {
    const outcome = outcomes.get(question.id);
    if (!outcome) continue;
    const answerable = question.gold.length > 0;
    const rank = answerable ? String(firstHitRank(outcome.retrieved, question.gold, 10) ?? 'miss') : '-';
    const yes = (value: boolean) => (answerable ? (value ? 'yes' : 'no') : '-');
    const answered = !outcome.abstained;
    const text = answered ? (outcome.answer ?? '') : '';
    lines.push(
      `${question.id.padEnd(18)} ${(question.kind ?? '').padEnd(13)} ${rank.padEnd(5)} ${(answered ? 'yes' : 'declined').padEnd(9)} ` +
        `${yes(question.gold.some((gold) => outcome.sourceFiles.includes(gold.file))).padEnd(6)} ` +
        `${yes(holdsEvidence(text, question.gold)).padEnd(5)} ${yes(holdsEvidence(leadOf(text), question.gold)).padEnd(5)} ` +
        `${outcome.ms.toFixed(0).padEnd(6)} ${question.question.slice(0, 70)}`,
    );
  }
  const times = [...outcomes.values()].map((outcome) => outcome.ms);
  lines.push(
    `latency p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`,
  );
  return lines.join('\n');
}
