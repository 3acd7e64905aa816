import { describe, expect, it } from 'vitest';
import { normaliseText } from '../../retrieval/normalise-query.ts';
import { words } from '../../retrieval/text-tokens.ts';
import { fixtureChunkTexts } from './fixture-texts.ts';

/** words() as first written: every text through NFKC and the unicode classes. */
const referenceWords = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKC')
    .match(/[\p{L}\p{N}]+/gu) ?? [];

const SPELLINGS: Record<string, string> = {
  decentralised: 'decentralized',
  behaviour: 'behavior',
  licence: 'license',
};
/** The British-spelling pass as first written: a callback per ASCII word. */
const referenceSpelling = (text: string) =>
  text.replace(/\b[A-Za-z]+\b/g, (word) => SPELLINGS[word.toLowerCase()] ?? word);

const texts = [
  ...fixtureChunkTexts(),
  '',
  'GPU-leases: $AKT (H100s) 2,500/hr; x_y under_score tab\tand\nnew line \u0000 \u007f',
  'Café naïve ﬁne ＡＫＴ Ⅻ ½ İstanbul ß 中文 Ünïcode', // NFKC and case folds outside ASCII
  'ASCII then é',
];

describe('the tokeniser fast path', () => {
  it.each(texts.map((text, index) => [index, text]))('gives the same words (text %i)', (_index, text) => {
    expect(words(text)).toEqual(referenceWords(text));
  });

  it('still folds what only NFKC folds', () => {
    expect(words('ﬁne ＡＫＴ')).toEqual(['fine', 'akt']);
  });
});

describe('the British spelling pass', () => {
  const cases = [
    'Decentralised networks, DECENTRALISED behaviour; a licence.',
    'decentralised2 _decentralised decentralisedX Xdecentralised re-decentralised',
    'behaviours (plural, left alone) and behaviour.',
  ];
  it.each(cases)('folds whole words as the per-word pass did: %s', (text) => {
    const expected = referenceSpelling(text)
      .replace(/[-‐‑–—]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    expect(normaliseText(text)).toBe(expected);
  });

  it("leaves words that name Object.prototype's members as they are", () => {
    // The per-word pass looked every word up in a plain object: 'constructor' became Object's source.
    const text = 'the constructor and toString of a hasOwnProperty check';
    expect(normaliseText(text)).toBe(text);
  });

  it('folds the fixture texts as the per-word pass did', () => {
    for (const text of fixtureChunkTexts()) {
      expect(normaliseText(text)).toBe(normaliseText(referenceSpelling(text)));
    }
  });
});
