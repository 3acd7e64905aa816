import { describe, expect, it } from 'vitest';
import { withFollowUpContext } from '../../retrieval/ask.ts';

const history = [{ question: 'How does Render pay node operators?' }];

describe('withFollowUpContext', () => {
  it('adds the previous question to a question that points back or continues', () => {
    expect(withFollowUpContext('and its token?', history)).toBe(
      'and its token? How does Render pay node operators?',
    );
    expect(withFollowUpContext('what about fees?', history)).toContain('Render');
    expect(withFollowUpContext('fees?', history)).toContain('Render');
  });

  it('leaves a question that names its own network alone, short or not', () => {
    expect(withFollowUpContext('What is a reverse auction on Akash?', history)).toBe(
      'What is a reverse auction on Akash?',
    );
  });

  it('leaves a long question alone, and any question when there is no history', () => {
    const long = 'How do storage providers on the network prove to clients the data is still stored';
    expect(withFollowUpContext(long, history)).toBe(long);
    expect(withFollowUpContext('and its token?', [])).toBe('and its token?');
  });
});
