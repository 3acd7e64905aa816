import { describe, expect, it } from 'vitest';
import { contentStems, contentWords, stem, stemV1 } from '../../retrieval/text-tokens.ts';

describe('stem', () => {
  it('gives a plural the stem of its singular', () => {
    const pairs = [
      ['rates', 'rate'],
      ['prices', 'price'],
      ['misses', 'miss'],
      ['processes', 'process'],
      ['statuses', 'status'],
      ['matches', 'match'],
      ['boxes', 'box'],
      ['leases', 'lease'],
      ['providers', 'provider'],
    ];
    for (const [plural, singular] of pairs) expect(stem(plural!)).toBe(stem(singular!));
  });

  it('does not read a word ending in -ss or -us as a plural', () => {
    expect(stem('miss')).toBe('miss');
    expect(stem('access')).toBe('access');
    expect(stem('bonus')).toBe('bonus');
  });

  it('keeps short words, numbers and derivations as before', () => {
    expect(stem('gpu')).toBe('gpu');
    expect(stem('h100s')).toBe('h100s');
    expect(stem('nation')).toBe('nation');
    // A derivation leaves three letters, even where a plural may leave two.
    expect(stem('station')).toBe('station');
    expect(stem('states')).toBe('stat');
    expect(stem('stated')).toBe('stat');
    expect(stem('staking')).toBe('stak');
  });

  it('gives the forms of a word one stem where the cut suffix leaves different spellings', () => {
    const families = [
      ['prove', 'proves', 'proved', 'proving'],
      ['store', 'stores', 'stored', 'storing'],
      ['stake', 'stakes', 'staked', 'staking'],
      ['verify', 'verifies', 'verified'],
      ['supply', 'supplies', 'supplied'],
      ['stop', 'stops', 'stopped', 'stopping'],
    ];
    for (const [first, ...others] of families)
      for (const other of others) expect(stem(other!), other).toBe(stem(first!));
  });

  it('keeps a doubled letter that is not the doubling of -ed or -ing, and a final ee', () => {
    expect(stem('install')).toBe('install');
    expect(stem('fees')).toBe('fee');
    expect(stem('cheaply')).toBe('cheap');
  });
});

describe('stemV1 (the local embedder features, frozen with the stored vectors)', () => {
  it('still cuts every -es, as the stored local-hash-v1 vectors did', () => {
    expect(stemV1('rates')).toBe('rat');
    expect(stemV1('miss')).toBe('mis');
    expect(stemV1('flies')).toBe('fli');
  });
});

describe('contentStems', () => {
  it('splits a figure from its storage unit and reads binary units as the decimal ones', () => {
    expect(contentStems('RAM: 8GB, sectors of 32GiB')).toEqual(contentStems('ram 8 gb sectors of 32 gb'));
    expect(contentStems('10 TiB')).toEqual(['10', 'tb']);
  });

  it('keeps ordinals, multipliers and model names whole, and the embedder its own words', () => {
    expect(contentStems('3rd 5x a100 rtx4090')).toEqual(['3rd', '5x', 'a100', 'rtx4090']);
    expect(contentWords('8GB')).toEqual(['8gb']);
  });
});
