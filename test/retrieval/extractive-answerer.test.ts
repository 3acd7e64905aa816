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

  it('quotes a statement once when two documents make it in nearly the same words', () => {
    const faq = buildHit('DePIN stands for Decentralized Physical Infrastructure Networks. Ask us more.');
    const brief = buildHit(
      'DePIN is short for Decentralized Physical Infrastructure Networks. It is a sector.',
    );
    const draft = answerExtractively('What does DePIN stand for?', [faq, brief]);
    expect(draft.text.match(/Decentralized Physical Infrastructure Networks/g)).toHaveLength(1);
    expect(draft.cited).toEqual([0]);
  });

  it('goes on with the next sentence when the best one alone is too short to explain', () => {
    const auction = buildHit(
      'Akash runs a reverse auction. The buyer states the most it will pay and sellers compete to offer the lowest price. Fees are small.',
    );
    const draft = answerExtractively('What is a reverse auction on Akash?', [auction]);
    expect(draft.text).toBe(
      'Akash runs a reverse auction. [1] The buyer states the most it will pay and sellers compete to offer the lowest price. [1]',
    );
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
