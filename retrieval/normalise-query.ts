import { expandChatShorthand } from './chat-shorthand.ts';
import { BINARY_UNITS } from './text-tokens.ts';

/**
 * One normaliser for both indexed text and questions, so the two always meet: invisible characters
 * removed, acronym plurals folded (GPUs → GPU; Postgres' stemmer keeps 'gpus'), British spellings
 * folded, and synonym groups expanded (AKT ↔ Akash token, DeWi ↔ decentralized wireless, ...).
 */

const SYNONYM_GROUPS: string[][] = [
  ['akt', 'akash token'],
  ['render token', 'rndr'],
  ['fil', 'filecoin token'],
  ['hnt', 'helium token'],
  ['honey', 'hivemapper token'],
  ['mobile token', 'helium mobile token'],
  ['dewi', 'decentralized wireless'],
  ['depin', 'decentralized physical infrastructure'],
  ['tvl', 'total value locked'],
  ['bme', 'burn mint equilibrium'],
  ['popw', 'proof of physical work'],
  ['apr', 'annual percentage rate'],
  ['apy', 'annual percentage yield'],
  ['gpu', 'graphics card'],
  ['aws', 'amazon web services'],
  ['gcp', 'google cloud'],
  ['sp', 'storage provider'],
  ['dc', 'data credit'],
  ['fil+', 'filecoin plus'],
  ['vehnt', 'vote escrowed hnt'],
  ['ai', 'artificial intelligence'],
  ['llm', 'large language model'],
  ['5g', 'cellular'],
  ['dao', 'decentralized autonomous organization'],
  // Investor and crypto shorthand (general usage).
  ['tam', 'total addressable market'],
  ['fdv', 'fully diluted valuation'],
  ['mcap', 'market cap'],
  ['ath', 'all time high'],
  ['tge', 'token generation event'],
  ['ico', 'initial coin offering'],
  ['dex', 'decentralized exchange'],
  ['cex', 'centralized exchange'],
  ['roi', 'return on investment'],
  ['nft', 'non fungible token'],
  ['l1', 'layer 1'],
  ['l2', 'layer 2'],
  ['pos', 'proof of stake'],
  ['pow', 'proof of work'],
  ['tps', 'transactions per second'],
  ['capex', 'capital expenditure'],
  ['opex', 'operating expense'],
  ['kyc', 'know your customer'],
  // Derived forms the English stemmer keeps apart.
  ['emit', 'emitted', 'emitting', 'emission', 'emissions'],
  ['slashed', 'slashing'],
];

const BRITISH_SPELLINGS: Record<string, string> = {
  decentralised: 'decentralized',
  decentralisation: 'decentralization',
  centralised: 'centralized',
  utilisation: 'utilization',
  utilised: 'utilized',
  incentivise: 'incentivize',
  incentivised: 'incentivized',
  tokenised: 'tokenized',
  organisation: 'organization',
  optimise: 'optimize',
  optimised: 'optimized',
  minimise: 'minimize',
  maximise: 'maximize',
  monetise: 'monetize',
  authorised: 'authorized',
  recognised: 'recognized',
  licence: 'license',
  modelled: 'modeled',
  favour: 'favor',
  behaviour: 'behavior',
};

/**
 * The British spellings as whole words, any case: one pass that stops only at them, where a
 * callback per word of the text was most of normaliseText's time at ingestion.
 */
const BRITISH_WORD = new RegExp(`\\b(?:${Object.keys(BRITISH_SPELLINGS).join('|')})\\b`, 'gi');

const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/g;

/** Cleans text for indexing and searching (no synonym expansion). */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/\$([A-Za-z]{2,10})\b/g, '$1') // $HONEY, $AKT
    .replace(/\b([A-Z][A-Z0-9]{1,6})s\b/g, '$1') // GPUs → GPU, NFTs → NFT
    .replace(BRITISH_WORD, (word) => BRITISH_SPELLINGS[word.toLowerCase()]!)
    .replace(/[-‐‑–—]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Chat filler and question framing that carry no topic ("how big is ...", "pls", "wen"). */
const FILLER: Record<string, string> = {
  whats: 'what',
  hows: 'how',
  wen: 'when',
  thanks: '',
  anyone: '',
  big: '',
  much: '',
  many: '',
  goes: '',
  go: '',
  happens: 'happen',
  actually: '',
  exactly: '',
  really: '',
  // A judgement ("is Render better than Akash?") or a chat comparison ("HNT vs MOBILE", "the diff
  // between ...") is answered with the facts on each side. "compare" and "difference" stay: the
  // documents use them where they do compare (dev: dropping them lost a citation).
  better: '',
  worse: '',
  vs: '',
  versus: '',
  diff: '',
};

/** The question as typed, cleaned: normalised, chat shorthand written out, lower-cased, filler removed. */
export function normaliseAsked(question: string): string {
  return expandChatShorthand(normaliseText(question))
    .toLowerCase()
    .replace(/[\p{L}\p{N}]+/gu, (word) => FILLER[word] ?? word)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The search form of a question: normalised, lower-cased, with synonyms of what it mentions appended. */
export function normaliseQuery(question: string): string {
  const base = normaliseAsked(question);
  const padded = ` ${base.replace(/[^\p{L}\p{N}+]+/gu, ' ')} `;
  const additions: string[] = [];
  for (const group of SYNONYM_GROUPS) {
    if (group.some((term) => padded.includes(` ${term} `))) {
      for (const term of group) if (!padded.includes(` ${term} `)) additions.push(term);
    }
  }
  additions.push(...quantityForms(base));
  return additions.length > 0 ? `${base} ${additions.join(' ')}` : base;
}

/** Storage units, each with its binary twin: documents write "32 GiB", "32GiB", "8GB" or "8 GB". */
const UNIT_TWINS: Record<string, string> = Object.fromEntries(
  Object.entries(BINARY_UNITS).flatMap(([binary, decimal]) => [
    [binary, decimal],
    [decimal, binary],
  ]),
);

/**
 * The other spellings of each figure-and-unit the question holds, for the word index (which keeps
 * "8gb" as one word and "8 gb" as two): "8 gb" adds "8gb 8gib gib", "32gib" adds "32 gib 32gb gb".
 */
function quantityForms(text: string): string[] {
  const forms = new Set<string>();
  for (const match of text.matchAll(/\b(\d+) ?([a-z]{2,3})\b/g)) {
    const [whole, figure, unit] = match as unknown as [string, string, string];
    const twin = UNIT_TWINS[unit];
    if (!twin) continue;
    for (const form of [`${figure}${unit}`, `${figure}${twin}`, `${figure} ${unit}`, twin])
      if (form !== whole) forms.add(form);
  }
  return [...forms];
}
