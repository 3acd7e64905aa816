/** Scoring of one evaluation run, as the issue defines it (pure, so anyone can re-score a run). */

export interface EvalQuestion {
  id: string;
  question: string;
  gold: { file: string; evidence: string }[];
  kind?: string;
}

export interface EvalOutcome {
  id: string;
  abstained: boolean;
  sourceFiles: string[];
  /** Top chunks in rank order, file relative to the corpus folder. */
  retrieved: { file: string; text: string }[];
  ms: number;
}

export function evidenceTokens(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** A chunk is a hit when it comes from a gold file and holds ≥ 60% of that gold evidence's tokens. */
export function isHit(chunk: { file: string; text: string }, gold: EvalQuestion['gold']): boolean {
  const chunkTokens = new Set(evidenceTokens(chunk.text));
  return gold.some((entry) => {
    if (entry.file !== chunk.file) return false;
    const tokens = evidenceTokens(entry.evidence);
    if (tokens.length === 0) return false;
    return tokens.filter((token) => chunkTokens.has(token)).length / tokens.length >= 0.6;
  });
}

/** 1-based rank of the first hit, or undefined. */
export function firstHitRank(retrieved: EvalOutcome['retrieved'], gold: EvalQuestion['gold'], depth: number) {
  const index = retrieved.slice(0, depth).findIndex((chunk) => isHit(chunk, gold));
  return index < 0 ? undefined : index + 1;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface EvalSummary {
  recall_at_5: number;
  mrr_at_10: number;
  cited: number;
  abstain_ok: number;
  false_abstain: number;
  p50_ms: number;
  p95_ms: number;
}

export function summarise(questions: EvalQuestion[], outcomes: Map<string, EvalOutcome>): EvalSummary {
  const answerable = questions.filter((q) => q.gold.length > 0);
  const unanswerable = questions.filter((q) => q.gold.length === 0);
  let recall = 0;
  let reciprocal = 0;
  let cited = 0;
  let falseAbstain = 0;
  for (const question of answerable) {
    const outcome = outcomes.get(question.id);
    if (!outcome) continue;
    const rank = firstHitRank(outcome.retrieved, question.gold, 10);
    if (rank !== undefined && rank <= 5) recall++;
    if (rank !== undefined) reciprocal += 1 / rank;
    if (outcome.abstained) falseAbstain++;
    else if (question.gold.some((gold) => outcome.sourceFiles.includes(gold.file))) cited++;
  }
  const abstainOk = unanswerable.filter((q) => outcomes.get(q.id)?.abstained).length;
  const times = [...outcomes.values()].map((outcome) => outcome.ms);
  return {
    recall_at_5: ratio(recall, answerable.length),
    mrr_at_10: ratio(reciprocal, answerable.length),
    cited: ratio(cited, answerable.length),
    abstain_ok: ratio(abstainOk, unanswerable.length),
    false_abstain: ratio(falseAbstain, answerable.length),
    p50_ms: round(percentile(times, 50)),
    p95_ms: round(percentile(times, 95)),
  };
}

function ratio(count: number, total: number): number {
  return total === 0 ? 0 : round(count / total, 3);
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
