import { describe, expect, it } from 'vitest';
import { importClosure, unsafeRulesFingerprint } from '../../knowledge/unsafe-rules-fingerprint.ts';

describe('the unsafe-passage rules fingerprint', () => {
  it('covers the rule and every module it imports, so editing any of them rescans the documents', () => {
    const files = importClosure(new URL('../../knowledge/unsafe-passages.ts', import.meta.url)).map((file) =>
      file.split('/').slice(-2).join('/'),
    );
    expect(files).toEqual(
      expect.arrayContaining([
        'knowledge/unsafe-passages.ts',
        'retrieval/unsafe-sentence.ts',
        'retrieval/sentences.ts',
        'retrieval/language.ts',
        'retrieval/networks.ts',
      ]),
    );
    expect(new Set(files).size).toBe(files.length);
  });

  it('is the same value each call, a short hex string', () => {
    expect(unsafeRulesFingerprint()).toMatch(/^[0-9a-f]{16}$/); // read from the sources here
    expect(unsafeRulesFingerprint()).toBe(unsafeRulesFingerprint());
  });
});
