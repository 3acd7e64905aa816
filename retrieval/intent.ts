/** Questions the bot declines on principle: what to buy, sell or hold, and where a price is going. */
const ADVICE_PATTERNS = [
  /\b(should|shall|would)\s+(i|we|you)\s+(buy|sell|hold|invest|ape|short|long|dca|stake\s+all)\b/i,
  /\b(ape|aping|aped)\s+(into|in)\b|\b(can|do)\s+(i|we)\s+(ape|dca|short|long)\b/i,
  /\bis\s+it\s+(a\s+good\s+time\s+)?(too\s+late\s+)?to\s+(buy|sell|invest)\b/i,
  /\b(what|which)\s+(coin|token|crypto|project|network)s?\s+(should|to|would)\s+(i\s+)?(buy|invest|pick)\b/i,
  /\b(what|which)\s+(should|to)\s+(i\s+)?(buy|sell|invest in)\b/i,
  /\bprice\s+(prediction|target|forecast|outlook)\b/i,
  /\b(predict|forecast)\w*\b.*\bprice\b/i,
  /\bwhat\s+will\b.*\b(price|worth|trade at|be worth)\b/i,
  /\bwill\b.*\b(price|prices|worth|valuation|market\s*cap)\b.*\b(go up|go down|rise|fall|pump|dump|moon|increase|decrease|reach|hit|double)\b/i,
  /\bwill\s+(the\s+)?(akt|render|rndr|fil|hnt|honey|mobile)(\s+(token|coin|price))?\s+(go up|go down|pump|dump|moon|rise|fall|100x|10x|2x|double)\b/i,
  /\b(is|are)\s+\S+(\s+\S+)?\s+a\s+good\s+(buy|investment)\b/i,
  /\bgood\s+time\s+to\s+(buy|sell)\b/i,
  // "which one is gonna pump harder": a price call without the word price.
  /\b(which|what)\b.*\b(gonna|going\s+to|will)\s+(pump|moon|dump|outperform|go\s+up)\b/i,
  /\b(buy|sell)\s+(now|signal|or\s+sell|or\s+hold)\b/i,
  /\bwhere\s+(is|will)\s+\S+\s+price\s+(going|head)/i,
  /\bprice\s+(in|by|at the end of)\s+(20\d\d|next\s+(year|month|week))\b/i,
  // "Is AKT guaranteed to 10x?", "will RNDR 100x": a promise of returns asked for is a price prediction.
  /\bguaranteed?\b.*\b(\d+\s*x|moon|profits?|returns?|gains?)\b|\b(will|gonna|going\s+to|to)\s+\d+\s*x\b/i,
];

export function isAdviceRequest(question: string): boolean {
  return ADVICE_PATTERNS.some((pattern) => pattern.test(question));
}

export const ADVICE_REDIRECT =
  "I can't tell you what to buy or where a price is heading, and nobody can reliably. What I can do is " +
  'give you the facts investors look at: what a network does, how its token works, its revenue and usage ' +
  "figures with dates, and the risks. Try 'How does Akash make money?' or 'What are the biggest risks of DePIN?'";
