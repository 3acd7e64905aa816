/** What a question asks for, so the answer can lead with a sentence that carries it. */
export type AskedKind = 'amount' | 'money' | 'date' | 'definition' | 'reason' | 'condition' | 'other';

const AMOUNT =
  /\b(how (much|many|long|often|big|fast|old|high|low|large|small)|what (%|percent|percentage|share|ratio|fee|price|cost|rate|amount|number|size|multiplier)|how \w+ (is|are) (it|they|the)|\d+\s*%|per (cent|block|month|week|day|year|gb|tb))\b|%/i;
// "whats the min deposit": a limit is an amount, unless the question asks why it is what it is.
const LIMIT = /\b(min|minimum|max|maximum)\b/i;
const DATE = /\b(when|what (year|date|month|day|time)|since when|how soon)\b/i;
// "what is X", also after a chat opening ("noob q but what even is a consensus protocol").
const DEFINITION =
  /^\s*(what|whats|what's)\s+(is|are|was|were|'s)?\s*(a|an|the)?\s*[\w.+-]+(\s+[\w.+-]+){0,3}\s*\??\s*$|\b(what\s+((even|actually|exactly|really)\s+)?(is|are)|whats|what's)\s+(a|an|the)?\s*[\w.+-]+(\s+[\w.+-]+){0,3}\s*\??\s*$|\b(stand for|stands for|short for|mean|means|meaning of|define|definition)\b|^\s*(what|whats|what's)\s+(is|are)\s+/i;

// "What happens if / what if": answered by a conditional sentence. Tested before DATE, since
// "what happens when" asks for a consequence, not a time.
const CONSEQUENCE = /\b(what (happens|happened|would happen|will happen|if)|what about if)\b/i;
const REASON = /\b(why|how come|what for|the point of|purpose of|whats the point|what's the point)\b/i;
// A question with a condition in it ("do i get slashed if i go offline"), when nothing else is asked.
const CONDITIONAL = /\b(if|unless|in case)\b/i;

// "how much does the bee cost", "how much is that in actual $": an amount of money, not any figure.
const MONEY = /[$€£]|\b(usd|dollars?|bucks|prices?|priced|pricing|costs?|costing|expensive|cheap|cheaper)\b/i;

function amountKind(question: string): AskedKind {
  return MONEY.test(question) ? 'money' : 'amount';
}

export function askedKind(question: string): AskedKind {
  if (CONSEQUENCE.test(question)) return 'condition';
  if (DATE.test(question)) return 'date';
  if (AMOUNT.test(question)) return amountKind(question);
  if (DEFINITION.test(question)) return 'definition';
  if (REASON.test(question)) return 'reason';
  if (LIMIT.test(question)) return amountKind(question);
  if (CONDITIONAL.test(question)) return 'condition';
  return 'other';
}

const HAS_AMOUNT =
  /\d[\d,.]*\s*(%|x\b|k\b|m\b|b\b|gib|gb|tib|tb|pib|mb|hours?|days?|weeks?|months?|years?|minutes?|seconds?|blocks?|epochs?)|[$€£]\s*\d|\d[\d,.]*\s*(million|billion|thousand|usd|usdc|akt|fil|hnt|honey|render|rndr|mobile|iot|tokens?|percent)|\b\d{2,}\b|\b(two|three|four|five|six|seven|eight|nine|ten)\s+(hours?|days?|weeks?|months?|years?|minutes?|seconds?|epochs?|blocks?|times|percent)\b|\b(twice|half|double|a third|a quarter)\b/i;
const HAS_MONEY = /[$€£]\s*\d|\d[\d,.]*\s*(usd|usdc|usdt|dollars?|cents?)\b|\b(usd|us\$)\s*\d/i;
const HAS_DATE =
  /\b(19|20)\d\d\b|\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(tember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b|\b(q[1-4]|mainnet \d+|epoch \d+|block \d+|daily|weekly|monthly|every \w+)\b/i;
const GIVES_REASON =
  /\b(because|since|due to|so that|in order to|as a result|therefore|thus|hence|(this|which) means|means that|the reason|the goal|designed to|aims? to|intended to|derived from|based on|by \w+ing|allows?|enables?|prevents?|ensures?|to (ensure|allow|enable|prevent|avoid|reduce|keep|make sure))\b/i;
const STATES_CONDITION =
  /\b(if|unless|whenever|should (the|a|an|it|they)|in case|otherwise|only if|as long as|until|in the event)\b/i;
// The last alternative is a glossary entry: "- **CBRS** - CBRS or 'Citizens Broadband...'".
const IS_DEFINITION =
  /\b(is|are)\s+(a|an|the)\b|\b(stands for|is short for|refers to|means|is defined as|is called|are called)\b|\(\s*[A-Z][\w-]*(\s+[A-Z][\w-]*)+\s*\)|^\s*[-*]?\s*(\[)?\*\*[^*]{1,60}\*\*(\]\([^)]*\))?\s*[-–—:]\s/;

/**
 * How much more a sentence (or two-sentence window) counts when it carries what was asked: the
 * answerer's lead sentence and the second-stage ranking both use it.
 */
export const CARRIES_KIND_BONUS = 1.3;

/**
 * The answerer's lead sentence prefers a figure or a date more strongly when one is asked for: a
 * sentence either has one or it cannot answer "how many" or "when", while a definition, a reason
 * or a condition is read from looser cues (dev-chat lead_hit 0.4 -> 0.432 at 1.6, no other set moved;
 * 2.0 cost a dev lead).
 */
function kindBonus(kind: AskedKind): number {
  return kind === 'amount' || kind === 'money' || kind === 'date' ? 1.6 : CARRIES_KIND_BONUS;
}

/**
 * What a sentence's score is multiplied by for carrying what was asked: the full bonus, or for a
 * question about money a smaller one when the figure it holds is not a sum of money.
 */
export function kindFactor(sentence: string, kind: AskedKind): number {
  if (!carriesKind(sentence, kind)) return 1;
  if (kind === 'money' && !HAS_MONEY.test(sentence)) return CARRIES_KIND_BONUS;
  return kindBonus(kind);
}

/** Whether a sentence carries what the question asks for: a figure, a date, a definition. */
export function carriesKind(sentence: string, kind: AskedKind): boolean {
  if (kind === 'amount' || kind === 'money') return HAS_AMOUNT.test(withoutIdentifiers(sentence));
  if (kind === 'date') return HAS_DATE.test(sentence);
  if (kind === 'definition') return IS_DEFINITION.test(sentence);
  if (kind === 'reason') return GIVES_REASON.test(sentence);
  if (kind === 'condition') return STATES_CONDITION.test(sentence);
  return false;
}

/**
 * A number that names something is not an amount: "HIP 113", "AEP-26", "RNP-019", "FIP-0100",
 * "mainnet 8", "v0.34", "#1127" (a proposal, a release, a pull request).
 */
const IDENTIFIER = /\b(hip|aep|rnp|fip|eip|pip|sip|bip|nv|mainnet|version|v)[\s#-]*\d+(\.\d+)*\b|#\d+/gi;

function withoutIdentifiers(sentence: string): string {
  return sentence.replace(IDENTIFIER, ' ');
}
