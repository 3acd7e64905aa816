import { describe, expect, it } from 'vitest';
import { toFloat4Text, toVectorLiteral } from '../../retrieval/vector-literal.ts';
import { createRandom } from '../../tools/eval/synthetic-corpus.ts';

const random = createRandom(7);
// Two draws per value: one (32 bits) alone lands exactly halfway between two float4s too often.
const samples = Array.from(
  { length: 20_000 },
  () => (random() + random() * 2 ** -32 - 0.5) * 10 ** -Math.floor(random() * 8),
);

const significantDigits = (text: string) =>
  text.replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '').length;

/** Fewest digits of any decimal that reads back as `float`, by trying each precision in turn. */
function shortestDigits(float: number): number {
  for (let precision = 1; precision < 9; precision++) {
    if (Math.fround(Number(float.toPrecision(precision))) === float) return precision;
  }
  return 9;
}

describe('the float4 vector literal', () => {
  it('writes each value as a decimal of at most 9 digits that reads back as its float4', () => {
    let shortest = 0;
    for (const value of samples) {
      const text = toFloat4Text(value);
      const float = Math.fround(value);
      expect(Math.fround(Number(text))).toBe(float);
      expect(text.length).toBeLessThanOrEqual(String(value).length);
      const digits = significantDigits(text);
      expect(digits).toBeLessThanOrEqual(9);
      if (digits === shortestDigits(float)) shortest++;
    }
    // The downward search can stop a digit early only next to a power of two, where the gap
    // below a float4 is half the gap above.
    expect(shortest / samples.length).toBeGreaterThan(0.98);
  });

  it('keeps zeros, tiny and exponent-form values readable', () => {
    expect(toFloat4Text(0)).toBe('0');
    expect(toFloat4Text(-0)).toBe('0');
    expect(toFloat4Text(0.1)).toBe('0.1');
    expect(toFloat4Text(-0.25)).toBe('-0.25');
    expect(toFloat4Text(1 / 3)).toBe('0.33333334');
    expect(toFloat4Text(1.5e-7)).toBe('1.5e-7');
  });

  it('keeps the full float64 text where a double could round differently from strtof', () => {
    // Exactly halfway between the float4s 1 and 1 + 2^-23.
    const midpoint = 1 + 2 ** -24;
    expect(toFloat4Text(midpoint)).toBe(String(midpoint));
    // Below float4's normal range, and beyond its largest value.
    expect(toFloat4Text(1e-40)).toBe('1e-40');
    expect(toFloat4Text(1e39)).toBe('1e+39');
  });

  it('refuses non-finite values, as before', () => {
    expect(() => toVectorLiteral([0.5, Number.NaN])).toThrow(/NaN/);
    expect(() => toVectorLiteral([Infinity])).toThrow(/Infinity/);
  });

  it('writes pgvector text input', () => {
    expect(toVectorLiteral([0.5, -0.125, 0])).toBe('[0.5,-0.125,0]');
    expect(toVectorLiteral([])).toBe('[]');
  });
});
