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
    expect(draft.text).toMatch(
      /^Providers bid on each deployment in a reverse auction, and the lowest bid wins the lease\..*\[1\]$/,
    );
    expect(draft.text).not.toContain('Render');
  });

  it('answers a question about a price with the sentence holding a sum of money', () => {
    // Both sentences hold the question's words and a figure; only the second holds a sum of money.
    const sale = buildHit(
      'The token sale cost the team 3 months of work. Each token in the sale cost $0.25, with a bonus for early buyers.',
    );
    const draft = answerExtractively('how much did a token cost in the token sale', [sale]);
    expect(draft.text).toMatch(/^Each token in the sale cost \$0\.25/);
  });

  it('cites the number of the passage the sentence came from', () => {
    const draft = answerExtractively('Who burns RENDER tokens for rendering jobs?', [pricing, burn]);
    expect(draft.cited).toEqual([1]);
    expect(draft.text).toMatch(/Creators burn RENDER tokens to pay for rendering jobs.*\[2\]/);
    expect(draft.text).not.toContain('[1]');
  });

  it('cites every passage it quotes, each window with its own number', () => {
    const draft = answerExtractively('How are Akash leases and Render node operators paid?', [pricing, burn]);
    expect([...draft.cited].sort()).toEqual([0, 1]);
    for (const part of draft.text.split(/(?<=\])\s+/)) expect(part).toMatch(/ \[[12]\]$/);
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
      'Akash runs a reverse auction. The buyer states the most it will pay and sellers compete to offer the lowest price. [1]',
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

describe('answerExtractively: the answer first', () => {
  it('leads with the definition when asked what something is', () => {
    const render = buildHit(
      'Render has grown a lot since 2017 and many artists use it. Render Network is a decentralized marketplace for GPU power. Node operators earn RENDER.',
      { path: 'render/intro.md', title: 'Render' },
    );
    const draft = answerExtractively('what is render', [render]);
    expect(draft.text.startsWith('Render Network is a decentralized marketplace for GPU power.')).toBe(true);
  });

  it('leads with the sentence that carries the figure for a how-much question', () => {
    const bee = buildHit(
      'The Bee is a dashcam for mapping roads. The Bee costs $589 and ships worldwide. It records 4K video.',
      { path: 'hivemapper/bee.md' },
    );
    expect(answerExtractively('how much does the bee dashcam cost', [bee]).text).toMatch(
      /^The Bee costs \$589/,
    );
  });

  it('leads with the figure from a lower-ranked passage over a first passage without one', () => {
    // The first passage covers every word of the question but gives no number; the second misses
    // one word and gives it (it loses at the looser bonus that a definition gets).
    const jailing = buildHit('A validator with stake that misses blocks is jailed.');
    const rule = buildHit('Validators are jailed after missing 500 of the last 10000 blocks.');
    const lockup = buildHit('Stake is locked for 21 days.');
    const draft = answerExtractively('how many blocks can a validator miss before its stake is jailed', [
      jailing,
      rule,
      lockup,
    ]);
    expect(draft.text).toMatch(/^Validators are jailed after missing 500/);
  });

  it('speaks to the words of the turn more than to the subject borrowed from earlier turns', () => {
    const schedule = buildHit('The proposal ends CBRS radios next year.');
    const vote = buildHit('Holders voted on the CBRS radios.');
    const question = 'who voted on that proposal cbrs radios';
    expect(answerExtractively(question, [schedule, vote]).text).toMatch(/^The proposal ends/);
    expect(answerExtractively(question, [schedule, vote], { focus: 'who voted on that' }).text).toMatch(
      /^Holders voted/,
    );
  });

  it("answers a comparison per side, one cited line each, from each network's passages", () => {
    const akash = buildHit('Akash runs a reverse auction where providers bid for leases. It is cheap.', {
      path: 'akash/auction.md',
    });
    const render = buildHit('Render pays node operators for GPU rendering jobs in RENDER. Jobs are queued.', {
      path: 'render/jobs.md',
    });
    const draft = answerExtractively('akash vs render: how do providers get jobs?', [akash, render]);
    const lines = draft.text.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Akash: Akash runs a reverse auction.* \[1\]$/);
    expect(lines[1]).toMatch(/^Render: Render pays node operators.* \[2\]$/);
    expect(draft.cited).toEqual([0, 1]);
  });

  it('answers each part of a two-part question, the second from the passage that covers it', () => {
    const launch = buildHit('Hivemapper launched its mapping network in November 2022 on Solana.', {
      path: 'hivemapper/launch.md',
    });
    const map = buildHit(
      'Hivemapper builds the map from dashcam imagery that contributors upload and review.',
      {
        path: 'hivemapper/map.md',
      },
    );
    const draft = answerExtractively('When did Hivemapper launch and how is the map built from imagery?', [
      launch,
      map,
    ]);
    expect([...draft.cited].sort()).toEqual([0, 1]);
    expect(draft.text).toContain('November 2022');
    expect(draft.text).toContain('dashcam imagery');
  });

  it("answers a question about one network from that network's passages", () => {
    const filecoin = buildHit('Storage providers are paid when their deals are proven.', {
      path: 'filecoin/pay.md',
    });
    const akash = buildHit('Akash providers are paid per block from the escrow account of the lease.', {
      path: 'akash/escrow.md',
    });
    const draft = answerExtractively('how do akash providers get paid?', [filecoin, akash]);
    expect(draft.cited).toEqual([1]);
    expect(draft.text).toMatch(/^Akash providers are paid per block/);
  });

  it('quotes only sentences the filter accepts', () => {
    const draft = answerExtractively('How do providers bid on a deployment?', [pricing], {
      acceptSentence: (sentence) => !sentence.includes('reverse auction'),
    });
    expect(draft.text).not.toContain('reverse auction');
  });
});
