import { describe, expect, it } from 'vitest';
import { packSegments, splitText } from '../../../bot/adapters/split-text.ts';

describe('splitText', () => {
  it('keeps text that fits whole', () => {
    expect(splitText('short text', 20)).toEqual(['short text']);
  });

  it('breaks at paragraphs before lines, sentences and words', () => {
    expect(splitText('aaaa bbbb\n\ncccc dddd', 12)).toEqual(['aaaa bbbb', 'cccc dddd']);
    expect(splitText('One sentence. Two sentence. Three.', 15)).toEqual([
      'One sentence.',
      'Two sentence.',
      'Three.',
    ]);
    expect(splitText('alpha beta gamma delta', 11)).toEqual(['alpha beta', 'gamma delta']);
  });

  it('cuts inside a word only when nothing else fits, and never splits an emoji', () => {
    expect(splitText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(splitText('👍👍👍', 4)).toEqual(['👍👍', '👍']);
  });

  it('measures with the platform rule, e.g. escapes that count', () => {
    const escapedLength = (text: string) => text.replace(/[*_]/g, '\\$&').length;
    const pieces = splitText('*a* *b* *c* *d*', 8, escapedLength);
    expect(pieces.every((piece) => escapedLength(piece) <= 8)).toBe(true);
    expect(pieces.join(' ')).toBe('*a* *b* *c* *d*');
  });

  it('packs segments into as few messages as fit', () => {
    const segment = (text: string) => ({ rendered: text, size: text.length });
    expect(packSegments([segment('aaaa'), segment('bbbb'), segment('cccc')], 10)).toEqual([
      { rendered: 'aaaa\n\nbbbb', size: 10 },
      { rendered: 'cccc', size: 4 },
    ]);
  });
});
