import { describe, expect, it } from 'vitest';
import { isAdviceRequest } from '../../retrieval/intent.ts';

describe('isAdviceRequest', () => {
  it.each([
    'Should I buy AKT?',
    'should we sell our FIL now',
    'Can I ape into HONEY?',
    'What coin should I buy?',
    'Which token to invest in?',
    'AKT price prediction',
    'Give me a price target for RENDER',
    'Can you forecast where the HNT price ends up?',
    'What will FIL be worth in 2030?',
    'Will HNT go up next year?',
    'will render token 10x',
    'Is Render a good investment?',
    'Is now a good time to buy HONEY?',
    'AKT price in 2026',
    'Is AKT guaranteed to 10x?',
    'is honey going to 100x',
    'which of those two is gonna pump harder this year?',
  ])('treats "%s" as a request for advice', (question) => {
    expect(isAdviceRequest(question)).toBe(true);
  });

  it.each([
    'How does Akash pricing work?',
    'What is the AKT take rate?',
    'How is the FIL price affected by storage deals?',
    'What drives demand for the HNT token?',
    'Who sells Helium Mobile plans?',
    'What were Akash fees in 2024?',
    'What are the biggest risks of DePIN?',
    'Are hotspot rewards guaranteed?',
  ])('answers "%s" as a factual question', (question) => {
    expect(isAdviceRequest(question)).toBe(false);
  });
});
