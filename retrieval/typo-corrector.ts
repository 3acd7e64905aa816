import { editDistance } from '../lib/edit-distance.ts';

/**
 * Corrects misspelt words against the corpus vocabulary: a word the corpus has never seen is replaced
 * by the most frequent known word within one edit (two for long words). Known words, numbers and
 * short words are left alone, so tickers and names survive.
 */
export interface TypoCorrector {
  correct(text: string): string;
}

export function createTypoCorrector(vocabulary: Map<string, number>): TypoCorrector {
  const byLength = new Map<number, [string, number][]>();
  for (const [word, count] of vocabulary) {
    const bucket = byLength.get(word.length) ?? [];
    bucket.push([word, count]);
    byLength.set(word.length, bucket);
  }
  const cache = new Map<string, string>();
  const fix = (word: string): string => {
    if (word.length < 4 || vocabulary.has(word) || /\d/.test(word)) return word;
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    const allowed = word.length >= 8 ? 2 : 1;
    // Fewest edits first, then the more frequent word.
    let best: { word: string; distance: number; count: number } | undefined;
    for (let length = word.length - allowed; length <= word.length + allowed; length++) {
      for (const [candidate, count] of byLength.get(length) ?? []) {
        if (count < 2) continue;
        const distance = editDistance(word, candidate, allowed);
        if (distance > allowed) continue;
        if (!best || distance < best.distance || (distance === best.distance && count > best.count)) {
          best = { word: candidate, distance, count };
        }
      }
    }
    const result = best?.word ?? word;
    if (cache.size < 10_000) cache.set(word, result);
    return result;
  };
  return {
    correct: (text) =>
      text.replace(/\p{L}+/gu, (word) =>
        word === word.toLowerCase() || word.length > 3 ? keepCase(word, fix(word.toLowerCase())) : word,
      ),
  };
}

function keepCase(original: string, corrected: string): string {
  return original.toLowerCase() === corrected ? original : corrected;
}
