/** One sentence of a generated answer and the passage numbers it cites, as written (1-based). */
export interface AnswerSentence {
  /** The sentence with its citation marks, as the model wrote it. */
  raw: string;
  /** The sentence without citation marks. */
  text: string;
  citations: number[];
}

const CITATION = /\[(\d+(?:\s*,\s*\d+)*)\]/g;

/**
 * A sentence ends at . ! ? (or their CJK forms), plus any citation marks right after it ("leases.
 * [1]"), before a space and a capital, digit, quote or opening mark, or at the end. "4.5%" and
 * "e.g. the" do not end one.
 */
const BOUNDARY =
  /[.!?]+(?:\s*\[\d+(?:\s*,\s*\d+)*\])*(?=\s+["'“(¿¡\p{Lu}\p{N}\p{Lo}]|\s*$)|[。！？](?:\s*\[\d+(?:\s*,\s*\d+)*\])*/gu;

/** Splits an answer into sentences, each with the citations it carries. */
export function splitAnswerSentences(answer: string): AnswerSentence[] {
  const text = answer.replace(/\s+/g, ' ').trim();
  const sentences: AnswerSentence[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end).trim();
    start = end;
    if (raw === '') return;
    const citations = [...raw.matchAll(CITATION)].flatMap((match) =>
      match[1]!.split(',').map((value) => Number(value.trim())),
    );
    const clean = raw
      .replace(CITATION, '')
      .replace(/\s+([.,;:!?。])/g, '$1')
      .replace(/\s+/g, ' ')
      .trim();
    // A stray citation mark on its own belongs to the sentence before it.
    const previous = sentences.at(-1);
    if (!/[\p{L}\p{N}]/u.test(clean) && previous) {
      previous.raw = `${previous.raw} ${raw}`;
      previous.citations.push(...citations);
      return;
    }
    sentences.push({ raw, text: clean, citations });
  };
  for (const match of text.matchAll(BOUNDARY)) push(match.index + match[0].length);
  push(text.length);
  return sentences;
}
