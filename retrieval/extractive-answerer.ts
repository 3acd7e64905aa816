import type { SearchHit } from './hybrid-search.ts';
import { normaliseQuery } from './normalise-query.ts';
import { splitSentences } from './sentences.ts';
import { contentStems } from './text-tokens.ts';
import { isSafeSentence } from './unsafe-sentence.ts';

export interface DraftAnswer {
  /** Answer text citing passages as [n], n being the 1-based index into `passages`. */
  text: string;
  /** Indexes (0-based) into the passages that the text cites. */
  cited: number[];
}

interface Candidate {
  passage: number;
  order: number;
  sentence: string;
  score: number;
}

/**
 * Offline answerer: picks the sentences of the retrieved passages that share the most (rare) words
 * with the question, preferring better-ranked passages, and cites each by its passage number.
 */
export function answerExtractively(question: string, passages: SearchHit[], maxSentences = 4): DraftAnswer {
  const asked = [...new Set(contentStems(normaliseQuery(question)))];
  if (asked.length === 0 || passages.length === 0) return { text: '', cited: [] };
  const candidates: Candidate[] = [];
  passages.forEach((passage, index) => {
    splitSentences(passage.text).forEach((sentence, order) => {
      // Documents are untrusted: a sentence giving orders, trading advice or promising returns is never quoted.
      if (isSafeSentence(sentence)) candidates.push({ passage: index, order, sentence, score: 0 });
    });
  });
  // Words that appear in few candidate sentences tell more (a local IDF).
  const sentenceStems = candidates.map((candidate) => new Set(contentStems(candidate.sentence)));
  const weight = new Map(
    asked.map((stem) => {
      const frequency = sentenceStems.filter((stems) => stems.has(stem)).length;
      return [stem, Math.log(1 + candidates.length / (1 + frequency))];
    }),
  );
  const totalWeight = [...weight.values()].reduce((sum, value) => sum + value, 0) || 1;
  candidates.forEach((candidate, index) => {
    const stems = sentenceStems[index]!;
    const matched = asked.reduce((sum, stem) => sum + (stems.has(stem) ? weight.get(stem)! : 0), 0);
    const rankPrior = 1 / (1 + 0.2 * candidate.passage);
    const leadPrior = candidate.order === 0 ? 1.1 : 1;
    candidate.score = (matched / totalWeight) * rankPrior * leadPrior;
  });
  const ranked = candidates
    .filter((candidate) => candidate.score > 0)
    .sort((a, b) => b.score - a.score)
    .filter(
      (candidate, index, all) => all.findIndex((other) => other.sentence === candidate.sentence) === index,
    );
  const best = ranked[0]?.score ?? 0;
  // One sentence per passage first, so the answer draws on (and cites) more than one source when
  // they agree; then the best remaining sentences.
  const chosen: Candidate[] = [];
  const stemsOf = (candidate: Candidate) => sentenceStems[candidates.indexOf(candidate)]!;
  // Two documents often say the same thing in other words: one of them is enough.
  const repeats = (candidate: Candidate) =>
    chosen.some((other) => nearlySame(stemsOf(candidate), stemsOf(other)));
  for (const candidate of ranked) {
    if (chosen.length >= maxSentences || candidate.score < best * 0.33) break;
    if (!chosen.some((other) => other.passage === candidate.passage) && !repeats(candidate))
      chosen.push(candidate);
  }
  for (const candidate of ranked) {
    if (chosen.length >= maxSentences || candidate.score < best * 0.6) break;
    if (!chosen.includes(candidate) && !repeats(candidate)) chosen.push(candidate);
  }
  // A short answer ("Akash runs a reverse auction.") usually goes on in the next sentence, which
  // explains it without repeating the question's words.
  const lead = chosen[0];
  const next = lead && candidates.find((c) => c.passage === lead.passage && c.order === lead.order + 1);
  const length = chosen.reduce((sum, candidate) => sum + candidate.sentence.length, 0);
  if (next && length < SHORT_ANSWER_CHARS && !chosen.includes(next) && !repeats(next)) chosen.push(next);
  chosen.sort((a, b) => a.passage - b.passage || a.order - b.order);
  const cited = [...new Set(chosen.map((candidate) => candidate.passage))];
  const text = chosen
    .map((candidate) => `${ensureStop(candidate.sentence)} [${candidate.passage + 1}]`)
    .join(' ');
  return { text, cited };
}

/** Answers shorter than this get the sentence that follows their best one. */
const SHORT_ANSWER_CHARS = 120;

/** Most of the shorter sentence's words are in the other one. */
function nearlySame(a: Set<string>, b: Set<string>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return false;
  let shared = 0;
  for (const stem of small) if (large.has(stem)) shared++;
  return shared / small.size >= 0.8;
}

function ensureStop(sentence: string): string {
  return /[.!?:]$/.test(sentence) ? sentence : `${sentence}.`;
}
