import { describe, expect, it } from 'vitest';
import { expandChatShorthand } from '../../retrieval/chat-shorthand.ts';
import { evidenceVerdict, hasEnoughEvidence, requiredCoverage } from '../../retrieval/evidence-gate.ts';
import type { Retrieval } from '../../retrieval/retriever.ts';
import { buildHit } from './search-hit.ts';

const retrieval = (coverage: number): Retrieval => ({
  hits: [buildHit('Akash runs a reverse auction.', { coverage })],
  faqCount: 0,
  parts: [],
  searched: '',
});

describe('evidence gate', () => {
  it('asks a short question to be mostly covered', () => {
    expect(requiredCoverage('What is veHNT?')).toBe(0.58);
    expect(hasEnoughEvidence('What is veHNT?', retrieval(0.5))).toBe(false);
    expect(hasEnoughEvidence('What is veHNT?', retrieval(0.6))).toBe(true);
  });

  it('asks less of a long chat question, whose extra words no passage repeats', () => {
    const long =
      'wanna put up a gov proposal on akash, do i have to front the whole deposit myself or is there a minimum';
    expect(requiredCoverage(long)).toBeLessThan(0.3);
    expect(hasEnoughEvidence(long, retrieval(0.3))).toBe(true);
    expect(hasEnoughEvidence(long, retrieval(0.1))).toBe(false);
  });

  it('does not count chat shorthand and mentions as words of the question', () => {
    expect(requiredCoverage('@everyone what is render rn pls lol')).toBe(requiredCoverage('what is render'));
  });

  it('calls evidence just short of the gate borderline', () => {
    // 'What is veHNT?' asks for 0.58: 0.6 of that is 0.348.
    expect(evidenceVerdict('What is veHNT?', retrieval(0.6))).toBe('enough');
    expect(evidenceVerdict('What is veHNT?', retrieval(0.4))).toBe('borderline');
    expect(evidenceVerdict('What is veHNT?', retrieval(0.3))).toBe('short');
  });

  it('trusts a matched FAQ entry', () => {
    expect(hasEnoughEvidence('What is veHNT?', { ...retrieval(0), faq: {} as Retrieval['faq'] })).toBe(true);
  });
});

describe('chat shorthand', () => {
  it('writes out abbreviations and drops tone words', () => {
    expect(expandChatShorthand('how do ppl get paid w/ akt rn tbh')).toBe('how do people get paid with akt');
    expect(expandChatShorthand('og price of the bee b/c u said so, w/o lte')).toBe(
      'original price of the bee because you said so, without lte',
    );
  });

  it('writes out tech and crypto shorthand', () => {
    expect(expandChatShorthand('when does my cert expire, and which gov prop set the tx fee')).toBe(
      'when does my certificate expire, and which governance proposal set the transaction fee',
    );
  });

  it('drops mentions', () => {
    expect(expandChatShorthand('@everyone what is render')).toBe('what is render');
  });
});
