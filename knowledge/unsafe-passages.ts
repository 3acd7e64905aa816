import { splitSentences } from '../retrieval/sentences.ts';
import { unsafeReason, type UnsafeReason } from '../retrieval/unsafe-sentence.ts';

/** A sentence of a document that the answerers will never quote, where the operator can find it. */
export interface UnsafePassage {
  /** 1-based line of the file where the sentence starts. */
  line: number;
  reason: UnsafeReason;
  /** The sentence, cut to a log line's length. */
  text: string;
}

/**
 * Finds sentences that give orders to the bot or its readers, advise trading or promise returns,
 * paragraph by paragraph so a sentence wrapped over lines is still seen whole.
 */
export function findUnsafePassages(fileText: string): UnsafePassage[] {
  const lines = fileText.split(/\r?\n/);
  const found: UnsafePassage[] = [];
  let start = 0;
  const flush = (end: number) => {
    const paragraph = lines.slice(start, end);
    for (const sentence of splitSentences(paragraph.join('\n'))) {
      const reason = unsafeReason(sentence);
      if (!reason) continue;
      const opening = sentence.split(' ').slice(0, 3).join(' ');
      const offset = paragraph.findIndex((line) => line.replace(/[*_`#>]+/g, '').includes(opening));
      found.push({ line: start + Math.max(0, offset) + 1, reason, text: sentence.slice(0, 200) });
    }
  };
  lines.forEach((line, index) => {
    if (line.trim() !== '') return;
    flush(index);
    start = index + 1;
  });
  flush(lines.length);
  return found;
}
