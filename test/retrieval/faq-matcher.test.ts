import { describe, expect, it } from 'vitest';
import type { StoredChunk } from '../../retrieval/chunk-store.ts';
import { buildFaqEntries, faqQuestionOf, matchAllFaqs, matchFaq } from '../../retrieval/faq-matcher.ts';

function chunk(id: number, section: string, text = 'Answer text.'): StoredChunk {
  return {
    id,
    documentId: id,
    path: 'faq.md',
    root: '/k',
    title: 'FAQ',
    section,
    position: 0,
    text,
  };
}

const entries = buildFaqEntries([
  chunk(1, 'Basics > What is DePIN?'),
  chunk(2, 'Basics > How do operators get paid for their hardware?'),
  chunk(3, 'Tokens > What is the AKT take rate?'),
  chunk(4, 'Pricing'),
]);

describe('faqQuestionOf', () => {
  it('returns the last heading only when it is a question', () => {
    expect(faqQuestionOf('FAQ > What is DePIN?')).toBe('What is DePIN?');
    expect(faqQuestionOf('What is DePIN? > Details')).toBeUndefined();
  });
});

describe('matchFaq', () => {
  it('builds entries only from sections headed by a question', () => {
    expect(entries.map((entry) => entry.chunk.id)).toEqual([1, 2, 3]);
  });

  it('matches the same question regardless of case, punctuation and word order', () => {
    expect(matchFaq('what is depin??', entries)?.entry.chunk.id).toBe(1);
    expect(matchFaq('AKT take rate - what is it', entries)?.entry.chunk.id).toBe(3);
    expect(matchFaq('how do hardware operators get paid', entries)?.entry.chunk.id).toBe(2);
  });

  it('scores an exact match 1', () => {
    expect(matchFaq('What is the AKT take rate?', entries)?.score).toBe(1);
  });

  it('does not match a question that only shares the topic', () => {
    expect(matchFaq('How does DePIN make money for investors?', entries)).toBeUndefined();
    expect(matchFaq('What is the Render burn rate?', entries)).toBeUndefined();
  });

  it('matches nothing for a question without content words', () => {
    expect(matchAllFaqs('what is it?', entries)).toEqual([]);
  });
});
