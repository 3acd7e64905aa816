/** Shared tokenisation for the local embedder, FAQ matching and the extractive answerer. */

const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having how i if in ' +
    'into is it its itself just me my no nor not of on or our ours out over own so some such than that the their ' +
    'theirs them then there these they this those through to too under until up very was we were what when where ' +
    'which while who whom why will with would you your yours about above after again against all am any because ' +
    'before below between both during each few further here more most other off once only same should shall ' +
    'tell explain please know want wondering anyone someone thing things get got also us much many'
  ).split(' '),
);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Lower-cased alphanumeric words (unicode aware); keeps tickers like 'a100' or 'h100'. */
export function words(text: string): string[] {
  // ASCII text (most chunks) is its own NFKC form and its letters and digits are [a-z0-9]: the same
  // words, without the normalisation and the unicode property classes.
  if (ASCII.test(text)) return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return (
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

// eslint-disable-next-line no-control-regex -- every ASCII code, control characters included
const ASCII = /^[\x00-\x7f]*$/;

export function contentWords(text: string): string[] {
  return words(text).filter((word) => !STOP_WORDS.has(word));
}

/**
 * A light suffix stemmer (plural, -ing, -ed, -ly...) so 'providers' meets 'provider'. Porter would
 * do more; this is enough for overlap scores. A plural keeps its stem's spelling ('rates', 'misses'
 * and 'statuses' meet 'rate', 'miss' and 'status'), and a word ending in -ss or -us is no plural.
 */
export function stem(word: string): string {
  if (word in BINARY_UNITS) return BINARY_UNITS[word]!;
  if (word.length <= 3 || /\d/.test(word) || /(ss|us)$/.test(word)) return word;
  // A plural may leave two letters before it ('misses' -> 'miss'); a derivation keeps three
  // ('station' is no 'st' + 'ation').
  // 'supply' and 'apply' are no adverbs ('supplied' meets them at 'suppli').
  const derived = /pply$/.test(word) ? word : stripSuffix(word, DERIVATIONS, 3);
  if (derived === word) return conflate(stripSuffix(word, PLURALS, 2), false);
  return conflate(derived, /(ed|ing)$/.test(word));
}

/**
 * One stem for a word's forms where cutting the suffix leaves different spellings: a final silent
 * e ('prove', 'proving' and 'proved' meet at 'prov'; 'store', 'stored'), a final y after a consonant
 * ('verify', 'verified', 'verifies' at 'verifi'), and a doubled consonant before -ed or -ing
 * ('stopped', 'stop').
 */
function conflate(base: string, cutEdOrIng: boolean): string {
  if (base.length <= 3) return base;
  if (/[^aeiou]e$/.test(base)) return base.slice(0, -1);
  if (/[^aeiou]y$/.test(base)) return `${base.slice(0, -1)}i`;
  if (cutEdOrIng && /([bdfgkmnprt])\1$/.test(base)) return base.slice(0, -1);
  return base;
}

/**
 * The first version of `stem`, which cut every -es ('rates' -> 'rat', 'miss' -> 'mis'). The local
 * embedder's features stay on it: its vectors (local-hash-v1) are stored, and a query must hash
 * the way the stored passages did.
 */
export function stemV1(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  return stripSuffix(word, SUFFIXES_V1, 3);
}

function stripSuffix(word: string, suffixes: [string, string][], minKept: number): string {
  for (const [suffix, replacement] of suffixes) {
    if (word.endsWith(suffix) && word.length - suffix.length >= minKept)
      return word.slice(0, -suffix.length) + replacement;
  }
  return word;
}

const DERIVATIONS: [string, string][] = [
  ['ational', 'ate'],
  ['ization', 'ize'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ations', 'ate'],
  ['ation', 'ate'],
  ['ments', 'ment'],
  ['ities', 'ity'],
  ['ies', 'y'],
  ['ing', ''],
  ['ed', ''],
  ['ly', ''],
];

const PLURALS: [string, string][] = [
  ['sses', 'ss'],
  ['uses', 'us'],
  ['ches', 'ch'],
  ['shes', 'sh'],
  ['xes', 'x'],
  ['s', ''],
];

const SUFFIXES_V1: [string, string][] = [...DERIVATIONS, ['es', ''], ['s', '']];

/**
 * Content words stemmed, a figure glued to its storage or frequency unit split from it ("8gb"
 * meets "8 GB"; ordinals and names like "3rd" or "a100" stay whole), and binary storage units read
 * as the decimal ones people type ("32 GiB" meets "32 gigs"). The embedder keeps its own tokens
 * (contentWords), so stored vectors do not change.
 */
export function contentStems(text: string): string[] {
  const stems: string[] = [];
  for (const word of contentWords(text)) {
    const quantity = GLUED_QUANTITY.exec(word);
    if (quantity) stems.push(quantity[1]!, stem(quantity[2]!));
    else stems.push(stem(word));
  }
  return stems;
}

const GLUED_QUANTITY = /^(\d+)([kmgtp]i?b|[kmg]hz)$/;

/** Binary units and the decimal ones people write for them. */
export const BINARY_UNITS: Record<string, string> = { kib: 'kb', mib: 'mb', gib: 'gb', tib: 'tb', pib: 'pb' };
