import { describe, expect, it } from 'vitest';
import { dedupeBy, fuseByRank } from '../../retrieval/fuse.ts';

describe('fuseByRank', () => {
  it('scores each item weight / (k + rank) summed over the lists', () => {
    const fused = fuseByRank(
      [
        { items: ['a', 'b', 'c'], weight: 1 },
        { items: ['c', 'a'], weight: 0.5 },
      ],
      (item) => item,
      60,
    );
    expect(fused.map((entry) => entry.item)).toEqual(['a', 'c', 'b']);
    expect(fused[0]?.score).toBeCloseTo(1 / 61 + 0.5 / 62, 12);
    expect(fused[1]?.score).toBeCloseTo(1 / 63 + 0.5 / 61, 12);
    expect(fused[2]?.score).toBeCloseTo(1 / 62, 12);
  });

  it('lets an item found by both lists beat the top of one list', () => {
    const fused = fuseByRank(
      [
        { items: [{ id: 1 }, { id: 2 }], weight: 1 },
        { items: [{ id: 3 }, { id: 2 }], weight: 1 },
      ],
      (item) => item.id,
    );
    expect(fused.map((entry) => entry.item.id)).toEqual([2, 1, 3]);
  });

  it('returns nothing for empty lists', () => {
    expect(fuseByRank<string>([{ items: [], weight: 1 }], (item) => item)).toEqual([]);
  });
});

describe('dedupeBy', () => {
  it('keeps the first item of each group in order', () => {
    const hits = [
      { id: 1, section: 'akash#pricing' },
      { id: 2, section: 'render#bme' },
      { id: 3, section: 'akash#pricing' },
      { id: 4, section: 'akash#token' },
    ];
    expect(dedupeBy(hits, (hit) => hit.section).map((hit) => hit.id)).toEqual([1, 2, 4]);
  });
});
