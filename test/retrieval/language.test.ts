import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../retrieval/language.ts';

/** 50 English chat lines (slang, tickers, fragments) and 46 questions in 19 other languages. */
const SAMPLES = JSON.parse(
  readFileSync(new URL('../fixtures/language/questions.json', import.meta.url), 'utf8'),
) as { language: string; text: string }[];

describe('detectLanguage', () => {
  it.each(SAMPLES.filter((sample) => sample.language === 'en').map((sample) => sample.text))(
    'keeps the English chat line %j English',
    (text) => {
      expect(detectLanguage(text).code).toBe('en');
    },
  );

  it.each(SAMPLES.filter((sample) => sample.language !== 'en').map((s) => [s.language, s.text] as const))(
    'recognises %s in %j',
    (language, text) => {
      expect(detectLanguage(text).code).toBe(language);
    },
  );

  it('names the language for the reply', () => {
    expect(detectLanguage('¿Cómo funciona el precio de Akash?')).toEqual({ code: 'es', name: 'Spanish' });
  });

  it('does not take one shared word or a ticker for another language', () => {
    expect(detectLanguage('la la land').code).toBe('en');
    expect(detectLanguage('gm ser, akt apy?').code).toBe('en');
    expect(detectLanguage('de-risk my depin bag?').code).toBe('en');
  });
});
