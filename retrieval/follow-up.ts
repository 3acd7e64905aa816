import { askedKind } from './asked-kind.ts';
import { NETWORK_TABLE, networkNamedBy, networksIn, parseNetwork, tickersOf } from './networks.ts';
import { normaliseAsked } from './normalise-query.ts';
import { contentWords, words } from './text-tokens.ts';

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
  const previous = earlierTurns(history);
  const newTopic = question.replace(NEW_TOPIC, '').trim();
  // "unrelated, but what is dewi": the user says the earlier subject is over.
  if (!previous || newTopic !== question.trim()) return [{ question: newTopic || question, kind: 'alone' }];
  // "wait whats a sector": a term asked in the turn's own words means what it means whatever the
  // earlier subject was (conversation turns recall@5: stand-alone 0.588 -> 0.647, follow-ups
  // 0.417 -> 0.444).
  if (askedKind(question) === 'definition' && !leansBack(question)) return [{ question, kind: 'alone' }];
  const inContext = readInContext(question, previous);
  // "and for akt?", "why?": a turn that asks nothing of its own is only read with the earlier one,
  // and so is one that says it asks the same question ("same q for akash providers").
  if (ownWords(question).filter((word) => !SAME_QUESTION.test(word)).length === 0 || SAYS_SAME.test(question))
    return [inContext];
  return [{ question, kind: 'alone' }, inContext];
}

/**
 * An opening that announces a new subject ("unrelated:", "different q,", "off topic but"): a closed
 * class of English discourse markers, not a topic list.
 */
const NEW_TOPIC =
  /^\W*((ok|okay|so|oh|hey|also|and|anyway|anyways)\W+)*(((totally|completely|slightly|kinda|kind of|somewhat)\s+)?(unrelated|off[- ]?topic|(diff|different|another|new|other|separate|random|unrelated)\s+(q|qs|question|questions|topic|subject))|(changing|change of|switching|new)\s+(the\s+)?(subject|topic|topics|gears))\b(\W+(but|though|tho|q|question)\b)?\W*/i;

/** "same q for filecoin", "same question but for render": the turn says it repeats the last question. */
const SAYS_SAME = /\bsame (q|qs|question|questions)\b/i;

/** "same q for filecoin": words that only say the question is the earlier one. */
const SAME_QUESTION = /^(same|q|question|qs)$/;

/**
 * What a turn can lean on: the earlier turns folded into one subject (for a pronoun or an ellipsis),
 * and the last question as the user meant it (for a network switch: "same q for render" repeats the
 * last question, not every subject word before it).
 */
interface Earlier {
  subject: string;
  last: string;
}

function earlierTurns(history: { question: string }[]): Earlier | undefined {
  let earlier: Earlier | undefined;
  for (const turn of history) {
    if (!earlier) {
      earlier = { subject: turn.question, last: turn.question };
      continue;
    }
    const reading = readInContext(turn.question, earlier);
    // Without the evidence at hand, an earlier turn keeps its own subject when it names one.
    const next = reading.kind === 'switch' || leansBack(turn.question) ? reading.question : turn.question;
    // The conversation stays on its network until a turn names another.
    const networks = [...networksIn(earlier.subject)];
    const carried = (text: string) => (networksIn(text).size === 0 ? networks : []);
    earlier = {
      subject: [next, ...carried(next)].join(' '),
      last:
        reading.kind === 'switch' ? reading.question : [turn.question, ...carried(turn.question)].join(' '),
    };
  }
  return earlier;
}

function readInContext(question: string, { subject: previous, last }: Earlier): Reading {
  const asked = networksIn(question);
  const before = networksIn(last);
  const own = ownWords(question);
  // "sorry i meant the IOT one" after a question on MOBILE: the same question about the other token.
  const swapped = switchToken(question, last);
  if (swapped && own.filter((word) => word !== swapped.named).length <= 3)
    return { question: swapped.question, kind: 'switch' };
  const switches = asked.size > 0 && [...asked].some((network) => !before.has(network));
  if (switches && own.length <= 3) {
    const extra = own.filter((word) => !contentWords(last).includes(word) && !SAME_QUESTION.test(word));
    return {
      question: [switchNetwork(last, namesUsed(question, asked)), ...extra].join(' '),
      kind: 'switch',
    };
  }
  // A turn about another network borrows the earlier subject, not the earlier network.
  const subject = contentWords(normaliseAsked(previous))
    .filter((word) => !switches || networkNamedBy(word) === undefined)
    .slice(0, SUBJECT_WORDS)
    .join(' ');
  return { question: `${question} ${subject}`, kind: 'context' };
}

/**
 * The words the turn names its networks by ("akt", "rndr"), so the switched question asks as the
 * user did: "smallest unit of akt" meets the passages on uakt that "smallest unit of akash" misses.
 * A network named only by a term of its own ("octane") is named by its id.
 */
function namesUsed(question: string, networks: Set<string>): Set<string> {
  const named = new Set<string>();
  for (const word of question.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    // A marker of the network that is also one of its names or tickers (parseNetwork knows no terms).
    const network = networkNamedBy(word);
    if (network && networks.has(network) && parseNetwork(word) === network) named.add(word);
  }
  for (const network of networks)
    if (![...named].some((word) => networkNamedBy(word) === network)) named.add(network);
  return named;
}

/** The question's content words other than network names and tickers. */
function ownWords(question: string): string[] {
  return contentWords(normaliseAsked(question)).filter((word) => networkNamedBy(word) === undefined);
}

/**
 * The earlier question with a token swapped for another token of the same network that this turn
 * names and the earlier one does not ("mobile" -> "iot" within Helium): a sub-network's token
 * replaces its siblings ("hnt" stays), the network's own token replaces the sub-networks' ones.
 */
function switchToken(question: string, previous: string): { question: string; named: string } | undefined {
  const earlier = new Set(words(previous));
  const asked = words(question);
  for (const entry of NETWORK_TABLE) {
    const levels = entry.tokens.map((token, index) => ({ tickers: tickersOf(token), main: index === 0 }));
    const isNew = (t: string) => asked.includes(t) && !earlier.has(t);
    const named = levels.find((level) => level.tickers.some(isNew));
    if (!named) continue;
    const ticker = named.tickers.find(isNew)!;
    const replaced = levels
      .filter((level) => level !== named && (named.main || !level.main))
      .flatMap((level) => level.tickers)
      .filter((t) => earlier.has(t));
    if (replaced.length === 0) continue;
    const text = previous.replace(/[A-Za-z0-9]+/g, (word) =>
      replaced.includes(word.toLowerCase()) ? ticker : word,
    );
    return { question: text, named: ticker };
  }
  return undefined;
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
