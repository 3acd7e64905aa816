import { networkNamedBy, networksIn } from './networks.ts';
import { normaliseAsked } from './normalise-query.ts';
import { contentWords } from './text-tokens.ts';

/** One way to read a turn: on its own, as the earlier question about another network, or with its subject. */
export interface Reading {
  question: string;
  kind: 'alone' | 'switch' | 'context';
}

/** Words that point back to something said before (a closed class of English, not a topic list). */
const POINTS_BACK =
  /\b(it|its|it's|they|them|their|theirs|that|this|those|these|there|he|she|his|her|one|ones|same|either|both|too|also|else)\b/i;

/** At most this many words of the earlier question are carried into a turn as its subject. */
const SUBJECT_WORDS = 12;

/**
 * The readings of a turn, the stand-alone one first. A turn that names another network than the
 * one before and says little else ("and render?", "same q for filecoin") is the earlier question
 * with the network changed; any other turn may lean on the earlier subject (a pronoun, an
 * ellipsis: "is it burned?", "what about fees") and is also read with that subject added. Which
 * reading wins is for the evidence to decide (see chooseReading).
 */
export function followUpReadings(question: string, history: { question: string }[]): Reading[] {
  const previous = previousSubject(history);
  const alone: Reading = { question, kind: 'alone' };
  if (!previous) return [alone];
  return [alone, readInContext(question, previous)];
}

/** The earlier turns folded into one subject question, each read the way this turn is. */
function previousSubject(history: { question: string }[]): string | undefined {
  let subject: string | undefined;
  for (const turn of history) {
    if (!subject) {
      subject = turn.question;
      continue;
    }
    const reading = readInContext(turn.question, subject);
    // Without the evidence at hand, an earlier turn keeps its own subject when it names one.
    subject = reading.kind === 'switch' || leansBack(turn.question) ? reading.question : turn.question;
  }
  return subject;
}

function readInContext(question: string, previous: string): Reading {
  const asked = networksIn(question);
  const before = networksIn(previous);
  const own = ownWords(question);
  const switches = asked.size > 0 && [...asked].some((network) => !before.has(network));
  if (switches && own.length <= 3) {
    const extra = own.filter(
      (word) => !contentWords(previous).includes(word) && !/^(same|q|question)$/.test(word),
    );
    return { question: [switchNetwork(previous, asked), ...extra].join(' '), kind: 'switch' };
  }
  const subject = contentWords(normaliseAsked(previous)).slice(0, SUBJECT_WORDS).join(' ');
  return { question: `${question} ${subject}`, kind: 'context' };
}

/** The question's content words other than network names and tickers. */
function ownWords(question: string): string[] {
  return contentWords(normaliseAsked(question)).filter((word) => networkNamedBy(word) === undefined);
}

/** The earlier question about the networks now asked about: its network names replaced. */
export function switchNetwork(previous: string, networks: Set<string>): string {
  const replacement = [...networks].join(' and ');
  let replaced = false;
  const text = previous.replace(/[A-Za-z0-9]+/g, (word) => {
    if (networkNamedBy(word.toLowerCase()) === undefined) return word;
    if (replaced) return '';
    replaced = true;
    return replacement;
  });
  return (replaced ? text : `${text} ${replacement}`).replace(/\s+/g, ' ').trim();
}

/** A turn opening by continuing ("and ...", "what about ...") goes on from the last one. */
const CONTINUES = /^\W*((ok|okay|so|wait|sorry|no|cool)\W+)*(and|but|then|what about|how about|same)\b/i;

export function leansBack(question: string): boolean {
  return POINTS_BACK.test(question) || CONTINUES.test(question) || ownWords(question).length === 0;
}

/**
 * Keeps the reading the evidence supports best: each reading's best coverage over what the gate
 * asks of a question that long. Ties go to the reading the question's own form suggests: the
 * network switch, the context when the turn points back, the stand-alone turn otherwise.
 */
export function chooseReading<T>(
  question: string,
  readings: { reading: Reading; support: number; value: T }[],
): { reading: Reading; value: T } {
  const backwards = leansBack(question);
  const weight = (reading: Reading) => {
    if (reading.kind === 'switch') return 1.3;
    if (reading.kind === 'context') return backwards ? 1.2 : 0.8;
    return backwards ? 1 : 1.2;
  };
  let best = readings[0]!;
  for (const candidate of readings.slice(1)) {
    if (candidate.support * weight(candidate.reading) > best.support * weight(best.reading)) best = candidate;
  }
  return best;
}
