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

/** Optimal-string-alignment distance (transpositions count once), giving up beyond `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, previous2[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}
