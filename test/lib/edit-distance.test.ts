import { describe, expect, it } from 'vitest';
import { editDistance } from '../../lib/edit-distance.ts';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and a transposition as one edit each', () => {
    expect(editDistance('akash', 'akash', 2)).toBe(0);
    expect(editDistance('akash', 'akahs', 2)).toBe(1);
    expect(editDistance('render', 'rendr', 2)).toBe(1);
    expect(editDistance('helium', 'hellium', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 3)).toBe(3);
  });

  it('gives up with limit + 1 beyond the limit', () => {
    expect(editDistance('filecoin', 'hivemapper', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 1)).toBe(2);
  });
});
