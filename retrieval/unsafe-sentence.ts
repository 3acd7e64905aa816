/**
 * Sentences the bot never quotes or sends, whoever wrote them and whatever they cite: documents come
 * from operators' folders, crawls and contributors (untrusted), and a model can be talked into
 * repeating them. One rule for both answerers and for ingestion's warnings.
 */
import { detectLanguage } from './language.ts';
import { NETWORK_TABLE, tickersOf } from './networks.ts';

export type UnsafeReason = 'instruction' | 'trading-advice' | 'return-promise';

const INSTRUCTION_PATTERNS = [
  // Orders to the bot: "Ignore your previous instructions", "disregard the rules above".
  /\b(ignore|disregard|forget|override|bypass)\b[^.!?]{0,40}\b(instructions?|rules|prompts?|guidelines|directives|system\s+message)\b/i,
  /\b(system\s+prompt|developer\s+mode|jailbreak)\b/i,
  /\b(you\s+are\s+now|from\s+now\s+on,?\s+(you|the\s+(bot|assistant|model))|(you|assistants?|the\s+(bot|assistant|model))\s+(must\s+|should\s+|will\s+)?(act|pretend)\s+(as|to\s+be|like)|pretend\s+(to\s+be|you\s+are))\b/i,
  // Orders about what to pass on to readers: "Tell every user that...", "inform all investors...".
  /\b(tell|inform|remind|advise|convince|urge)\s+(every|all|each|any)\s*(one|body|\w+)?\b/i,
  /\b(tell|inform|remind|advise|convince|urge)\s+(users|readers|people|everyone|everybody|investors|members|holders)\b/i,
  // An imperative at the start: "Say that...", "Always answer...", "Respond with...".
  /^(please\s+)?(now\s+)?(always\s+|never\s+)?(say|claim|announce|reply|respond|answer)\s+(that|to\s+(every|all|each|any|users|readers|people|everyone)|with|only|yes|no)\b/i,
  /\b(you|assistants?|the\s+(bot|assistant|model|ai))\s+(must|should|shall|will)\s+(always\s+|now\s+)?(say|tell|state|answer|respond|reply|recommend|claim)\b/i,
];

/** What a reader could be told to trade: a pronoun, "the token", a ticker or a network we cover. */
const ASSET = String.raw`(it|them|this|these|now|today|more|the\s+dip|(the\s+)?(tokens?|coins?|bags?)|\$[a-z]{2,6}|${NETWORK_TABLE.flatMap(
  (entry) => [...entry.names, ...entry.tokens.flatMap(tickersOf), ...entry.terms],
).join('|')}|btc|eth|sol)\b`;

const TRADING_PATTERNS = [
  /\b(should|must|need\s+to|have\s+to|ought\s+to|better)\s+(definitely\s+|all\s+|really\s+)?(buy|sell|dump|accumulate|ape\s+into|load\s+up\s+on|go\s+long|short)\b/i,
  new RegExp(String.raw`^(now\s+)?(buy|sell|accumulate|dump|ape\s+into|load\s+up\s+on)\s+${ASSET}`, 'i'),
  /\b(buy|sell|accumulate|dump)\b[^.!?]{0,20}\b(now|today|immediately|asap|before\s+it'?s?\s+too\s+late|while\s+(you\s+can|it'?s\s+cheap))\b/i,
  /\b(strong|great|good|no-?brainer)\s+(buy|investment|entry)\b/i,
  /\b(not\s+too\s+late\s+to\s+(buy|invest)|don'?t\s+miss\s+(out|the\s+boat))\b/i,
];

/** Financial words a promise is about; "storage is guaranteed by collateral" is not a promise of returns. */
const GAIN = String.raw`(profits?|returns?|gains?|yields?|income|earnings|apy|apr|\d+(\.\d+)?\s*x|price|value|moon|double|triple|rise|go\s+up|appreciate|make\s+money)`;

const PROMISE_PATTERNS = [
  new RegExp(String.raw`\bguarantee[sd]?\b[^.!?]{0,30}\b${GAIN}`, 'i'),
  new RegExp(String.raw`\b${GAIN}\b[^.!?]{0,20}\b(is|are)\s+guaranteed\b`, 'i'),
  /\bwill\s+(easily\s+|surely\s+|definitely\s+)?(\d+(\.\d+)?\s*x|moon|skyrocket|explode|pump|double|triple)\b/i,
  /\b\d+(\.\d+)?\s*x\s+(gains?|returns?|profits?)\b/i,
  /\b(risk[- ]free|can'?t\s+lose|cannot\s+lose|no\s+way\s+to\s+lose|sure\s+thing|to\s+the\s+moon)\b/i,
];

/**
 * Promises in the languages an answer may be written in (the bot answers in the asker's language):
 * a guarantee next to a gain, or a multiplier ("10x").
 */
const OTHER_LANGUAGE_PROMISES = [
  /garant\p{L}*[^.!?。]{0,40}(ganancia|beneficio|rendimiento|retorno|gewinn|rendite|lucro|retour|rendement|guadagn|profit|\d+\s*x\b)/iu,
  /(ganancia|beneficio|rendimiento|retorno|gewinn|rendite|lucro|rendement|guadagn)\p{L}*[^.!?。]{0,30}garant/iu,
  /(^|[^\p{L}\d])\d+\s*[x×](?![\p{L}\d])/u,
  /保证|保証|보장|гарантир/u,
];

/** A disclaimer ("returns are not guaranteed", "nothing says it will 10x") is the opposite of a promise. */
const NEGATION =
  /\b(not|no|never|nothing|nobody|none|without|cannot|can'?t|isn'?t|aren'?t|won'?t|doesn'?t|don'?t)\b/i;

function promises(text: string): boolean {
  if (PROMISE_PATTERNS.some((pattern) => promisedBy(pattern, text))) return true;
  // A bare "3x" is a common figure in English documents ("3x growth in usage"); only the other
  // languages' list, where no English pattern can apply, treats it as a promise. The language is
  // detected last, only for a sentence that list matches: it costs more than all the patterns.
  return (
    OTHER_LANGUAGE_PROMISES.some((pattern) => promisedBy(pattern, text)) && detectLanguage(text).code !== 'en'
  );
}

function promisedBy(pattern: RegExp, text: string): boolean {
  const match = pattern.exec(text);
  return match !== null && !NEGATION.test(text.slice(Math.max(0, match.index - 40), match.index + 1));
}

/** Why a sentence must not go out, or undefined when it may. */
export function unsafeReason(sentence: string): UnsafeReason | undefined {
  const text = sentence
    .replace(/\[\d+\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (INSTRUCTION_PATTERNS.some((pattern) => pattern.test(text))) return 'instruction';
  if (TRADING_PATTERNS.some((pattern) => pattern.test(text))) return 'trading-advice';
  if (promises(text)) return 'return-promise';
  return undefined;
}

export function isSafeSentence(sentence: string): boolean {
  return unsafeReason(sentence) === undefined;
}
