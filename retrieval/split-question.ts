import { networkNamedBy, networksIn, type Network } from './networks.ts';
import { words } from './text-tokens.ts';

const QUESTION_START =
  '(?:how|what|when|why|who|where|which|is|are|was|were|does|do|did|can|could|will|should)';
const SPLIT = new RegExp(
  `\\?\\s+|;\\s*|\\s+(?:and|also|plus)\\s+(?=${QUESTION_START}\\b)|,\\s*(?=${QUESTION_START}\\b)`,
  'i',
);

/**
 * Splits "When did X launch and how is the map built?" into its questions. Later parts inherit the
 * names of the first (capitalised words, tickers), since chat users rarely repeat the subject.
 */
export function splitQuestion(question: string): string[] {
  const parts = question
    .split(SPLIT)
    .map((part) => part.trim().replace(/[,;]$/, ''))
    .filter((part) => words(part).length >= 2);
  // "On the Render network, what happens ..." is one question with a lead-in, not two.
  if (parts.length < 2 || !new RegExp(`^${QUESTION_START}\\b`, 'i').test(parts[0]!)) return [question];
  const names = (parts[0]!.match(/\b[A-Z][\w-]*[A-Za-z0-9]\b/g) ?? []).filter(
    (name) => !new RegExp(`^${QUESTION_START}$`, 'i').test(name),
  );
  return parts.slice(0, 4).map((part, index) => {
    if (index === 0) return part;
    const missing = names.filter((name) => !part.toLowerCase().includes(name.toLowerCase()));
    return missing.length > 0 ? `${part} ${missing.join(' ')}` : part;
  });
}

/**
 * A question about several networks ("akash vs render for inference", "do render nodes get slashed
 * like filecoin SPs") as one question per network, each without the other networks' names, so every
 * side is searched for its own passages and the answer can give each side a line of its own. Any
 * question naming two networks asks about both, whether or not it says "vs" (requiring a comparison
 * word missed "like" and "and": dev-chat recall@5 0.789 -> 0.8, lead_hit 0.453 -> 0.463, no other
 * set moved). A question about one network has no sides.
 */
export function comparisonSides(question: string): { network: Network; question: string }[] {
  const networks = [...networksIn(question)] as Network[];
  if (networks.length < 2) return [];
  return networks.map((network) => ({
    network,
    question: question
      .replace(/[A-Za-z0-9]+/g, (word) => {
        const named = networkNamedBy(word.toLowerCase());
        return named && named !== network ? '' : word;
      })
      .replace(/\s+/g, ' ')
      .trim(),
  }));
}
