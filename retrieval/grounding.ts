import { splitAnswerSentences, type AnswerSentence } from './answer-sentences.ts';
import type { SearchHit } from './hybrid-search.ts';
import { detectLanguage } from './language.ts';
import { networksIn } from './networks.ts';
import { normaliseAsked } from './normalise-query.ts';
import { contentStems, words } from './text-tokens.ts';
import { unsafeReason, type UnsafeReason } from './unsafe-sentence.ts';

export type SentenceFault =
  | 'uncited'
  | 'citation-out-of-range'
  | 'number-not-in-passage'
  | 'name-not-in-passage'
  | 'unsupported'
  | UnsafeReason;

/** Why the generated answer was set aside for the extractive one. */
export type FallbackRule = 'nothing-supported' | 'question-not-covered' | 'wrong-language';

export interface SentenceCheck {
  text: string;
  citations: number[];
  /** Share of the sentence's content words found in the passages it cites (1 when not measured). */
  support: number;
  fault?: SentenceFault;
  /** The number or name that was missing, for the log. */
  detail?: string;
}

export interface GroundingResult {
  /** The supported sentences with their citations; the answer unchanged when all of them pass. */
  text: string;
  /** 0-based indexes of the passages the kept sentences cite. */
  cited: number[];
  sentences: SentenceCheck[];
  /** Share of the question's content words found in the kept sentences and the passages they cite. */
  coverage: number;
  rule?: FallbackRule;
}

export interface GroundingOptions {
  /** A sentence whose cited passages hold less than this share of its content words is dropped. */
  minSupport?: number;
  /** Below this share of the question's content words in what remains, the answer is set aside. */
  minCoverage?: number;
}

/** Thresholds measured with `npm run bench:grounding` (see the README's grounding section). */
export const MIN_SUPPORT = 0.7;
export const MIN_COVERAGE = 0.4;

/**
 * Checks a generated answer sentence by sentence against the passages it was given: each sentence
 * must cite a given passage, must be safe to send, and its numbers, names and (for English) content
 * words must be in the passages it cites. Sentences that fail are dropped; when nothing is left, or
 * what is left does not cover the question, `rule` says why and the caller answers extractively.
 *
 * An answer in another language than English cannot be matched word for word against English
 * passages. It is cross-checked instead: citations, the unsafe rule, numbers, and names (tickers,
 * model numbers, network names, capitalised names the passages use) must hold, and at least one
 * sentence must carry such an anchor found in the passage it cites.
 */
export function groundAnswer(
  question: string,
  answer: string,
  passages: SearchHit[],
  options: GroundingOptions = {},
): GroundingResult {
  const minSupport = options.minSupport ?? MIN_SUPPORT;
  const minCoverage = options.minCoverage ?? MIN_COVERAGE;
  const asked = detectLanguage(question);
  const written = detectLanguage(answer);
  const english = written.code === 'en';
  const vocabularies = passages.map((passage) =>
    buildVocabulary(`${passage.title} ${passage.section} ${passage.text}`),
  );
  const known = knownNames(vocabularies);
  const context: SentenceContext = { passages: passages.length, vocabularies, known, english, minSupport };
  const sentences = splitAnswerSentences(answer).map((sentence) => checkSentence(sentence, context));

  const kept = sentences.filter((sentence) => !sentence.fault);
  const cited = [...new Set(kept.flatMap((sentence) => sentence.citations))].sort((a, b) => a - b);
  const coverage = questionCoverage(question, kept, cited, vocabularies);
  const result = (rule?: FallbackRule, text = ''): GroundingResult => ({
    text: rule ? '' : text,
    cited: rule ? [] : cited.map((n) => n - 1),
    sentences,
    coverage,
    ...(rule ? { rule } : {}),
  });
  if (asked.code === 'en' && !english) return result('wrong-language');
  if (kept.length === 0 || (!english && kept.every((sentence) => sentence.support === 0)))
    return result('nothing-supported');
  if (coverage < (english ? minCoverage : 1)) return result('question-not-covered');
  const unchanged =
    kept.length === sentences.length &&
    splitAnswerSentences(answer).every((s) => s.citations.every((n) => n >= 1 && n <= passages.length));
  if (unchanged) return result(undefined, answer.trim());
  return result(undefined, kept.map((sentence) => rewrite(sentence)).join(' '));
}

interface SentenceContext {
  passages: number;
  vocabularies: Vocabulary[];
  known: Set<string>;
  english: boolean;
  minSupport: number;
}

function checkSentence(sentence: AnswerSentence, context: SentenceContext): SentenceCheck {
  const check: SentenceCheck = { text: sentence.text, citations: sentence.citations, support: 1 };
  const unsafe = unsafeReason(sentence.text);
  if (unsafe) return { ...check, fault: unsafe };
  if (sentence.citations.length === 0) return { ...check, fault: 'uncited' };
  const valid = sentence.citations.filter((n) => Number.isInteger(n) && n >= 1 && n <= context.passages);
  if (valid.length === 0) return { ...check, fault: 'citation-out-of-range' };
  const cited = mergeVocabularies(valid.map((n) => context.vocabularies[n - 1]!));
  const kept = { ...check, citations: [...new Set(valid)] };
  const number = numbersIn(sentence.text).find((value) => !cited.numbers.has(value));
  if (number) return { ...kept, fault: 'number-not-in-passage', detail: number };
  const name = namesIn(sentence.text, context.english, context.known).find((value) => !has(cited, value));
  if (name) return { ...kept, fault: 'name-not-in-passage', detail: name };
  if (!context.english) {
    // Every name and number was found in the cited passages just above; one of them is the anchor.
    const anchored =
      numbersIn(sentence.text).length + namesIn(sentence.text, false, context.known).length > 0;
    return { ...kept, support: anchored ? 1 : 0 };
  }
  const support = supportOf(sentence.text, cited);
  return support < context.minSupport ? { ...kept, support, fault: 'unsupported' } : { ...kept, support };
}

