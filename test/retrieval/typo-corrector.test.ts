import { describe, expect, it } from 'vitest';
import { createTypoCorrector } from '../../retrieval/typo-corrector.ts';

describe('createTypoCorrector', () => {
  const vocabulary = new Map([
    ['filecoin', 12],
    ['storage', 9],
    ['provider', 7],
    ['hivemapper', 5],
    ['rarely', 1],
  ]);
  const corrector = createTypoCorrector(vocabulary);

  it('replaces an unknown word with the known word within one edit (two for long words)', () => {
    expect(corrector.correct('how does filecon pay storge providr')).toBe(
      'how does filecoin pay storage provider',
    );
    expect(corrector.correct('hivemappre')).toBe('hivemapper');
  });

  it('leaves upper-case tickers, numbers, short and known words alone', () => {
    expect(corrector.correct('AKT HNT FIL h100 gpu storage')).toBe('AKT HNT FIL h100 gpu storage');
  });

  it('keeps the case of a known word and ignores candidates seen only once', () => {
    expect(corrector.correct('Filecoin')).toBe('Filecoin');
    expect(corrector.correct('rarelx')).toBe('rarelx');
  });

  it('leaves a word alone when nothing is close enough', () => {
    expect(corrector.correct('bread')).toBe('bread');
  });
});
