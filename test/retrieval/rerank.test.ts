import { describe, expect, it } from 'vitest';
import { rerankByBestWindow } from '../../retrieval/rerank.ts';
import { buildHit } from './search-hit.ts';

describe('rerankByBestWindow', () => {
  const unjail = buildHit(
    'A validator is jailed when it stops signing blocks, and must send an unjail transaction.',
    { score: 1 },
  );
  const threshold = buildHit('Validators are jailed when they skip 500 of the last 10000 blocks.', {
    score: 0.95,
  });
  const other = buildHit('Providers bid on deployments in a reverse auction.', { score: 0.9 });

  it('puts the passage whose window holds the question words first', () => {
    const ranked = rerankByBestWindow('how do providers bid on deployments', [unjail, threshold, other], 1);
    expect(ranked[0]).toMatchObject({ id: other.id });
  });

  it('ranks the window carrying a figure above one that only repeats the words, for "how many"', () => {
    const ranked = rerankByBestWindow(
      'how many blocks before a validator is jailed',
      [unjail, threshold, other],
      1,
    );
    expect(ranked.map((hit) => hit.id).slice(0, 2)).toEqual([threshold.id, unjail.id]);
  });

  it('keeps the first stage order when the question asks for no figure and the words tie', () => {
    const ranked = rerankByBestWindow('validator jailed blocks', [unjail, threshold, other], 1);
    expect(ranked[0]).toMatchObject({ id: unjail.id });
  });
});
