import { describe, expect, it } from 'vitest';
import { createTypoCorrector } from '../../retrieval/typo-corrector.ts';

describe('createTypoCorrector', () => {
  const vocabulary = new Map([
    ['filecoin', 12],
    ['storage', 9],
    ['provider', 7],
    ['hivemapper', 5],
    ['rarely', 1],
    ['stop', 4],
    ['shopping', 3],
    ['related', 6],
    ['issuance', 5],
    ['mined', 2],
    ['refined', 2],
    ['kicked', 3],
  ]);
  const corrector = createTypoCorrector(vocabulary);

  it('replaces an unknown word with the known word within one edit (two for long words)', () => {
    expect(corrector.correct('how does filecon pay storge providr')).toBe(
      'how does filecoin pay storage provider',
    );
    expect(corrector.correct('hivemappre')).toBe('hivemapper');
  });

  it('leaves upper-case tickers, numbers, words under five letters and known words alone', () => {
    expect(corrector.correct('AKT HNT FIL h100 gpu sats storage')).toBe('AKT HNT FIL h100 gpu sats storage');
  });

  it('keeps the case of a known word and ignores candidates seen only once', () => {
    expect(corrector.correct('Filecoin')).toBe('Filecoin');
    expect(corrector.correct('rarelx')).toBe('rarelx');
  });

  it('leaves real words alone: a known word with an English ending, or one edit off at the first letter', () => {
    // "stopping" is "stop" + -ing, not a typo of "shopping"; "picked" is not "kicked".
    expect(corrector.correct('stopping picked')).toBe('stopping picked');
    // Nine letters allow one edit only, so "insurance" does not become "issuance".
    expect(corrector.correct('insurance')).toBe('insurance');
  });

  it('reads a prefixed word as the known word under it', () => {
    expect(corrector.correct('unrelated premined')).toBe('related mined');
  });

  it('leaves a word alone when nothing is close enough', () => {
    expect(corrector.correct('bread')).toBe('bread');
  });
});
