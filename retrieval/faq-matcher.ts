import type { StoredChunk } from './chunk-store.ts';
import { normaliseText } from './normalise-query.ts';
import { contentStems } from './text-tokens.ts';

export interface FaqEntry {
  chunk: StoredChunk;
  question: string;
  stems: Set<string>;
}

export interface FaqMatch {
  entry: FaqEntry;
  score: number;
}

/** The last heading of a chunk when it is phrased as a question. */
export function faqQuestionOf(section: string): string | undefined {
  const last = section.split(' > ').at(-1)?.trim();
  return last?.endsWith('?') ? last : undefined;
}

export function buildFaqEntries(chunks: StoredChunk[]): FaqEntry[] {
  return chunks.flatMap((chunk) => {
    const question = faqQuestionOf(chunk.section);
    if (!question) return [];
    const stems = new Set(contentStems(normaliseText(question)));
    return stems.size > 0 ? [{ chunk, question, stems }] : [];
  });
}

/**
 * Finds the FAQ entry whose question says the same thing as the user's: Dice overlap of content
 * stems, so word order, punctuation, case and small extras do not matter.
 */
export function matchFaq(
  question: string,
  entries: FaqEntry[],
  threshold = FAQ_THRESHOLD,
): FaqMatch | undefined {
  return matchAllFaqs(question, entries, threshold)[0];
}

export const FAQ_THRESHOLD = 0.75;

/** Every entry scoring at least `threshold`, best first. */
export function matchAllFaqs(question: string, entries: FaqEntry[], threshold = FAQ_THRESHOLD): FaqMatch[] {
  const asked = new Set(contentStems(normaliseText(question)));
  if (asked.size === 0) return [];
  const matches: FaqMatch[] = [];
  for (const entry of entries) {
    let shared = 0;
    for (const stem of asked) if (entry.stems.has(stem)) shared++;
    const score = (2 * shared) / (asked.size + entry.stems.size);
    if (score >= Math.max(threshold, FAQ_THRESHOLD)) matches.push({ entry, score });
  }
  return matches.sort((a, b) => b.score - a.score);
}
