import { editDistance } from '../lib/edit-distance.ts';

/**
 * Corrects misspelt words against the corpus vocabulary: a word the corpus has never seen is replaced
 * by the most frequent known word within one edit (two for very long words). A typo seldom hits the
 * first letter, and a word that is a known word with an English ending or prefix ("stopping",
 * "unrelated", "premined") is a real word, not a typo: correcting those turned "stopping" into
 * "shopping" and "premined" into "refined". Known words, numbers and short words are left alone, so
 * tickers and names survive.
 */
export interface TypoCorrector {
  correct(text: string): string;
}

/** Shorter words are too often real words one letter from a corpus word ("hook", "clue", "mess"). */
const MIN_LENGTH = 5;
/** Words this long may be two edits out. */
const TWO_EDITS_FROM = 10;

export function createTypoCorrector(vocabulary: Map<string, number>): TypoCorrector {
  const byLength = new Map<number, [string, number][]>();
  for (const [word, count] of vocabulary) {
    const bucket = byLength.get(word.length) ?? [];
    bucket.push([word, count]);
    byLength.set(word.length, bucket);
  }
  const cache = new Map<string, string>();
  const fix = (word: string): string => {
    if (word.length < MIN_LENGTH || /\d/.test(word) || vocabulary.has(word)) return word;
    const base = knownBase(word, vocabulary);
    if (base !== undefined) return base;
    const cached = cache.get(word);
    if (cached !== undefined) return cached;
    const allowed = word.length >= TWO_EDITS_FROM ? 2 : 1;
    // Fewest edits first, then the more frequent word.
    let best: { word: string; distance: number; count: number } | undefined;
    for (let length = word.length - allowed; length <= word.length + allowed; length++) {
      for (const [candidate, count] of byLength.get(length) ?? []) {
        if (count < 2 || candidate[0] !== word[0]) continue;
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

const ENDINGS = ['ing', 'ed', 'es', 's', 'ly', 'er', 'ers', 'd'];
const PREFIXES = ['un', 're', 'pre', 'non', 'over', 'under', 'mis'];

/**
 * A real word the corpus happens not to use in this form: the word itself when only an English
 * ending sets it apart from a known word ("stopping" → "stop"; the search stems it anyway), or the
 * known word under a prefix ("unrelated" → "related", which the search can match).
 */
export function knownBase(word: string, vocabulary: Map<string, number>): string | undefined {
  const known = (stem: string) => stem.length >= 3 && vocabulary.has(stem);
  for (const ending of ENDINGS) {
    if (!word.endsWith(ending)) continue;
    const stem = word.slice(0, -ending.length);
    // "stopping" → "stopp" → "stop".
    const undoubled = /(.)\1$/.test(stem) ? stem.slice(0, -1) : stem;
    const silentE = ending !== 's' && ending !== 'ly' && known(`${stem}e`); // "pricing" → "price"
    if (known(stem) || known(undoubled) || silentE) return word;
  }
  const prefix = PREFIXES.find((prefix) => word.startsWith(prefix) && known(word.slice(prefix.length)));
  return prefix === undefined ? undefined : word.slice(prefix.length);
}

function keepCase(original: string, corrected: string): string {
  return original.toLowerCase() === corrected ? original : corrected;
}
