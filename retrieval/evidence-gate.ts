import { normaliseAsked } from './normalise-query.ts';
import type { Retrieval } from './retriever.ts';
import { contentWords } from './text-tokens.ts';

export interface EvidenceGateOptions {
  /** What a short question (three words or fewer) must have covered: share of its IDF mass. */
  maxCoverage?: number;
  /** Beyond that, the required share falls as `wordsCovered / words`: about this many words' worth. */
  wordsCovered?: number;
}

/** A passage must hold about this many words' worth of a long question's IDF mass. */
const WORDS_COVERED = 2.0;
/** What a short question (three words or fewer) must have covered: share of its IDF mass. */
const MAX_COVERAGE = 0.58;

/**
 * Whether the best passages speak to the question's subject. Coverage is the share of the question's
 * IDF mass a passage holds (a word the corpus never uses counts as the rarest). A long chat question
 * carries many words no answer repeats ("front the whole deposit myself"), so the share required
 * falls with the question's length: a passage must hold about `wordsCovered` words' worth of it,
 * and a short one must hold most of it. Calibrated on dev, dev-chat and the conversations together
 * (see the closing notes of issue 8): at 2.0 words, false declines 0 / 0.021 / 0.028 (follow-up
 * turns) / 0 (stand-alone turns), declines of unanswerable questions 0.33 / 0.29 / 0.5 / none asked;
 * 2.2 declined one more unanswerable dev question and five more answerable ones.
 */
export function hasEnoughEvidence(
  question: string,
  retrieval: Retrieval,
  options: EvidenceGateOptions = {},
): boolean {
  return evidenceVerdict(question, retrieval, options) === 'enough';
}

/**
 * Evidence short of the gate but holding at least this share of what it asks for is borderline:
 * with a model configured, the model judges it (it answers NOT_IN_SOURCES when the passages do not
 * answer); offline it is declined like any evidence short of the gate.
 */
const BORDERLINE_SUPPORT = 0.6;

export type EvidenceVerdict = 'enough' | 'borderline' | 'short';

export function evidenceVerdict(
  question: string,
  retrieval: Retrieval,
  options: EvidenceGateOptions = {},
): EvidenceVerdict {
  const support = evidenceSupport(question, retrieval, options);
  if (support >= 1) return 'enough';
  return support >= BORDERLINE_SUPPORT ? 'borderline' : 'short';
}

/** How far the best passages clear the gate: 1 is just enough, a FAQ match counts as 2. */
export function evidenceSupport(
  question: string,
  retrieval: Retrieval,
  { maxCoverage = MAX_COVERAGE, wordsCovered = WORDS_COVERED }: EvidenceGateOptions = {},
): number {
  if (retrieval.faq) return 2;
  const best = Math.max(0, ...retrieval.hits.slice(0, 3).map((hit) => hit.coverage));
  return best / requiredCoverage(question, maxCoverage, wordsCovered);
}

export function requiredCoverage(
  question: string,
  maxCoverage = MAX_COVERAGE,
  wordsCovered = WORDS_COVERED,
): number {
  const words = new Set(contentWords(normaliseAsked(question))).size;
  return Math.min(maxCoverage, wordsCovered / Math.max(words, 1));
}
