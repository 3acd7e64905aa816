/** How long a piece counts on the platform (Discord counts escapes, Telegram only visible text). */
export type Measure = (text: string) => number;

const separators = ['\n\n', '\n', 'sentence', ' '] as const;

/**
 * Cuts text into pieces that each measure at most `max`, breaking at the cleanest boundary that works:
 * paragraph, line, sentence, word, and only as a last resort inside a word (never inside a
 * surrogate pair, so emoji survive).
 */
export function splitText(text: string, max: number, measure: Measure = (piece) => piece.length): string[] {
  return splitAt(text, max, measure, 0).filter((piece) => piece.trim() !== '');
}

function splitAt(text: string, max: number, measure: Measure, level: number): string[] {
  if (measure(text) <= max) return [text];
  const separator = separators[level];
  if (separator === undefined) return hardSplit(text, max, measure);
  const units = separator === 'sentence' ? text.split(/(?<=[.!?…])\s+/) : text.split(separator);
  const joiner = separator === 'sentence' ? ' ' : separator;
  const pieces: string[] = [];
  let current = '';
  for (const unit of units) {
    const candidate = current === '' ? unit : `${current}${joiner}${unit}`;
    if (measure(candidate) <= max) {
      current = candidate;
      continue;
    }
    if (current !== '') pieces.push(current);
    if (measure(unit) <= max) {
      current = unit;
    } else {
      pieces.push(...splitAt(unit, max, measure, level + 1));
      current = '';
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

function hardSplit(text: string, max: number, measure: Measure): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const char of text) {
    if (current !== '' && measure(current + char) > max) {
      pieces.push(current);
      current = '';
    }
    current += char;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/** A rendered fragment and how much of the platform limit it uses. */
export interface Segment {
  rendered: string;
  size: number;
}

/** Packs segments (each within the limit) into as few messages as fit, joined by blank lines. */
export function packSegments(segments: Segment[], max: number, joiner = '\n\n'): Segment[] {
  const messages: Segment[] = [];
  let current: Segment | undefined;
  for (const segment of segments) {
    if (current && current.size + joiner.length + segment.size <= max) {
      current = {
        rendered: current.rendered + joiner + segment.rendered,
        size: current.size + joiner.length + segment.size,
      };
      continue;
    }
    if (current) messages.push(current);
    current = segment;
  }
  if (current) messages.push(current);
  return messages;
}
