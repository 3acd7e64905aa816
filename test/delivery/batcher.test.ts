import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../delivery/batcher.ts';

describe('batcher', () => {
  it('runs the calls of one tick as one batch, each caller getting its own result', async () => {
    const batches: number[][] = [];
    const double = createBatcher(async (items: number[]) => {
      batches.push(items);
      return items.map((item) => item * 2);
    });
    expect(await Promise.all([1, 2, 3].map(double))).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('gathers calls made while a batch is running into the next, and fails only the batch that failed', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const check = createBatcher(async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      if (items.includes(4)) throw new Error('write failed');
      return items.map(() => true);
    });
    const first = check(1);
    await Promise.resolve();
    const later = [check(4), check(5)];
    release();
    expect(await first).toBe(true);
    await expect(Promise.all(later)).rejects.toThrow('write failed');
    expect(batches).toEqual([[1], [4, 5]]);
  });
});
