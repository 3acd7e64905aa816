import { describe, expect, it } from 'vitest';
import { answerExtractively } from '../../retrieval/extractive-answerer.ts';
import { buildHit } from './search-hit.ts';

const pricing = buildHit(
  'Akash is an open compute marketplace. Providers bid on each deployment in a reverse auction, and the lowest bid wins the lease. Leases are paid in AKT or USDC.',
);
const burn = buildHit(
  'Render runs a burn and mint model. Creators burn RENDER tokens to pay for rendering jobs, and node operators are paid from newly minted tokens.',
);

describe('answerExtractively', () => {
  it('picks the sentence that answers the question and cites its passage', () => {
    const draft = answerExtractively('How do providers bid on a deployment?', [pricing, burn]);
    expect(draft.cited).toEqual([0]);
    expect(draft.text).toContain(
      'Providers bid on each deployment in a reverse auction, and the lowest bid wins the lease. [1]',
    );
    expect(draft.text).not.toContain('Render');
  });

  it('cites the number of the passage the sentence came from', () => {
    const draft = answerExtractively('Who burns RENDER tokens for rendering jobs?', [pricing, burn]);
    expect(draft.cited).toEqual([1]);
    expect(draft.text).toMatch(/Creators burn RENDER tokens to pay for rendering jobs.*\[2\]/);
    expect(draft.text).not.toContain('[1]');
  });

  it('cites every passage it quotes, each sentence with its own number', () => {
    const draft = answerExtractively('How are Akash leases and Render node operators paid?', [pricing, burn]);
    expect(draft.cited).toEqual([0, 1]);
    for (const sentence of draft.text.split(/(?<=\])\s+/)) expect(sentence).toMatch(/ \[[12]\]$/);
  });

  it('answers nothing when no sentence shares a word with the question', () => {
    expect(answerExtractively('How do I bake sourdough bread?', [pricing, burn])).toEqual({
      text: '',
      cited: [],
    });
  });

  it('answers nothing without passages or content words', () => {
    expect(answerExtractively('How does Akash pricing work?', [])).toEqual({ text: '', cited: [] });
    expect(answerExtractively('what is it?', [pricing])).toEqual({ text: '', cited: [] });
  });
});