interface Vocabulary {
  stems: Set<string>;
  prefixes: Set<string>;
  words: Set<string>;
  numbers: Set<string>;
}

function buildVocabulary(text: string): Vocabulary {
  const stems = new Set(contentStems(text));
  return {
    stems,
    prefixes: new Set(
      [...stems].filter((stem) => stem.length >= PREFIX).map((stem) => stem.slice(0, PREFIX)),
    ),
    words: new Set(words(text)),
    numbers: new Set(numbersIn(text)),
  };
}

function mergeVocabularies(list: Vocabulary[]): Vocabulary {
  const union = <T>(pick: (v: Vocabulary) => Set<T>) => new Set(list.flatMap((v) => [...pick(v)]));
  return {
    stems: union((v) => v.stems),
    prefixes: union((v) => v.prefixes),
    words: union((v) => v.words),
    numbers: union((v) => v.numbers),
  };
}

/** Words sharing their first five letters count as one: the light stemmer leaves "bidding"/"bid" apart. */
const PREFIX = 5;

function hasStem(vocabulary: Vocabulary, stem: string): boolean {
  return (
    vocabulary.stems.has(stem) || (stem.length >= PREFIX && vocabulary.prefixes.has(stem.slice(0, PREFIX)))
  );
}

function has(vocabulary: Vocabulary, name: string): boolean {
  return name.split(/[\s-]+/).every((part) => vocabulary.words.has(part) || hasStem(vocabulary, part));
}

/** How answers frame a claim; these words are never in the passage and say nothing about support. */
const FRAMING = new Set(
  contentStems(
    'according source sources passage passages document documents say says said state states mention mentions note notes explain explains describe describes',
  ),
);

function supportOf(sentence: string, cited: Vocabulary): number {
  const stems = [...new Set(contentStems(sentence))].filter(
    (stem) => !FRAMING.has(stem) && !/^\d/.test(stem),
  );
  if (stems.length === 0) return 1;
  return stems.filter((stem) => hasStem(cited, stem)).length / stems.length;
}

/** Numbers as written, thousands separators removed: "1,000" and "1000" are one number. */
function numbersIn(text: string): string[] {
  const found = text.replace(/\[\d+(?:\s*,\s*\d+)*\]/g, ' ').match(/\d+(?:[.,]\d+)*/g) ?? [];
  return [...new Set(found.map((value) => value.replace(/,(?=\d{3}\b)/g, '').replace(/\.0+$/, '')))];
}

/**
 * Names in a sentence, lower-cased: tickers and other all-capitals words, model numbers (H100,
 * AEP-76), network names, and, in English, capitalised words after the first. In another language
 * capitalised words are often common nouns (German), so only names the passages use count.
 */
function namesIn(sentence: string, english: boolean, known: Set<string>): string[] {
  const tokens = sentence.match(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu) ?? [];
  const names = tokens.filter((token, index) => {
    if (/^\p{Lu}[\p{Lu}\p{N}-]+$/u.test(token) || (/\p{L}/u.test(token) && /\p{N}/u.test(token))) return true;
    // The first word is capitalised anyway; in other languages capitalised words are often nouns.
    if (!/^\p{Lu}/u.test(token) || index === 0) return false;
    return english ? token !== 'I' : known.has(token.toLowerCase());
  });
  return [...new Set(names.map((name) => name.toLowerCase()))];
}

/** Capitalised words any given passage uses: names a non-English answer can be held to. */
function knownNames(vocabularies: Vocabulary[]): Set<string> {
  return new Set(vocabularies.flatMap((vocabulary) => [...vocabulary.words]));
}

/** Question words that say what kind of answer is wanted, not what it is about. */
const QUESTION_FRAME = new Set(
  contentStems('work works mean means happen way ways exactly basically stuff say'),
);

function questionCoverage(
  question: string,
  kept: SentenceCheck[],
  cited: number[],
  vocabularies: Vocabulary[],
): number {
  const evidence = mergeVocabularies([
    ...cited.map((n) => vocabularies[n - 1]!),
    ...kept.map((sentence) => buildVocabulary(sentence.text)),
  ]);
  // A network the question names must be what the answer is about.
  for (const network of networksIn(question))
    if (!networksIn([...evidence.words].join(' ')).has(network)) return 0;
  if (detectLanguage(question).code !== 'en') return 1;
  const stems = [...new Set(contentStems(normaliseAsked(question)))].filter(
    (stem) => !QUESTION_FRAME.has(stem),
  );
  if (stems.length === 0) return 1;
  return stems.filter((stem) => hasStem(evidence, stem)).length / stems.length;
}

/** The sentence as it goes out: only the citations that point at given passages. */
function rewrite(sentence: SentenceCheck): string {
  const marks = sentence.citations.map((n) => `[${n}]`).join('');
  const body = sentence.text.replace(/[.!?。！？]+$/u, '');
  const stop = sentence.text.slice(body.length) || '.';
  return `${body} ${marks}${stop}`;
}
