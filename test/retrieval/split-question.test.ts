import { describe, expect, it } from 'vitest';
import { comparisonSides, splitQuestion } from '../../retrieval/split-question.ts';

describe('splitQuestion', () => {
  it('keeps a single question whole', () => {
    expect(splitQuestion('How does Akash pricing work?')).toEqual(['How does Akash pricing work?']);
  });

  it('splits two questions joined by "and", carrying the subject into the second', () => {
    expect(splitQuestion('When did Hivemapper launch and how is the map built?')).toEqual([
      'When did Hivemapper launch',
      'how is the map built? Hivemapper',
    ]);
  });

  it('splits at question marks and semicolons', () => {
    expect(splitQuestion('What is AKT? How is it staked?')).toEqual(['What is AKT', 'How is it staked? AKT']);
    expect(splitQuestion('what does Render burn; who gets paid')).toEqual([
      'what does Render burn',
      'who gets paid Render',
    ]);
  });

  it('treats a lead-in clause as part of one question', () => {
    const question = 'On the Render network, what happens to burned tokens?';
    expect(splitQuestion(question)).toEqual([question]);
  });

  it('searches at most four parts', () => {
    const parts = splitQuestion('What is AKT? What is HNT? What is FIL? What is HONEY? What is MOBILE?');
    expect(parts).toHaveLength(4);
  });
});

describe('comparisonSides', () => {
  it('gives each network of a comparison its own question, without the other names', () => {
    expect(comparisonSides('compare render and akash for ai inference')).toEqual([
      { network: 'render', question: 'compare render and for ai inference' },
      { network: 'akash', question: 'compare and akash for ai inference' },
    ]);
    expect(comparisonSides('RNDR vs FIL fees?').map((side) => side.question)).toEqual([
      'RNDR vs fees?',
      'vs FIL fees?',
    ]);
  });

  it('gives sides to any question about two networks, with or without a comparison word', () => {
    expect(comparisonSides('how do akash and render pay providers').map((side) => side.network)).toEqual([
      'akash',
      'render',
    ]);
    expect(
      comparisonSides('do render nodes get slashed like filecoin SPs').map((side) => side.question),
    ).toEqual(['do render nodes get slashed like SPs', 'do nodes get slashed like filecoin SPs']);
  });

  it('has no sides for one network', () => {
    expect(comparisonSides('akash vs aws pricing')).toEqual([]);
  });
});
