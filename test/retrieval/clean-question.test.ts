import { describe, expect, it } from 'vitest';
import { cleanQuestion, MAX_QUESTION_CHARS } from '../../retrieval/clean-question.ts';

describe('cleanQuestion', () => {
  it('asks for a question when the message is empty or blank', () => {
    for (const raw of ['', '   \n\t ', '\u200B\u200D\uFEFF']) {
      expect(cleanQuestion(raw)).toEqual({ ok: false, reason: expect.stringContaining('Ask me a question') });
    }
  });

  it('asks for words when the message is only emoji or punctuation', () => {
    for (const raw of ['🚀🚀🌕', '???!!!', '👍🏽 ❤️']) {
      expect(cleanQuestion(raw)).toEqual({ ok: false, reason: expect.stringContaining('question in words') });
    }
  });

  it('rejects a 20,000-character message, saying how long it is and the limit', () => {
    const result = cleanQuestion('a'.repeat(20_000));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('20,000 characters');
    expect(!result.ok && result.reason).toContain(MAX_QUESTION_CHARS.toLocaleString('en-US'));
  });

  it('removes zero-width characters and control characters and collapses white space', () => {
    expect(cleanQuestion('  What\u200B is\u200D  De\u00ADPIN\uFEFF?\u0007 ')).toEqual({
      ok: true,
      value: 'What is DePIN?',
    });
  });

  it('keeps a SQL fragment as ordinary text', () => {
    expect(cleanQuestion("'; DROP TABLE chunks; --")).toEqual({
      ok: true,
      value: "'; DROP TABLE chunks; --",
    });
  });

  it('keeps mixed scripts and folds compatibility characters', () => {
    expect(cleanQuestion('Что такое Akash 网络 ？')).toEqual({ ok: true, value: 'Что такое Akash 网络 ?' });
    expect(cleanQuestion('ＡＫＴ')).toEqual({ ok: true, value: 'AKT' });
  });
});
